"""Import a RAB file (.xlsx or .csv, either layout) from the command line.

    python manage.py import_rab FILE --project ID [--replace] [--use-file-ppn] [--dry-run]
    python manage.py import_rab FILE --owner USERNAME [--name N] [--start D] [--end D] [--dry-run]

With --project the file goes into an existing project (appended after its RAB, or replacing it
with --replace). With --owner a new project is created from the file's header block. A file
with errors is refused with every row-level problem listed, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dashboard.models import Project
from detail_project import money
from detail_project.importing import ParsedRab, parse_rab_file
from detail_project.management.commands._arguments import iso_date, user_named
from detail_project.services.errors import ServiceError
from detail_project.services.rab_import import (
    ImportSummary,
    rab_import_apply,
    rab_import_create_project,
    rab_import_preview,
)

DEFAULT_DAYS = 180


def error_report(parsed: ParsedRab) -> str:
    lines = [f"The file cannot be imported ({len(parsed.errors)} problem(s)); nothing was written."]
    for issue in parsed.errors:
        where = f"row {issue.row}" if issue.row else "file"
        column = f", {issue.column}" if issue.column else ""
        value = f" [{issue.value}]" if issue.value else ""
        lines.append(f"  {where}{column}: {issue.message}{value}")
    if parsed.hidden_errors:
        lines.append(f"  …and {parsed.hidden_errors} more")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Import a RAB (.xlsx or .csv) into a project, or into a new project for an owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--project", "--project-id", dest="project", type=int)
        target.add_argument("--owner", help="Create a new project for this username.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the project's RAB (--project)."
        )
        parser.add_argument(
            "--use-file-ppn", action="store_true", help="Set the project's PPN from the file."
        )
        parser.add_argument("--name", default="", help="Project name (--owner; default: file's).")
        parser.add_argument("--start", type=iso_date, help="Start date (--owner; default today).")
        parser.add_argument("--end", type=iso_date, help="End date (--owner; default start + 180).")
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc
        parsed = parse_rab_file(data)
        if not parsed.is_valid:
            raise CommandError(error_report(parsed))
        self._describe(parsed)
        if options["owner"]:
            self._into_new_project(parsed, options)
        else:
            self._into_project(parsed, options)

    def _describe(self, parsed: ParsedRab) -> None:
        self.stdout.write(
            f"File: {parsed.layout} layout, {parsed.klasifikasi_count} klasifikasi, "
            f"{parsed.sub_klasifikasi_count} sub-klasifikasi, {parsed.pekerjaan_count} pekerjaan"
        )
        total = money.format_rupiah(parsed.total_biaya_langsung)
        if parsed.totals_match is None:
            self.stdout.write(f"TOTAL BIAYA LANGSUNG {total}")
        else:
            file_total = money.format_rupiah(parsed.file_totals.total_biaya_langsung)
            verdict = "matches" if parsed.totals_match else "DIFFERS FROM"
            self.stdout.write(f"TOTAL BIAYA LANGSUNG {total} {verdict} the file's {file_total}")
        if parsed.adjustments:
            self.stdout.write(
                f"{len(parsed.adjustments)} harga satuan adjusted by whole cents to match the "
                "file's subtotals (rows "
                + ", ".join(str(a.row) for a in parsed.adjustments[:20])
                + ")"
            )
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))

    def _into_project(self, parsed: ParsedRab, options: dict[str, Any]) -> None:
        try:
            project = Project.objects.get(pk=options["project"])
        except Project.DoesNotExist:
            raise CommandError(f"Project {options['project']} does not exist.") from None
        replace = options["replace"]
        if options["dry_run"]:
            preview = rab_import_preview(project=project, parsed=parsed, replace=replace)
            if replace:
                action = (
                    f"replace the RAB of project {project.pk} (deleting "
                    f"{preview.existing_pekerjaan} pekerjaan and "
                    f"{preview.existing_assignments} schedule entries)"
                )
            else:
                action = (
                    f"append to project {project.pk} (keeping its "
                    f"{preview.existing_pekerjaan} pekerjaan)"
                )
            self.stdout.write(f"Dry run: would {action}. Nothing was written.")
            return
        try:
            summary = rab_import_apply(
                project=project,
                parsed=parsed,
                replace=replace,
                use_file_ppn=options["use_file_ppn"],
                user=project.owner,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self._done(project, summary)

    def _into_new_project(self, parsed: ParsedRab, options: dict[str, Any]) -> None:
        username = options["owner"]
        try:
            owner = user_named(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        start = options["start"] or timezone.localdate()
        end = options["end"] or start + dt.timedelta(days=DEFAULT_DAYS)
        if end < start:
            raise CommandError("--end is before --start.")
        nama = options["name"] or parsed.metadata.nama or "Imported RAB"
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: would create project {nama!r} for {username} ({start} to {end}, "
                f"client {parsed.metadata.nama_client!r}, sumber dana "
                f"{parsed.metadata.sumber_dana!r}). Nothing was written."
            )
            return
        try:
            project, summary = rab_import_create_project(
                owner=owner, parsed=parsed, tanggal_mulai=start, tanggal_selesai=end, nama=nama
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self._done(project, summary)

    def _done(self, project: Project, summary: ImportSummary) -> None:
        verb = "Replaced the RAB of" if summary.replace else "Imported into"
        total = money.format_rupiah(summary.total_biaya_langsung)
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} project {project.pk} ({project.nama}): {summary.pekerjaan_created} "
                f"pekerjaan, TOTAL BIAYA LANGSUNG {total}"
            )
        )
