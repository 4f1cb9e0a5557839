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

from dashboard.models import Project
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
            raise CommandError(f"Project {project_id} does not exist.") from None
        report = jadwal_fix_totals(project=project, user=None, dry_run=dry_run)
        if report.repaired:
            verb = "would be rebuilt" if dry_run else "rebuilt"
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.repaired)} day plan(s) did not add up to their cells and "
                    f"{verb} from them:"
                )
            )
            for pekerjaan_id, kode, uraian in report.repaired:
                self.stdout.write(f"  {kode or '#' + str(pekerjaan_id)} {uraian[:60]}")
        for fix in report.fixes:
            label = fix.kode_pekerjaan or f"#{fix.pekerjaan_id}"
            self.stdout.write(
                f"{label} {fix.uraian[:60]}: {fix.old_total:.2f} % -> {fix.new_total:.2f} %"
            )
        if report.zero_total:
            self.stdout.write(
                self.style.WARNING(f"{len(report.zero_total)} pekerjaan have nothing scheduled:")
            )
            for pekerjaan_id, kode, uraian in report.zero_total:
                self.stdout.write(f"  {kode or '#' + str(pekerjaan_id)} {uraian[:60]}")
        verb = "Would rescale" if dry_run else "Rescaled"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(report.fixes)} pekerjaan to 100 %."))
