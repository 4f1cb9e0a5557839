"""Load the AHSP library into the catalogue (SPEC §13).

    python manage.py import_ahsp                      the app's own copy of SNI 2025 AHSP
    python manage.py import_ahsp FILE                 another workbook with the same columns
    python manage.py import_ahsp --report PATH        where the report goes
                                                      (default: ahsp_import_report.csv here)
    python manage.py import_ahsp --dry-run            count and report; save nothing

Idempotent: a second run of the same file changes nothing and says so. Prints how many
analyses and lines were loaded (created, updated, unchanged), how many koefisien were repaired
and how many lines refused; the report (CSV) lists every repair and refusal. A file that cannot
be used (not a workbook, a required column missing) is refused with the reason, and nothing is
saved or written. What it prints is in the site's language (`LANGUAGE_CODE`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats
from django.utils.translation import gettext

from ahsp.report import report_csv
from ahsp.services import ImportResult, catalogue_import
from ahsp.source import DEFAULT_PATH, AhspFileError, ParsedCatalogue, parse_ahsp_workbook

DEFAULT_REPORT = Path("ahsp_import_report.csv")


def _n(value: int) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def summary_lines(path: Path, parsed: ParsedCatalogue, result: ImportResult) -> list[str]:
    lines = [
        gettext("File: %(path)s (%(rows)s lines of %(analyses)s analyses)")
        % {
            "path": path,
            "rows": _n(parsed.line_count + len(parsed.refusals)),
            "analyses": _n(len(parsed.analyses)),
        },
        gettext(
            "Analyses loaded: %(total)s (%(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged), %(incomplete)s of them incomplete"
        )
        % {
            "total": _n(result.analyses),
            "created": _n(result.analyses_created),
            "updated": _n(result.analyses_updated),
            "unchanged": _n(result.analyses_unchanged),
            "incomplete": _n(result.incomplete),
        },
        gettext(
            "Lines loaded: %(total)s (%(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(deleted)s removed)"
        )
        % {
            "total": _n(result.lines),
            "created": _n(result.lines_created),
            "updated": _n(result.lines_updated),
            "unchanged": _n(result.lines_unchanged),
            "deleted": _n(result.lines_deleted),
        },
        gettext("Koefisien repaired: %(count)s") % {"count": _n(result.repaired)},
        gettext("Lines refused: %(count)s") % {"count": _n(result.refused)},
    ]
    if result.analyses_not_in_file:
        lines.append(
            gettext("Analyses not in the file, left as they are: %(count)s")
            % {"count": _n(result.analyses_not_in_file)}
        )
    if not result.changed:
        lines.append(gettext("The catalogue already matched the file: nothing changed."))
    return lines


class Command(BaseCommand):
    help = "Load the AHSP library (the shipped SNI 2025 copy, or FILE) into the catalogue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, help="An .xlsx workbook (default: the shipped copy)."
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=DEFAULT_REPORT,
            help=f"The CSV report of repairs and refusals (default: {DEFAULT_REPORT}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count and write the report; save nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"] or DEFAULT_PATH
        report: Path = options["report"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                gettext("Cannot read %(path)s: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        try:
            parsed = parse_ahsp_workbook(data)
        except AhspFileError as exc:
            raise CommandError(exc.message) from exc
        try:  # first: a report that cannot be written stops the import before it starts
            report.write_bytes(report_csv(parsed))
        except OSError as exc:
            raise CommandError(
                gettext("The report could not be written to %(path)s: %(reason)s")
                % {"path": report, "reason": exc.strerror or exc}
            ) from exc
        result = catalogue_import(parsed, dry_run=options["dry_run"])
        for line in summary_lines(path, parsed, result):
            self.stdout.write(line)
        self.stdout.write(gettext("Report: %(path)s") % {"path": report.resolve()})
        if result.dry_run:
            self.stdout.write(self.style.WARNING(gettext("Dry run: nothing was saved.")))
        else:
            self.stdout.write(self.style.SUCCESS(gettext("The AHSP catalogue is loaded.")))
