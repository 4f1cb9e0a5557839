"""The time schedule and the progress reports as documents (SPEC §11), tested by opening them:
the xlsx read back with openpyxl (values, formulas, the chart and its ranges, page set-up), the
PDF with pypdf (page size, text on every page), the CSV as Indonesian Excel reads it; every
figure equal to the scheduling engine's (`GET kurva-s/`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from detail_project import clock
from detail_project.demo import seed_demo
from detail_project.documents.header import long_date
from detail_project.selectors.kurva_s import kurva_s_data
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 9)  # week 23 of the demo building project
A3 = (1190.55, 841.89)  # landscape, points
A4 = (841.89, 595.28)


@pytest.fixture
def building(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    demo = seed_demo(today=TODAY)
    return demo


@pytest.fixture
def client_of(building):
    from django.test import Client

    client = Client()
    client.force_login(building.user)
    return client


def url(project, fmt: str, **query) -> str:
    text = f"/detail_project/project/{project.pk}/jadwal-pekerjaan/export/{fmt}/"
    if query:
        text += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return text


def laporan_url(project, jenis: str, nomor: int, fmt: str) -> str:
    return f"/detail_project/project/{project.pk}/laporan/{jenis}/{nomor}/{fmt}/"


def engine(project, scale: str = "weekly") -> dict:
    return kurva_s_data(project, scale=scale, today=TODAY)


# --- xlsx --------------------------------------------------------------------------------------


def test_the_xlsx_schedule_keeps_live_formulas_with_the_engines_figures(client_of, building):
    project = building.building
    response = client_of.get(url(project, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="jadwal-mingguan-pembangunan-gedung-kantor-desa-2-lantai.xlsx"'
        in (response["Content-Disposition"])
    )
    formulas = load_workbook(io.BytesIO(response.content)).active
    values = load_workbook(io.BytesIO(response.content), data_only=True).active
    labels = {
        row[0].value: row[0].row for row in formulas.iter_rows(min_col=1, max_col=1) if row[0].value
    }
    kumulatif = labels["Rencana kumulatif (%)"]
    per_period = labels["Rencana per periode (%)"]
    periods = engine(project)["periods"]
    assert len(periods) == 26
    # Period columns G.. : the plan per period and cumulative, live, cached as the engine's.
    for offset, period in enumerate(periods):
        column = 7 + offset
        assert str(formulas.cell(per_period, column).value).startswith("=")
        assert str(formulas.cell(kumulatif, column).value).startswith("=")
        assert values.cell(kumulatif, column).value == pytest.approx(
            period["rencana_kumulatif"], abs=0.005
        )
        assert values.cell(per_period, column).value == pytest.approx(period["rencana"], abs=0.005)
    assert formulas.cell(kumulatif, 8).value == f"=G{kumulatif}+H{per_period}"
    # Bobot of every row is a formula of its jumlah over the total.
    first_pekerjaan = next(
        r for r in range(1, formulas.max_row) if formulas.cell(r, 4).value == "m2"
    )
    assert formulas.cell(first_pekerjaan, 6).value.startswith("=IF($E$")
    # The realisasi rows: reported up to week 23, with the engine's statuses.
    status_row = labels["Status"]
    statuses = [values.cell(status_row, 7 + i).value for i in range(26)]
    names = {"normal": "Normal", "terlambat": "Terlambat", "kritis": "Kritis", None: None}
    assert statuses == [names[p["status"]] for p in periods]
    deviasi = labels["Deviasi kumulatif"]
    assert values.cell(deviasi, 7 + 16).value == pytest.approx(
        periods[16]["deviasi_kumulatif"], abs=0.005
    )


def test_the_xlsx_schedule_has_a_native_line_chart_of_the_kurva_s(client_of, building):
    workbook = load_workbook(io.BytesIO(client_of.get(url(building.building, "xlsx")).content))
    sheet = workbook.active
    labels = {
        row[0].value: row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value
    }

    assert len(sheet._charts) == 1
    chart = sheet._charts[0]
    assert chart.tagname == "lineChart"
    ranges = [series.val.numRef.f for series in chart.series]
    name = sheet.title
    assert (
        ranges[0]
        == f"'{name}'!$G${labels['Rencana kumulatif (%)']}:$AF${labels['Rencana kumulatif (%)']}"
    )
    assert ranges[1].startswith(f"'{name}'!$G${labels['Realisasi kumulatif (%)']}:$AC$")  # week 23


def test_the_xlsx_schedule_prints_on_a3_landscape_with_frozen_panes(client_of, building):
    sheet = load_workbook(io.BytesIO(client_of.get(url(building.building, "xlsx")).content)).active

    assert sheet.page_setup.paperSize == 8  # A3
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_area
    assert sheet.print_title_rows
    assert sheet.freeze_panes.startswith("G")
    assert "Halaman &P dari &N" in sheet.oddFooter.right.text


def test_the_monthly_schedule_has_the_months(client_of, building):
    sheet = load_workbook(
        io.BytesIO(client_of.get(url(building.building, "xlsx", scale="monthly")).content)
    ).active
    texts = {cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {"Juli 2026", "Agustus 2026", "Januari 2027"} <= texts


# --- PDF ---------------------------------------------------------------------------------------


def test_the_pdf_schedule_is_a3_landscape_with_the_header_on_every_page(client_of, building):
    response = client_of.get(url(building.building, "pdf"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A3, abs=1)
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert "JADWAL PELAKSANAAN" in text
        assert "Pembangunan Gedung Kantor Desa 2 Lantai" in text
        assert f"Halaman {number} dari {len(texts)}" in text
    first = texts[0]
    assert "Minggu ke-" in first
    assert "6 Jul" in first and "28 Des" in first  # the first days of week 1 and week 26
    assert "Rencana kumulatif (%)" in first and "100,00" in first
    assert "Deviasi kumulatif" in first and "\u22125,50" in first  # the kritis week 17
    # the signature blocks on the last page
    assert "Dibuat oleh" in texts[-1] or "Disetujui oleh" in texts[-1]


def test_the_pdf_schedule_on_a4_cuts_the_periods_into_pages(client_of, building):
    reader = PdfReader(io.BytesIO(client_of.get(url(building.building, "pdf", paper="A4")).content))

    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)
    texts = [page.extract_text() for page in reader.pages]
    last_week = "28 Des"
    assert "6 Jul" in texts[0] and last_week not in texts[0]
    assert any(last_week in text for text in texts[1:])


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
def test_the_pdf_schedule_renders(client_of, building, tmp_path):
    target = tmp_path / "jadwal.pdf"
    target.write_bytes(client_of.get(url(building.building, "pdf")).content)

    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(target), str(tmp_path / "page")],
        check=True,
    )

    page = next(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 10_000  # a real drawing, not a blank page


# --- CSV ---------------------------------------------------------------------------------------


def test_the_csv_is_what_indonesian_excel_reads(client_of, building):
    project = building.building
    response = client_of.get(url(project, "csv"))

    assert response["Content-Type"].startswith("text/csv")
    data = response.content
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    head = next(i for i, row in enumerate(rows) if row and row[0] == "No")
    assert rows[head][7].startswith("Minggu 1")
    pekerjaan = [row for row in rows[head + 1 :] if row and row[0].isdigit()]
    assert len(pekerjaan) == project.pekerjaan.count()
    assert all(row[-1] == "100,00" for row in pekerjaan)  # every pekerjaan fully planned
    kumulatif = next(row for row in rows if row and row[0] == "Rencana kumulatif (%)")
    assert kumulatif[7:] == [
        f"{p['rencana_kumulatif']:.2f}".replace(".", ",") for p in engine(project)["periods"]
    ]


# --- progress reports --------------------------------------------------------------------------


def test_the_weekly_report_pdf_totals_are_the_engines(client_of, building):
    project = building.building
    periods = engine(project)["periods"]
    kritis = next(i for i, p in enumerate(periods) if p["status"] == "kritis")  # the story's week
    response = client_of.get(laporan_url(project, "mingguan", kritis + 1, "pdf"))

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "LAPORAN MINGGUAN" in text
    start, end = (
        dt.date.fromisoformat(periods[kritis][key]) for key in ("tanggal_mulai", "tanggal_selesai")
    )
    with translation.override("id"):  # documents are written in Indonesian
        assert f"Minggu {kritis + 1} ({long_date(start)} \u2013 {long_date(end)})" in text
    week = periods[kritis]
    for figure in (
        week["rencana_kumulatif"],
        week["realisasi_kumulatif"],
        periods[kritis - 1]["rencana_kumulatif"],
    ):
        assert f"{figure:.2f}".replace(".", ",") in text
    assert "Kritis" in text


def test_the_monthly_report_xlsx_totals_are_the_engines(client_of, building):
    project = building.building
    months = engine(project, "monthly")["periods"]
    response = client_of.get(laporan_url(project, "bulanan", 3, "xlsx"))

    assert response.status_code == 200
    formulas = load_workbook(io.BytesIO(response.content)).active
    values = load_workbook(io.BytesIO(response.content), data_only=True).active
    total = next(r for r in range(1, values.max_row + 1) if values.cell(r, 1).value == "Total")
    assert str(formulas.cell(total, 8).value).startswith("=")
    assert values.cell(total, 8).value == pytest.approx(months[2]["rencana_kumulatif"], abs=0.005)
    assert values.cell(total, 11).value == pytest.approx(
        months[2]["realisasi_kumulatif"], abs=0.005
    )
    assert values.cell(total, 12).value == pytest.approx(months[2]["deviasi_kumulatif"], abs=0.005)
    assert formulas.cell(total, 12).value == f"=K{total}-H{total}"


@pytest.mark.parametrize(
    "path",
    [
        "laporan/mingguan/0/pdf/",
        "laporan/mingguan/27/pdf/",
        "laporan/tahunan/1/pdf/",
        "laporan/mingguan/1/csv/",
    ],
)
def test_a_report_that_cannot_exist_is_a_404(client_of, building, path):
    assert (
        client_of.get(f"/detail_project/project/{building.building.pk}/{path}").status_code == 404
    )


@pytest.mark.parametrize("query", ["fmt=doc", "scale=daily", "paper=Letter"])
def test_a_schedule_that_cannot_exist_is_a_404(client_of, building, query):
    key, value = query.split("=")
    fmt = value if key == "fmt" else "pdf"
    extra = {} if key == "fmt" else {key: value}
    assert client_of.get(url(building.building, fmt, **extra)).status_code == 404


# --- who may download -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["jadwal-pekerjaan/export/pdf/", "laporan/mingguan/1/xlsx/"])
def test_documents_follow_the_projects_access_rules(outsider_client, client, project, path):
    make_rab(project, pekerjaan=2)
    target = f"/detail_project/project/{project.pk}/{path}"

    assert outsider_client.get(target).status_code == 404
    anonymous = client.get(target)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_export_reads_the_same_number_of_queries_for_any_size(owner, owner_client, project):
    from detail_project.services import jadwal_switch

    counts = []
    for size in (5, 150):
        project.pekerjaan.all().delete()
        make_rab(project, pekerjaan=size)
        jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(url(project, "xlsx")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
