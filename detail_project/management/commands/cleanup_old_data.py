"""Delete old, empty generated tahapan that no longer belong to their project's time scale.

    python manage.py cleanup_old_data [--days 180] [--dry-run]

Safe to run from cron (see docs/DEPLOYMENT.md): a tahapan of the current time scale is never
deleted, even when empty — it is part of the planner's grid.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext, ngettext

from detail_project.services.jadwal_maintenance import tahapan_cleanup_old


class Command(BaseCommand):
    help = (
        "Delete auto-generated tahapan older than --days with no assignments that no longer "
        "belong to their project's time scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=180, help="Minimum age (default 180).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would go; delete nothing."
        )

    def handle(self, *args: Any, days: int, dry_run: bool, **options: Any) -> None:
        if days < 0:
            self.stderr.write(self.style.ERROR(gettext("--days must be 0 or more.")))
            raise SystemExit(2)
        report = tahapan_cleanup_old(days=days, dry_run=dry_run)
        for project_id, count in sorted(report.by_project.items()):
            self.stdout.write(
                ngettext(
                    "project %(id)s: %(count)s stale tahapan",
                    "project %(id)s: %(count)s stale tahapan",
                    count,
                )
                % {"id": project_id, "count": count}
            )
        if dry_run:
            text = ngettext(
                "Would delete %(count)s old unused tahapan",
                "Would delete %(count)s old unused tahapan",
                report.deleted,
            )
        else:
            text = ngettext(
                "Deleted %(count)s old unused tahapan",
                "Deleted %(count)s old unused tahapan",
                report.deleted,
            )
        self.stdout.write(self.style.SUCCESS(text % {"count": report.deleted}))
