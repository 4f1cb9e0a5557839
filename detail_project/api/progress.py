"""Progress endpoints (SPEC §10): realisasi read and save, baselines. Thin: parse, call one
service or selector, shape the answer."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from ninja import Router, Status

from dashboard.access import Action, project_access
from dashboard.models import Project
from detail_project import clock, money
from detail_project.api.responses import errors
from detail_project.api.schemas import (
    BaselineCreateIn,
    BaselineListOut,
    BaselineWriteOut,
    MessageOut,
    RealisasiOut,
    RealisasiSaveIn,
    RealisasiSaveOut,
)
from detail_project.models import Baseline
from detail_project.selectors import jadwal as jadwal_selectors
from detail_project.selectors import realisasi as selectors
from detail_project.services import baseline as baselines
from detail_project.services.jadwal_save import CellChange
from detail_project.services.realisasi import realisasi_save as save_realisasi

router = Router(tags=["progress"])
BASE = "project/{int:project_id}/"


@router.get(BASE + "realisasi/", response={200: RealisasiOut, **errors(401, 404)})
@project_access(Action.VIEW)
def realisasi_get(request: HttpRequest, project: Project) -> HttpResponse:
    """Every realisasi cell, in the shape of `jadwal/`'s assignments."""
    head = json.dumps(
        {"ok": True, "version": project.jadwal_version, "today": clock.today().isoformat()},
        separators=(",", ":"),
    )
    body = f'{head[:-1]},"assignments":{selectors.realisasi_json(project)}}}'
    return HttpResponse(body, content_type="application/json")


@router.post(
    BASE + "realisasi/save/", response={200: RealisasiSaveOut, **errors(400, 401, 403, 404, 409)}
)
@project_access(Action.RECORD_REALISASI)
def realisasi_save(
    request: HttpRequest, project: Project, payload: RealisasiSaveIn
) -> dict[str, Any]:
    """Every changed realisasi cell in one request, all or nothing. Periods that start after
    today, custom tahapan, more than 100 % of a pekerjaan: 400, nothing saved."""
    result = save_realisasi(
        project=project,
        user=request.user,
        version=payload.version,
        changes=[CellChange(c.pekerjaan_id, c.tahapan_id, c.proporsi) for c in payload.changes],
    )
    changed = result.saved + result.removed
    if changed:
        message = ngettext(
            "%(n)s realisasi change saved.", "%(n)s realisasi changes saved.", changed
        ) % {"n": money.format_number(changed, 0)}
    else:
        message = gettext("Nothing to save: every value was already stored.")
    elsewhere = jadwal_selectors.jadwal_changes_since(
        project, version=payload.version, exclude_realisasi=result.pekerjaan
    )
    return {
        "ok": True,
        "version": result.version,
        "saved": result.saved,
        "removed": result.removed,
        "message": message,
        "realisasi": selectors.realisasi_rows(project, pekerjaan_ids=result.pekerjaan)
        if result.pekerjaan
        else [],
        "updated_elsewhere": elsewhere["realisasi_elsewhere"],
        "plan_elsewhere": elsewhere["updated_elsewhere"],
        "reload": elsewhere["reload"],
    }


def _baseline_out(baseline: Baseline) -> dict[str, Any]:
    return {
        "baseline_id": baseline.pk,
        "nama": baseline.nama,
        "jenis": baseline.jenis,
        "jenis_label": str(baseline.get_jenis_display()),
        "created_at": baseline.created_at.isoformat(),
        "created_by": baseline.created_by.get_username() if baseline.created_by else None,
        "version": baseline.version,
        "total_biaya": float(baseline.total_biaya),
    }


@router.get(BASE + "baseline/", response={200: BaselineListOut, **errors(401, 404)})
@project_access(Action.VIEW)
def baseline_list(request: HttpRequest, project: Project) -> dict[str, Any]:
    rows = Baseline.objects.filter(project=project).select_related("created_by").defer("data")
    return {"ok": True, "baselines": [_baseline_out(row) for row in rows]}


@router.post(BASE + "baseline/", response={201: BaselineWriteOut, **errors(400, 401, 403, 404)})
@project_access(Action.EDIT_PLAN)
def baseline_create(request: HttpRequest, project: Project, payload: BaselineCreateIn) -> Status:
    """Freeze the current plan and its bobot under `nama` (unique in the project)."""
    baseline = baselines.baseline_create(
        project=project, user=request.user, nama=payload.nama, jenis=payload.jenis
    )
    return Status(
        201,
        {
            "ok": True,
            "baseline": _baseline_out(baseline),
            "message": gettext("Baseline “%(nama)s” saved.") % {"nama": baseline.nama},
        },
    )


@router.delete(
    BASE + "baseline/{int:baseline_id}/", response={200: MessageOut, **errors(401, 403, 404)}
)
@project_access(Action.EDIT_PLAN)
def baseline_delete(request: HttpRequest, project: Project, baseline_id: int) -> dict[str, Any]:
    nama = baselines.baseline_delete(project=project, user=request.user, baseline_id=baseline_id)
    return {
        "ok": True,
        "message": gettext("Baseline “%(nama)s” deleted.") % {"nama": nama},
        "version": project.jadwal_version,  # unchanged: a baseline is not the schedule
    }
