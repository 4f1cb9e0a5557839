"""Baselines: the plan and its bobot frozen at a moment (kontrak, MC-0, an addendum), SPEC §10.

A baseline copies what the Kurva S is computed from, so that its curve can be drawn on any later
time axis and never changes, whatever happens to the RAB or the tahapan afterwards:

    {"format": 1,
     "pekerjaan": [[pekerjaan_id, jumlah harga as text, first day (ordinal) or null,
                    day plan as base64 of little-endian uint16 per day], …],
     "custom": [[key, nama, start ISO or null, end ISO or null], …],   # custom tahapan, in order
     "cells": [[pekerjaan_id, key, hundredths], …]}                    # their cells

Creating and deleting go through the write gate (project locked, audit row) but keep the
schedule version: a baseline changes nothing anyone edits.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from dashboard.models import Project
from detail_project import scheduling
from detail_project.models import Baseline, JadwalLog, PekerjaanTahapan
from detail_project.selectors.cells import assignment_hundredths, tahapan_queryset
from detail_project.selectors.kurva_s import project_jumlah
from detail_project.selectors.plans import plans_load
from detail_project.services.errors import ServiceError
from detail_project.services.gate import User, jadwal_write

FORMAT = 1
NAMA_MAX_LENGTH = 200


def baseline_snapshot(project: Project) -> tuple[dict[str, Any], Decimal]:
    """What a baseline of `project` holds now, and its total cost. Four queries."""
    jumlah = project_jumlah(project)
    plans = plans_load(project)
    pekerjaan = []
    for pk in sorted(jumlah):
        start, data = scheduling.plan_encode(plans.get(pk, scheduling.EMPTY))
        pekerjaan.append([pk, f"{jumlah[pk]:f}", start, base64.b64encode(data).decode("ascii")])
    custom = list(
        tahapan_queryset(project)
        .filter(is_auto_generated=False)
        .values_list("pk", "nama", "tanggal_mulai", "tanggal_selesai")
    )
    cells = assignment_hundredths(
        PekerjaanTahapan.objects.filter(tahapan_id__in=[pk for pk, *_ in custom])
    )
    data = {
        "format": FORMAT,
        "pekerjaan": pekerjaan,
        "custom": [
            [pk, nama, start.isoformat() if start else None, end.isoformat() if end else None]
            for pk, nama, start, end in custom
        ],
        "cells": [[p, t, h] for p, t, h in cells],
    }
    return data, sum(jumlah.values(), Decimal(0))


def baseline_create(*, project: Project, user: User, nama: str, jenis: str) -> Baseline:
    """Freeze the current plan as a baseline named `nama` (unique in the project)."""
    cleaned = " ".join(nama.split())
    if not cleaned:
        raise ServiceError(gettext("Give the baseline a name."))
    if len(cleaned) > NAMA_MAX_LENGTH:
        raise ServiceError(
            gettext("A baseline name can be at most %(count)s characters.")
            % {"count": NAMA_MAX_LENGTH}
        )
    if jenis not in Baseline.Jenis.values:
        raise ServiceError(
            gettext("Unknown kind of baseline “%(jenis)s”: use kontrak, mc0 or addendum.")
            % {"jenis": jenis}
        )
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.BASELINE_CREATE) as write:
        locked = write.project
        if Baseline.objects.filter(project=locked, nama__iexact=cleaned).exists():
            raise ServiceError(_duplicate(cleaned))
        data, total = baseline_snapshot(locked)
        try:
            with transaction.atomic():
                baseline = Baseline.objects.create(
                    project=locked,
                    nama=cleaned,
                    jenis=jenis,
                    created_by=user if user is not None and user.is_authenticated else None,
                    version=locked.jadwal_version,
                    total_biaya=total,
                    data=data,
                )
        except IntegrityError as exc:  # the same name saved a moment ago by someone else
            raise ServiceError(_duplicate(cleaned)) from exc
        write.audit()
        write.detail.update(baseline_id=baseline.pk, nama=cleaned, jenis=jenis)
    return baseline


def _duplicate(nama: str) -> str:
    return gettext("A baseline named “%(nama)s” already exists in this project.") % {"nama": nama}


def baseline_delete(*, project: Project, user: User, baseline_id: int) -> str:
    """Delete one baseline (the page asks first); returns its name."""
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.BASELINE_DELETE) as write:
        baseline = Baseline.objects.filter(project=write.project, pk=baseline_id).first()
        if baseline is None:
            raise ServiceError(gettext("This baseline does not exist."), status=404)
        nama = baseline.nama
        baseline.delete()
        write.audit()
        write.detail.update(baseline_id=baseline_id, nama=nama)
    return nama
