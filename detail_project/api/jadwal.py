"""The grid's own endpoints: everything in one read, every change in one write, the time-scale
switch, and the audit history."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from ninja import Router
from ninja.throttling import UserRateThrottle

from dashboard.selectors import project_get_owned
from detail_project.api.responses import errors
from detail_project.api.schemas import (
    HistoryOut,
    JadwalOut,
    JadwalSaveIn,
    JadwalSaveOut,
    RegenerateIn,
    RegenerateOut,
)
from detail_project.selectors import jadwal as selectors
from detail_project.services import jadwal as services

logger = logging.getLogger(__name__)
router = Router(tags=["jadwal"])
BASE = "project/{int:project_id}/"


@router.get(BASE + "jadwal/", response={200: JadwalOut, **errors(401, 404)})
def jadwal_get(request: HttpRequest, project_id: int) -> HttpResponse:
    """Tree, tahapan, assignments, bobot and version in one answer (see docs/API.md)."""
    project = project_get_owned(user=request.user, project_id=project_id)
    # Already JSON text: 50,000 cells are not worth a round trip through Python objects and
    # the response schema (which documents the shape; tests check the answer matches it).
    return HttpResponse(selectors.jadwal_grid_json(project), content_type="application/json")


@router.post(
    BASE + "jadwal/save/", response={200: JadwalSaveOut, **errors(400, 401, 403, 404, 409)}
)
def jadwal_save(request: HttpRequest, project_id: int, payload: JadwalSaveIn) -> dict[str, Any]:
    project = project_get_owned(user=request.user, project_id=project_id)
    result = services.jadwal_save(
        project=project,
        user=request.user,
        version=payload.version,
        changes=[
            services.CellChange(c.pekerjaan_id, c.tahapan_id, c.proporsi) for c in payload.changes
        ],
    )
    return {
        "ok": True,
        "version": result.version,
        "saved": result.saved,
        "removed": result.removed,
        "message": ngettext(
            "%(n)s change saved.", "%(n)s changes saved.", result.saved + result.removed
        )
        % {"n": result.saved + result.removed},
    }


class RegenerateThrottle(UserRateThrottle):
    """Per user: a mode switch rewrites the whole schedule, so it is rationed."""

    scope = "regenerate"

    def __init__(self) -> None:
        super().__init__(settings.JADWAL_REGENERATE_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return super().allow_request(request)
        except Exception:  # noqa: BLE001 - the cache (Redis) is down
            # Better an unthrottled switch than a planner locked out of their schedule.
            logger.warning("cache unavailable; regenerate not rate-limited", exc_info=True)
            return True


@router.post(
    BASE + "regenerate-tahapan/",
    response={200: RegenerateOut, **errors(400, 401, 403, 404, 409, 429)},
    throttle=[RegenerateThrottle()],
)
def regenerate_tahapan(
    request: HttpRequest, project_id: int, payload: RegenerateIn
) -> dict[str, Any]:
    project = project_get_owned(user=request.user, project_id=project_id)
    result = services.tahapan_regenerate(
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
        message = gettext("The schedule is already %(mode)s.") % {"mode": result.mode}
    else:
        message = gettext(
            "Mode switched to %(mode)s: %(created)s tahapan, %(cells)s assignments carried over."
        ) % {
            "mode": result.mode,
            "created": result.tahapan_created,
            "cells": result.converted_assignments,
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
        "spilled": result.spilled,
        "tahapan": selectors.tahapan_summary(project),
        "version": result.version,
    }


@router.get(BASE + "jadwal/history/", response={200: HistoryOut, **errors(401, 404)})
def jadwal_history(request: HttpRequest, project_id: int, limit: int = 50) -> dict[str, Any]:
    project = project_get_owned(user=request.user, project_id=project_id)
    return {"ok": True, "history": selectors.jadwal_history(project, limit=max(1, min(limit, 500)))}
