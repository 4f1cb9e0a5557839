"""Import a RAB file (.xlsx or .csv, either layout) from the command line.

    python manage.py import_rab FILE --project ID [--user USERNAME] [--replace]
                                [--use-file-ppn] [--link-ahsp] [--dry-run]
    python manage.py import_rab FILE --owner USERNAME [--name N] [--start D] [--end D]
                                [--link-ahsp] [--dry-run]

--link-ahsp prices every pekerjaan whose kode is an analysis of the AHSP catalogue by that
analysis (as the import page's checkbox does).

With --project the file goes into an existing project (appended after its RAB, or replacing it
with --replace), written as the project's owner or, with --user, as that member of its team,
whose peran must allow changing the RAB (docs/PERMISSIONS.md). With --owner a new project is
created from the file's header block. A file
with errors is refused with every row-level problem listed, and nothing is written. What it
prints is in the site's language (`LANGUAGE_CODE`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from dashboard import access
from dashboard.access import Action
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
    count = len(parsed.errors) + parsed.hidden_errors
    lines = [
        ngettext(
            "The file cannot be imported (%(count)s problem); nothing was written.",
            "The file cannot be imported (%(count)s problems); nothing was written.",
            count,
        )
        % {"count": count}
    ]
    for issue in parsed.errors:
        where = gettext("row %(row)s") % {"row": issue.row} if issue.row else gettext("file")
        column = f", {issue.column}" if issue.column else ""
        value = f" [{issue.value}]" if issue.value else ""
        lines.append(f"  {where}{column}: {issue.message}{value}")
    if parsed.hidden_errors:
        lines.append("  " + gettext("…and %(n)s more.") % {"n": parsed.hidden_errors})
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Import a RAB (.xlsx or .csv) into a project, or into a new project for an owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--project", "--project-id", dest="project", type=int)
        target.add_argument("--owner", help="Create a new project for this username.")
        parser.add_argument(
            "--user",
            help="Write as this member of the project's team (--project; default: its owner).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Replace the project's RAB (--project)."
        )
        parser.add_argument(
            "--use-file-ppn", action="store_true", help="Set the project's PPN from the file."
        )
        parser.add_argument("--name", default="", help="Project name (--owner; default: file's).")
        parser.add_argument("--start", type=iso_date, help="Start date (--owner; default today).")
        parser.add_argument("--end", type=iso_date, help="End date (--owner; default start + 180).")
        parser.add_argument(
            "--link-ahsp",
            action="store_true",
            help="Price pekerjaan whose kode is an AHSP analysis by that analysis.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                gettext("Cannot read %(path)s: %(reason)s")
                % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        parsed = parse_rab_file(data)
        if not parsed.is_valid:
            raise CommandError(error_report(parsed))
        self._describe(parsed)
        if options["owner"]:
            self._into_new_project(parsed, options)
        else:
            self._into_project(parsed, options)

    def _describe(self, parsed: ParsedRab) -> None:
        layout = gettext("rekap") if parsed.layout == "rekap" else gettext("template")
        self.stdout.write(
            gettext(
                "File: %(layout)s layout, %(klasifikasi)s klasifikasi, %(subs)s sub-klasifikasi, "
                "%(pekerjaan)s pekerjaan"
            )
            % {
                "layout": layout,
                "klasifikasi": parsed.klasifikasi_count,
                "subs": parsed.sub_klasifikasi_count,
                "pekerjaan": parsed.pekerjaan_count,
            }
        )
        total = money.format_rupiah(parsed.total_biaya_langsung)
        if parsed.totals_match is None:
            self.stdout.write(gettext("TOTAL BIAYA LANGSUNG %(total)s") % {"total": total})
        else:
            amounts = {
                "total": total,
                "file": money.format_rupiah(parsed.file_totals.total_biaya_langsung),
            }
            if parsed.totals_match:
                text = gettext("TOTAL BIAYA LANGSUNG %(total)s matches the file's %(file)s")
            else:
                text = gettext("TOTAL BIAYA LANGSUNG %(total)s DIFFERS FROM the file's %(file)s")
            self.stdout.write(text % amounts)
        if parsed.adjustments:
            count = len(parsed.adjustments)
            self.stdout.write(
                ngettext(
                    "%(count)s harga satuan adjusted by whole cents to match the file's "
                    "subtotals (rows %(rows)s)",
                    "%(count)s harga satuan adjusted by whole cents to match the file's "
                    "subtotals (rows %(rows)s)",
                    count,
                )
                % {"count": count, "rows": ", ".join(str(a.row) for a in parsed.adjustments[:20])}
            )
        for warning in parsed.warnings:
            self.stdout.write(
                self.style.WARNING(gettext("Warning: %(warning)s") % {"warning": warning})
            )

    def _into_project(self, parsed: ParsedRab, options: dict[str, Any]) -> None:
        try:
            project = Project.objects.get(pk=options["project"])
        except Project.DoesNotExist:
            raise CommandError(
                gettext("Project %(id)s does not exist.") % {"id": options["project"]}
            ) from None
        user = self._writer(project, options["user"])
        replace = options["replace"]
        if options["dry_run"]:
            preview = rab_import_preview(project=project, parsed=parsed, replace=replace)
            counts = {
                "project": project.pk,
                "pekerjaan": preview.existing_pekerjaan,
                "entries": preview.existing_assignments,
            }
            if replace:
                text = gettext(
                    "Dry run: would replace the RAB of project %(project)s (deleting "
                    "%(pekerjaan)s pekerjaan and %(entries)s schedule entries). Nothing was "
                    "written."
                )
            else:
                text = gettext(
                    "Dry run: would append to project %(project)s (keeping its %(pekerjaan)s "
                    "pekerjaan). Nothing was written."
                )
            self.stdout.write(text % counts)
            return
        try:
            summary = rab_import_apply(
                project=project,
                parsed=parsed,
                replace=replace,
                use_file_ppn=options["use_file_ppn"],
                link_ahsp=options["link_ahsp"],
                user=user,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self._done(project, summary)

    def _writer(self, project: Project, username: str | None) -> AbstractBaseUser:
        """Who writes: the owner, or a member whose peran may change the RAB."""
        if not username:
            return project.owner
        try:
            user = user_named(username)
        except get_user_model().DoesNotExist:
            raise CommandError(gettext("No user named “%(name)s”.") % {"name": username}) from None
        try:
            access.require(project=project, user=user, action=Action.EDIT_RAB)
        except (PermissionDenied, Http404) as refusal:
            raise CommandError(str(refusal)) from None
        return user

    def _into_new_project(self, parsed: ParsedRab, options: dict[str, Any]) -> None:
        username = options["owner"]
        try:
            owner = user_named(username)
        except get_user_model().DoesNotExist:
            raise CommandError(gettext("No user named “%(name)s”.") % {"name": username}) from None
        start = options["start"] or timezone.localdate()
        end = options["end"] or start + dt.timedelta(days=DEFAULT_DAYS)
        if end < start:
            raise CommandError(gettext("--end is before --start."))
        nama = options["name"] or parsed.metadata.nama or gettext("Imported RAB")
        if options["dry_run"]:
            self.stdout.write(
                gettext(
                    "Dry run: would create project “%(nama)s” for %(owner)s (%(start)s to "
                    "%(end)s, client “%(client)s”, sumber dana “%(sumber_dana)s”). Nothing was "
                    "written."
                )
                % {
                    "nama": nama,
                    "owner": username,
                    "start": date_format(start, "j M Y"),
                    "end": date_format(end, "j M Y"),
                    "client": parsed.metadata.nama_client,
                    "sumber_dana": parsed.metadata.sumber_dana,
                }
            )
            return
        try:
            project, summary = rab_import_create_project(
                owner=owner,
                parsed=parsed,
                tanggal_mulai=start,
                tanggal_selesai=end,
                nama=nama,
                link_ahsp=options["link_ahsp"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self._done(project, summary)

    def _done(self, project: Project, summary: ImportSummary) -> None:
        if summary.replace:
            text = gettext(
                "Replaced the RAB of project %(id)s (%(nama)s): %(pekerjaan)s pekerjaan, TOTAL "
                "BIAYA LANGSUNG %(total)s"
            )
        else:
            text = gettext(
                "Imported into project %(id)s (%(nama)s): %(pekerjaan)s pekerjaan, TOTAL BIAYA "
                "LANGSUNG %(total)s"
            )
        values = {
            "id": project.pk,
            "nama": project.nama,
            "pekerjaan": summary.pekerjaan_created,
            "total": money.format_rupiah(summary.total_biaya_langsung),
        }
        self.stdout.write(self.style.SUCCESS(text % values))
        if summary.ahsp_linked:
            self.stdout.write(
                gettext("Priced by their AHSP analyses: %(n)s pekerjaan.")
                % {"n": summary.ahsp_linked}
            )
