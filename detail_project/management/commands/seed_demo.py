"""Create or refresh the demo user and its sample project (what `python3 dev.py up` runs).

    python manage.py seed_demo

Idempotent: running it again leaves one `demo` user and one demo project with the same data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from detail_project.demo import seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo user and the demo project (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo(stdout=self.stdout if options["verbosity"] > 0 else None)
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Demo ready: log in as %(username)s / %(password)s (project %(id)s)")
                % {
                    "username": result.user.get_username(),
                    "password": result.password,
                    "id": result.project.pk,
                }
            )
        )
