"""What the schedule does when a project is created, re-dated or copied.

The dashboard owns projects and announces these moments (`dashboard.signals`); the receivers
here, connected in `DetailProjectConfig.ready`, keep the RAB and the schedule in step, inside
the dashboard's transaction.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext

from dashboard.models import JadwalMode, Project
from dashboard.services import copy_of
from detail_project import money
from detail_project.models import (
    Klasifikasi,
    Pekerjaan,
    PekerjaanTahapan,
    RencanaHarian,
    SubKlasifikasi,
    TahapPelaksanaan,
)
from detail_project.services.gate import User
from detail_project.services.jadwal_switch import (
    RegenerateResult,
    scale_name,
    tahapan_rebuild_for_dates,
    tahapan_regenerate,
)


def on_project_created(*, project: Project, user: User, **_: Any) -> None:
    """Generate the time scale at once, so the grid opens with its columns ready."""
    if project.jadwal_mode != JadwalMode.CUSTOM:
        tahapan_regenerate(project=project, user=user, mode=project.jadwal_mode)


def on_project_dates_changed(*, project: Project, user: User, **_: Any) -> str | None:
    """Rebuild the time scale on the new range; say what moved."""
    result = tahapan_rebuild_for_dates(project=project, user=user)
    return rebuilt_message(result) if result is not None else None


def rebuilt_message(result: RegenerateResult) -> str:
    message = gettext(
        "The project dates changed, so the %(mode)s periods were rebuilt: %(count)s tahapan, "
        "%(cells)s assignments carried over."
    ) % {
        "mode": scale_name(result.mode),
        "count": result.tahapan_created,
        "cells": money.format_number(result.converted_assignments, 0),
    }
    if result.clamped:
        message += " " + ngettext(
            "%(n)s pekerjaan had work planned on days now outside the project; it was moved "
            "to the nearest period.",
            "%(n)s pekerjaan had work planned on days now outside the project; it was moved "
            "to the nearest period.",
            len(result.clamped),
        ) % {"n": len(result.clamped)}
    return message


def on_project_duplicated(*, source: Project, copy: Project, **_: Any) -> None:
    """Copy the RAB, the tahapan, the cells and the day plans of `source` into `copy`.

    Each level is read once and written with one `bulk_create`; the primary keys it returns
    map old ids to new ones for the level below, so the number of queries does not grow with
    the project (SQLite splits a bulk insert every 999 parameters).
    """
    klasifikasi = list(Klasifikasi.objects.filter(project=source).order_by("ordering_index", "id"))
    new_klasifikasi = Klasifikasi.objects.bulk_create(
        [copy_of(k, project_id=copy.pk) for k in klasifikasi]
    )
    klasifikasi_ids = _id_map(klasifikasi, new_klasifikasi)

    subs = list(SubKlasifikasi.objects.filter(project=source).order_by("ordering_index", "id"))
    new_subs = SubKlasifikasi.objects.bulk_create(
        [
            copy_of(s, project_id=copy.pk, klasifikasi_id=klasifikasi_ids[s.klasifikasi_id])
            for s in subs
        ]
    )
    sub_ids = _id_map(subs, new_subs)

    pekerjaan = list(Pekerjaan.objects.filter(project=source).order_by("ordering_index", "id"))
    new_pekerjaan = Pekerjaan.objects.bulk_create(
        [
            copy_of(p, project_id=copy.pk, sub_klasifikasi_id=sub_ids[p.sub_klasifikasi_id])
            for p in pekerjaan
        ]
    )
    pekerjaan_ids = _id_map(pekerjaan, new_pekerjaan)

    tahapan = list(TahapPelaksanaan.objects.filter(project=source).order_by("urutan", "id"))
    new_tahapan = TahapPelaksanaan.objects.bulk_create(
        [copy_of(t, project_id=copy.pk) for t in tahapan]
    )
    tahapan_ids = _id_map(tahapan, new_tahapan)

    PekerjaanTahapan.objects.bulk_create(
        [
            copy_of(
                a,
                pekerjaan_id=pekerjaan_ids[a.pekerjaan_id],
                tahapan_id=tahapan_ids[a.tahapan_id],
            )
            for a in PekerjaanTahapan.objects.filter(tahapan__project=source).order_by("id")
        ]
    )
    RencanaHarian.objects.bulk_create(
        [
            copy_of(
                plan,
                pekerjaan_id=pekerjaan_ids[plan.pekerjaan_id],
                project_id=copy.pk,
                version=0,
            )
            for plan in RencanaHarian.objects.filter(project=source)
        ]
    )


def _id_map(old: list[Any], new: list[Any]) -> dict[int, int]:
    return {before.pk: after.pk for before, after in zip(old, new, strict=True)}
