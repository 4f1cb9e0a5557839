"""Generate a large, realistic project from the AHSP library (benchmarks, trying the grid).

    python manage.py generate_large_project --pekerjaan 1000 --owner demo \
        [--klasifikasi 10 --subs-per-klasifikasi 5 --seed 1 --start 2026-01-05 --days 730 --name N]
        [--schedule weekly --fill 0.5]

With --schedule, every pekerjaan also gets 100 % spread over a run of about --fill of the
periods of that time scale (what the benchmarks measure).

Prints the new project's id on stdout (and a description on stderr), so scripts can capture it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext

from detail_project.demo import DEMO_START, generate_large_project
from detail_project.demo_schedule import fill_schedule
from detail_project.management.commands._arguments import iso_date, user_named
from detail_project.services.errors import ServiceError
from detail_project.services.jadwal_switch import scale_name


class Command(BaseCommand):
    help = "Create a project with N AHSP-based pekerjaan and print its id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pekerjaan", type=int, default=1000)
        parser.add_argument("--owner", required=True, help="Username of the owner.")
        parser.add_argument("--klasifikasi", type=int, default=10)
        parser.add_argument("--subs-per-klasifikasi", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--start", type=iso_date, default=DEMO_START)
        parser.add_argument("--days", type=int, default=730)
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--schedule",
            choices=["daily", "weekly", "monthly"],
            help="Also generate a schedule on this time scale.",
        )
        parser.add_argument(
            "--fill", type=float, default=0.5, help="Share of the periods each pekerjaan spans."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            owner = user_named(options["owner"])
        except get_user_model().DoesNotExist:
            raise CommandError(
                gettext("No user named “%(name)s”.") % {"name": options["owner"]}
            ) from None
        try:
            with transaction.atomic():
                project = generate_large_project(
                    owner=owner,
                    pekerjaan=options["pekerjaan"],
                    klasifikasi=options["klasifikasi"],
                    subs_per_klasifikasi=options["subs_per_klasifikasi"],
                    seed=options["seed"],
                    start=options["start"],
                    days=options["days"],
                    name=options["name"],
                )
                cells = 0
                if options["schedule"]:
                    cells = fill_schedule(
                        project=project,
                        user=owner,
                        mode=options["schedule"],
                        fill=options["fill"],
                        seed=options["seed"],
                    )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        if options["verbosity"] > 0 and cells:
            self.stderr.write(
                gettext("Scheduled %(cells)s cells (%(scale)s)")
                % {"cells": cells, "scale": scale_name(options["schedule"])},
                style_func=lambda t: t,
            )
        if options["verbosity"] > 0:
            self.stderr.write(
                gettext(
                    "Created project %(id)s “%(nama)s”: %(pekerjaan)s pekerjaan, %(start)s to "
                    "%(end)s"
                )
                % {
                    "id": project.pk,
                    "nama": project.nama,
                    "pekerjaan": options["pekerjaan"],
                    "start": date_format(project.tanggal_mulai, "j M Y"),
                    "end": date_format(project.tanggal_selesai, "j M Y"),
                },
                style_func=lambda text: text,
            )
        self.stdout.write(str(project.pk))
