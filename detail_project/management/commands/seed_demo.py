"""Create or refresh the demo user and its sample project.

    python manage.py seed_demo                start the demo afresh (edits to it are lost)
    python manage.py seed_demo --if-missing   only what is missing (`dev.py up`): an existing demo
                                              is kept as it is

Idempotent: running it again leaves one `demo` user and one demo project with the same data.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext

from detail_project.demo import demo_existing, seed_demo
from detail_project.demo_building import building_exists, seed_building


class Command(BaseCommand):
    help = "Create or refresh the demo user and the demo project (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Keep an existing demo user and project as they are (with your edits).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        existing = demo_existing() if options["if_missing"] else None
        if existing is not None:
            if not building_exists(existing.user):
                # A demo made before the building project existed gets it, the rest is kept.
                building = seed_building(user=existing.user)
                self.stdout.write(
                    gettext("Project %(id)s added: %(nama)s")
                    % {"id": building.project.pk, "nama": building.project.nama}
                )
            self.stdout.write(
                gettext(
                    "Demo kept as it is: user %(username)s, project %(id)s (seed_demo without "
                    "--if-missing starts it afresh)."
                )
                % {"username": existing.user.get_username(), "id": existing.project.pk}
            )
            return
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
