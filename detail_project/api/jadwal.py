"""The grid's own endpoints: everything in one read, every change in one write, the time-scale
switch, the schedule on a time axis (Kurva S, Gantt), and the audit history."""

from __future__ import annotations

import json
import logging
import threading
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from ninja import Query, Router
from ninja.throttling import BaseThrottle
from pydantic import WithJsonSchema

from config import ratelimit
from dashboard.access import MAX_ID, Action, project_access
from dashboard.models import Project
from detail_project import money
from detail_project.api.responses import errors
from detail_project.api.schemas import (
    HistoryOut,
    JadwalOut,
    JadwalSaveIn,
    JadwalSaveOut,
    KurvaSOut,
    RegenerateIn,
    RegenerateOut,
)
from detail_project.selectors import jadwal as selectors
from detail_project.selectors.kurva_s import SCALES, kurva_s_data
from detail_project.services.errors import ServiceError
from detail_project.services.jadwal_save import CellChange
from detail_project.services.jadwal_save import jadwal_save as save_cells
from detail_project.services.jadwal_switch import scale_name, tahapan_regenerate

logger = logging.getLogger(__name__)
router = Router(tags=["jadwal"])
BASE = "project/{int:project_id}/"


@router.get(BASE + "jadwal/", response={200: JadwalOut, **errors(401, 404)})
@project_access(Action.VIEW)
def jadwal_get(request: HttpRequest, project: Project) -> HttpResponse:
    """Tree, tahapan, assignments, bobot and version in one answer (see docs/API.md)."""
    # Already JSON text: 50,000 cells are not worth a round trip through Python objects and
    # the response schema (which documents the shape; tests check the answer matches it).
    return HttpResponse(selectors.jadwal_grid_json(project), content_type="application/json")


@router.post(
    BASE + "jadwal/save/", response={200: JadwalSaveOut, **errors(400, 401, 403, 404, 409)}
)
@project_access(Action.EDIT_PLAN)
def jadwal_save(request: HttpRequest, project: Project, payload: JadwalSaveIn) -> dict[str, Any]:
    """Every changed cell in one request, all or nothing (409 names the pekerjaan that someone
    else changed after `version`; a save that changes nothing keeps the version)."""
    result = save_cells(
        project=project,
        user=request.user,
        version=payload.version,
        changes=[CellChange(c.pekerjaan_id, c.tahapan_id, c.proporsi) for c in payload.changes],
    )
    changed = result.saved + result.removed
    if changed:
        message = ngettext("%(n)s change saved.", "%(n)s changes saved.", changed) % {
            "n": money.format_number(changed, 0)
        }
    else:
        message = gettext("Nothing to save: every value was already stored.")
    return {
        "ok": True,
        "version": result.version,
        "saved": result.saved,
        "removed": result.removed,
        "message": message,
        **selectors.jadwal_changes_since(
            project, version=payload.version, exclude=result.pekerjaan
        ),
    }


class RegenerateThrottle(BaseThrottle):
    """Per user: a mode switch rewrites the whole schedule, so it is rationed
    (JADWAL_REGENERATE_RATE), counted where every app server sees it (config/ratelimit.py).
    When that store cannot be reached the switch is refused too (429, Retry-After), never let
    through unlimited."""

    UNAVAILABLE_RETRY_AFTER = 30

    def __init__(self) -> None:
        # One instance serves every request; Ninja asks wait() right after allow_request().
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        limit = ratelimit.Limit.from_rate("regenerate", settings.JADWAL_REGENERATE_RATE)
        try:
            wait = ratelimit.consume(limit, str(request.user.pk))
        except ratelimit.RateLimitUnavailable:
            wait = self.UNAVAILABLE_RETRY_AFTER
        self._local.wait = wait
        return wait == 0

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None) or None


@router.post(
    BASE + "regenerate-tahapan/",
    response={200: RegenerateOut, **errors(400, 401, 403, 404, 409, 429)},
    throttle=[RegenerateThrottle()],
)
@project_access(Action.EDIT_PLAN)
def regenerate_tahapan(
    request: HttpRequest, project: Project, payload: RegenerateIn
) -> dict[str, Any]:
    result = tahapan_regenerate(
        project=project,
        user=request.user,
        mode=payload.mode,
        week_end_day=payload.week_end_day,
        convert_assignments=payload.convert_assignments,
        version=payload.version,
    )
    if result.mode == "custom":
        message = gettext("Custom mode: your tahapan are kept as they are.")
    elif result.unchanged:
        message = gettext("The schedule is already %(mode)s.") % {"mode": scale_name(result.mode)}
    else:
        message = gettext(
            "Mode switched to %(mode)s: %(created)s tahapan, %(cells)s assignments carried over."
        ) % {
            "mode": scale_name(result.mode),
            "created": result.tahapan_created,
            "cells": money.format_number(result.converted_assignments, 0),
        }
    project.refresh_from_db()
    return {
        "ok": True,
        "mode": result.mode,
        "message": message,
        "tahapan_deleted": result.tahapan_deleted,
        "tahapan_created": result.tahapan_created,
        "converted_assignments": result.converted_assignments,
        "clamped": result.clamped,
        "repaired": result.repaired,
        "tahapan": selectors.tahapan_summary(project, known=result.cell_totals or None),
        "version": result.version,
    }


BASELINE_HELP = (
    "Id of a baseline to draw beside the plan; repeat it for several (?baseline=1&baseline=2). "
    "The first one also fills baseline_kumulatif in every period."
)


@router.get(BASE + "kurva-s/", response={200: KurvaSOut, **errors(400, 401, 404)})
@project_access(Action.VIEW)
def kurva_s(
    request: HttpRequest,
    project: Project,
    scale: Annotated[str | None, WithJsonSchema({"type": "string", "enum": list(SCALES)})] = None,
    baseline: Annotated[list[int] | None, Query(description=BASELINE_HELP)] = None,
) -> HttpResponse:
    """The schedule on a time axis: per period the plan's weight and running total (percent of
    the project's cost), the realisasi, deviasi and kontrak kritis status up to the last
    reported period, chosen baselines, Gantt runs per pekerjaan, SPI and the summary card.
    `scale` is daily, weekly or monthly (default: the current time scale)."""
    if scale is not None and scale not in SCALES:
        raise ServiceError(
            gettext("Unknown time scale “%(scale)s”: use daily, weekly or monthly.")
            % {"scale": scale}
        )
    if baseline and any(not 1 <= pk <= MAX_ID for pk in baseline):
        raise ServiceError(gettext("A baseline id is a whole number of at least 1."))
    data = kurva_s_data(project, scale=scale, baselines=baseline or ())
    # Plain JSON, like `jadwal/`: a thousand Gantt rows are not worth a pass through the
    # response schema, which documents the shape (the schema tests check the answer fits it).
    body = json.dumps({"ok": True, **data}, separators=(",", ":"))
    return HttpResponse(body, content_type="application/json")


@router.get(BASE + "jadwal/history/", response={200: HistoryOut, **errors(401, 404)})
@project_access(Action.VIEW)
def jadwal_history(
    request: HttpRequest,
    project: Project,
    limit: int = 50,
    anggota: Annotated[
        int | None, Query(description="only this member's changes (user id)")
    ] = None,
) -> dict[str, Any]:
    """The audit rows, newest first: who changed what (a write that changed nothing leaves
    none). `anggota` keeps one member's."""
    if anggota is not None and not 1 <= anggota <= MAX_ID:
        raise ServiceError(gettext("A member id is a whole number of at least 1."))
    history = selectors.jadwal_history(project, limit=max(1, min(limit, 500)), user_id=anggota)
    return {"ok": True, "history": history}
