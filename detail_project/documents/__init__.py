"""Documents planners hand in (SPEC §11): the time schedule, the weekly / monthly progress
report and the RAB, as xlsx, PDF and CSV.

One builder per document gathers its rows and figures (every number from the scheduling engine
or `money`), and the writers only lay them out (STYLE: "exports separate rows from formats"):

    header.py    the project's header block and signatures, in Indonesian
    schedule.py  the time schedule's rows and figures        → schedule_xlsx, schedule_pdf, csv
    report.py    a progress report (laporan) for one period   → report_xlsx, report_pdf
    rab.py       the RAB with its totals                       → rab_xlsx, rab_pdf
    pdf.py       ReportLab pages: fonts, header, page numbers, tables, signature blocks

Documents are written in Indonesian whatever language the page is in: they are handed to a PPK
and a pengawas. Numbers read `1.234.567,89`, money `Rp 1.234.567`, dates `5 Januari 2026`.
"""
