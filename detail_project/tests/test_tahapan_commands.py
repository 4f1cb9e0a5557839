"""`manage.py cleanup_old_data` (alias `cleanup_old_tahapan`) and `fix_tahapan_assignments`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from detail_project.models import JadwalLog, PekerjaanTahapan, TahapPelaksanaan
from detail_project.tests.conftest import cells_of, totals_of

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def age(tahapan, days: int) -> None:
    TahapPelaksanaan.objects.filter(pk__in=[t.pk for t in tahapan]).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )


# --- cleanup_old_data -----------------------------------------------------------------------


def test_cleanup_keeps_empty_tahapan_of_the_current_time_scale(project, weekly):
    age(weekly, 400)

    output = run("cleanup_old_data")

    assert "Deleted 0 old unused tahapan" in output
    assert TahapPelaksanaan.objects.count() == 12


def test_cleanup_deletes_old_empty_stale_tahapan_only(project, pekerjaan, weekly):
    stale = [
        TahapPelaksanaan.objects.create(
            project=project,
            nama=f"Old day {i}",
            urutan=100 + i,
            tanggal_mulai=dt.date(2026, 1, 5),
            tanggal_selesai=dt.date(2026, 1, 5),
            is_auto_generated=True,
            generation_mode="daily",
        )
        for i in range(3)
    ]
    PekerjaanTahapan.objects.create(
        pekerjaan=pekerjaan[0], tahapan=stale[2], proporsi_volume=Decimal("5")
    )
    recent = TahapPelaksanaan.objects.create(
        project=project, nama="New day", is_auto_generated=True, generation_mode="daily"
    )
    custom = TahapPelaksanaan.objects.create(project=project, nama="Mine")
    age([*stale, custom, *weekly], 200)
    version = project.jadwal_version

    assert "Would delete 2" in run("cleanup_old_data", "--dry-run")
    assert TahapPelaksanaan.objects.filter(pk__in=[t.pk for t in stale]).count() == 3

    output = run("cleanup_old_data", "--days", "180")

    assert "Deleted 2 old unused tahapan" in output
    remaining = set(TahapPelaksanaan.objects.values_list("pk", flat=True))
    assert stale[0].pk not in remaining and stale[1].pk not in remaining
    assert {stale[2].pk, recent.pk, custom.pk} <= remaining
    project.refresh_from_db()
    assert project.jadwal_version == version + 1
    assert JadwalLog.objects.filter(action="tahapan_delete", detail__cleanup=True).count() == 1


def test_cleanup_old_tahapan_is_an_alias(project, weekly):
    assert "Deleted 0 old unused tahapan" in run("cleanup_old_tahapan", "--days", "0")


# --- fix_tahapan_assignments ----------------------------------------------------------------


@pytest.fixture
def uneven(project, pekerjaan, weekly):
    def put(p, t, value):
        PekerjaanTahapan.objects.create(
            pekerjaan=pekerjaan[p], tahapan=weekly[t], proporsi_volume=Decimal(value)
        )

    put(0, 0, "33.33")
    put(0, 1, "33.33")
    put(0, 2, "33.31")  # 99.97
    put(1, 0, "60")
    put(1, 1, "60")  # 120, legacy data
    put(2, 0, "100")  # already fine
    put(3, 0, "0.01")  # tiny
    return pekerjaan


def test_fix_rescales_each_uneven_pekerjaan_to_exactly_100(project, uneven):
    output = run("fix_tahapan_assignments", f"--project-id={project.pk}")

    totals = totals_of(project)
    assert totals[uneven[0].pk] == totals[uneven[1].pk] == totals[uneven[3].pk] == 10_000
    assert totals[uneven[2].pk] == 10_000
    assert "99.97 % -> 100.00 %" in output
    assert "120.00 % -> 100.00 %" in output
    assert "Rescaled 3 pekerjaan" in output
    assert "2 pekerjaan have nothing scheduled" in output
    cells = cells_of(project)
    assert cells[(uneven[1].pk, project.tahapan.order_by("urutan")[0].pk)] == "50.00"


def test_fix_dry_run_changes_nothing(project, uneven):
    before = cells_of(project)
    output = run("fix_tahapan_assignments", f"--project-id={project.pk}", "--dry-run")
    assert "Would rescale 3 pekerjaan" in output
    assert cells_of(project) == before


def test_fix_refuses_an_unknown_project():
    with pytest.raises(CommandError, match="does not exist"):
        call_command("fix_tahapan_assignments", "--project-id=424242")
