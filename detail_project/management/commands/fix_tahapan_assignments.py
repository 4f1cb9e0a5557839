"""Repair a project's schedule: day plans that disagree with their cells, and totals ≠ 100 %.

    python manage.py fix_tahapan_assignments --project-id=1 [--dry-run]

First every pekerjaan's day plan is compared, cell by cell, with the generated cells it should
add up to; one that disagrees (the cells were changed outside the app) is reported and rebuilt
from the cells, which are what the planner last saw. Then every pekerjaan whose total is more
than 0 and not exactly 100 % is scaled in proportion (largest remainder, so the total is exact
and the shape of the schedule is kept). Pekerjaan with nothing scheduled are listed and left
alone: inventing a schedule for them is the planner's call.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, ngettext

from dashboard.models import Project
from detail_project import money
from detail_project.services.jadwal_maintenance import jadwal_fix_totals


class Command(BaseCommand):
    help = (
        "Rebuild day plans that disagree with their cells, then rescale each pekerjaan whose "
        "total is > 0 and ≠ 100 % to exactly 100 %."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project-id", type=int, required=True)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report the changes; save nothing."
        )

    def handle(self, *args: Any, project_id: int, dry_run: bool, **options: Any) -> None:
        try:
            project = Project.objects.get(pk=project_id)
        except Project.DoesNotExist:
            raise CommandError(
                gettext("Project %(id)s does not exist.") % {"id": project_id}
            ) from None
        report = jadwal_fix_totals(project=project, user=None, dry_run=dry_run)
        if report.repaired:
            count = len(report.repaired)
            if dry_run:
                text = ngettext(
                    "%(count)s day plan did not add up to its cells and would be rebuilt from "
                    "them:",
                    "%(count)s day plans did not add up to their cells and would be rebuilt "
                    "from them:",
                    count,
                )
            else:
                text = ngettext(
                    "%(count)s day plan did not add up to its cells and was rebuilt from them:",
                    "%(count)s day plans did not add up to their cells and were rebuilt from them:",
                    count,
                )
            self.stdout.write(self.style.WARNING(text % {"count": count}))
            for pekerjaan_id, kode, uraian in report.repaired:
                self.stdout.write(f"  {kode or '#' + str(pekerjaan_id)} {uraian[:60]}")
        for fix in report.fixes:
            label = fix.kode_pekerjaan or f"#{fix.pekerjaan_id}"
            old = money.format_number(fix.old_total, 2)
            new = money.format_number(fix.new_total, 2)
            self.stdout.write(f"{label} {fix.uraian[:60]}: {old} % -> {new} %")
        if report.zero_total:
            count = len(report.zero_total)
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "%(count)s pekerjaan has nothing scheduled:",
                        "%(count)s pekerjaan have nothing scheduled:",
                        count,
                    )
                    % {"count": count}
                )
            )
            for pekerjaan_id, kode, uraian in report.zero_total:
                self.stdout.write(f"  {kode or '#' + str(pekerjaan_id)} {uraian[:60]}")
        if dry_run:
            text = gettext("Would rescale %(count)s pekerjaan to 100 %%.")
        else:
            text = gettext("Rescaled %(count)s pekerjaan to 100 %%.")
        self.stdout.write(self.style.SUCCESS(text % {"count": len(report.fixes)}))
