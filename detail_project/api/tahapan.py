"""Tahapan endpoints (SPEC §5): thin — parse, call one service or selector, shape the answer."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, ngettext
from ninja import Router, Status

from dashboard.access import MAX_ID, Action, project_access
from dashboard.models import Project
from detail_project import money
from detail_project.api.responses import errors
from detail_project.api.schemas import (
    AssignIn,
    AssignOut,
    DeleteOut,
    PekerjaanAssignmentsOut,
    ReorderIn,
    ReorderOut,
    TahapanCreateIn,
    TahapanListOut,
    TahapanUpdateIn,
    TahapanWriteOut,
    UnassignedListOut,
    UnassignIn,
    UnassignOut,
    ValidateOut,
    VolumeListOut,
)
from detail_project.models import Pekerjaan
from detail_project.selectors import jadwal as selectors
from detail_project.services import tahapan as services
from detail_project.services.jadwal_save import to_decimal

router = Router(tags=["tahapan"])
BASE = "project/{int:project_id}/"


def _tahapan_out(write: services.TahapanWrite) -> dict[str, Any]:
    return selectors.tahapan_as_dict(write.tahapan)


@router.get(BASE + "tahapan/", response={200: TahapanListOut, **errors(401, 404)})
@project_access(Action.VIEW)
def tahapan_list(request: HttpRequest, project: Project) -> dict[str, Any]:
    tahapan = selectors.tahapan_summary(project)
    return {"ok": True, "tahapan": tahapan, "count": len(tahapan)}


@router.post(BASE + "tahapan/", response={201: TahapanWriteOut, **errors(400, 401, 403, 404, 409)})
@project_access(Action.EDIT_PLAN)
def tahapan_create(request: HttpRequest, project: Project, payload: TahapanCreateIn) -> Status:
    write = services.tahapan_create(
        project=project, user=request.user, **payload.model_dump(exclude_unset=True)
    )
    return Status(
        201,
        {
            "ok": True,
            "tahapan": _tahapan_out(write),
            "message": gettext("Tahapan “%(nama)s” created.") % {"nama": write.tahapan.nama},
            "version": write.version,
        },
    )


@router.put(
    BASE + "tahapan/{int:tahapan_id}/",
    response={200: TahapanWriteOut, **errors(400, 401, 403, 404, 409)},
)
@project_access(Action.EDIT_PLAN)
def tahapan_update(
    request: HttpRequest, project: Project, tahapan_id: int, payload: TahapanUpdateIn
) -> dict[str, Any]:
    fields = payload.model_dump(exclude_unset=True)
    write = services.tahapan_update(
        project=project, user=request.user, tahapan_id=tahapan_id, **fields
    )
    return {
        "ok": True,
        "tahapan": _tahapan_out(write),
        "message": gettext("Tahapan “%(nama)s” updated.") % {"nama": write.tahapan.nama},
        "version": write.version,
    }


@router.delete(
    BASE + "tahapan/{int:tahapan_id}/", response={200: DeleteOut, **errors(401, 403, 404, 409)}
)
@project_access(Action.EDIT_PLAN)
def tahapan_delete(
    request: HttpRequest, project: Project, tahapan_id: int, version: int | None = None
) -> dict[str, Any]:
    cells, new_version = services.tahapan_delete(
        project=project, user=request.user, tahapan_id=tahapan_id, version=version
    )
    return {
        "ok": True,
        "message": gettext("Tahapan deleted."),
        "deleted_assignments": cells,
        "version": new_version,
    }


@router.post(
    BASE + "tahapan/reorder/", response={200: ReorderOut, **errors(400, 401, 403, 404, 409)}
)
@project_access(Action.EDIT_PLAN)
def tahapan_reorder(request: HttpRequest, project: Project, payload: ReorderIn) -> dict[str, Any]:
    updated, new_version = services.tahapan_reorder(
        project=project,
        user=request.user,
        order=[(item.id, item.urutan) for item in payload.order],
        version=payload.version,
    )
    return {
        "ok": True,
        "message": ngettext("%(n)s tahapan reordered.", "%(n)s tahapan reordered.", updated)
        % {"n": updated},
        "updated_count": updated,
        "version": new_version,
    }


@router.post(
    BASE + "tahapan/{int:tahapan_id}/assign/",
    response={200: AssignOut, **errors(400, 401, 403, 404, 409)},
)
@project_access(Action.EDIT_PLAN)
def tahapan_assign(
    request: HttpRequest, project: Project, tahapan_id: int, payload: AssignIn
) -> dict[str, Any]:
    assigned, new_version = services.tahapan_assign(
        project=project,
        user=request.user,
        tahapan_id=tahapan_id,
        assignments=[(item.pekerjaan_id, item.proporsi) for item in payload.assignments],
        version=payload.version,
    )
    return {
        "ok": True,
        "message": ngettext("%(n)s assignment saved.", "%(n)s assignments saved.", len(assigned))
        % {"n": money.format_number(len(assigned), 0)},
        "assignments": [
            {"pekerjaan_id": p, "tahapan_id": tahapan_id, "proporsi": float(to_decimal(h))}
            for p, h in assigned
        ],
        "version": new_version,
    }


@router.post(
    BASE + "tahapan/{int:tahapan_id}/unassign/",
    response={200: UnassignOut, **errors(400, 401, 403, 404, 409)},
)
@project_access(Action.EDIT_PLAN)
def tahapan_unassign(
    request: HttpRequest, project: Project, tahapan_id: int, payload: UnassignIn
) -> dict[str, Any]:
    deleted, new_version = services.tahapan_unassign(
        project=project,
        user=request.user,
        tahapan_id=tahapan_id,
        pekerjaan_ids=payload.pekerjaan_ids,
        version=payload.version,
    )
    return {
        "ok": True,
        "message": ngettext("%(n)s assignment removed.", "%(n)s assignments removed.", deleted)
        % {"n": money.format_number(deleted, 0)},
        "deleted_count": deleted,
        "version": new_version,
    }


@router.get(
    BASE + "tahapan/validate/",
    response={200: ValidateOut, **errors(401, 404)},
    exclude_none=True,  # each issue carries `missing` or `excess`, not both
)
@project_access(Action.VIEW)
def tahapan_validate(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {"ok": True, **selectors.tahapan_validation(project)}


@router.get(BASE + "tahapan/unassigned/", response={200: UnassignedListOut, **errors(401, 404)})
@project_access(Action.VIEW)
def tahapan_unassigned(request: HttpRequest, project: Project) -> dict[str, Any]:
    rows = selectors.tahapan_unassigned(project)
    return {"ok": True, "unassigned": rows, "count": len(rows)}


@router.get(
    BASE + "pekerjaan/{int:pekerjaan_id}/assignments/",
    response={200: PekerjaanAssignmentsOut, **errors(401, 404)},
)
@project_access(Action.VIEW)
def pekerjaan_assignments(
    request: HttpRequest, project: Project, pekerjaan_id: int
) -> dict[str, Any]:
    if not 0 < pekerjaan_id <= MAX_ID:
        raise Http404
    pekerjaan = get_object_or_404(Pekerjaan, project=project, pk=pekerjaan_id)
    return {"ok": True, **selectors.pekerjaan_assignments(project, pekerjaan)}


@router.get(BASE + "volume-pekerjaan/list/", response={200: VolumeListOut, **errors(401, 404)})
@project_access(Action.VIEW)
def volume_list(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {"ok": True, "volumes": selectors.volume_list(project)}
