"""The project's team (SPEC §14): who is in it with which peran; the pemilik adds, changes and
removes members, and any member can leave. The rule itself is `dashboard.access.RULE`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from dashboard.access import Action, project_access
from dashboard.models import Project
from detail_project.api.responses import errors
from detail_project.api.schemas import AnggotaIn, TeamOut, TeamWriteOut
from detail_project.selectors.team import team_members
from detail_project.services import team

router = Router(tags=["anggota"])
BASE = "project/{int:project_id}/"


def _team(project: Project) -> list[dict[str, Any]]:
    return [member.as_json() for member in team_members(project)]


@router.get(BASE + "anggota/", response={200: TeamOut, **errors(401, 404)})
@project_access(Action.VIEW)
def anggota_list(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Everyone in the team, the owner first; every member may see who else is in it."""
    return {
        "ok": True,
        "anggota": _team(project),
        "peran": project.access.peran,
        "can": project.access.can,
    }


@router.post(
    BASE + "anggota/", response={200: TeamWriteOut, 201: TeamWriteOut, **errors(401, 403, 404)}
)
@project_access(Action.MANAGE_MEMBERS)
def anggota_add(request: HttpRequest, project: Project, payload: AnggotaIn) -> Status:
    """Add an existing user by username (201), or give a member another peran (200)."""
    change = team.member_add(
        project=project, by=request.user, username=payload.username, peran=payload.peran
    )
    body = {"ok": True, "message": change.message, "anggota": _team(project)}
    return Status(201 if change.created else 200, body)


@router.delete(
    BASE + "anggota/{int:user_id}/", response={200: TeamWriteOut, **errors(401, 403, 404)}
)
@project_access(Action.MANAGE_MEMBERS)
def anggota_remove(request: HttpRequest, project: Project, user_id: int) -> dict[str, Any]:
    """Remove a member (the only pemilik cannot be removed: 400)."""
    change = team.member_remove(project=project, by=request.user, user_id=user_id)
    return {"ok": True, "message": change.message, "anggota": _team(project)}


@router.post(BASE + "anggota/keluar/", response={200: TeamWriteOut, **errors(401, 404)})
@project_access(Action.VIEW)
def anggota_leave(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Leave the team yourself (the only pemilik cannot: 400)."""
    change = team.member_leave(project=project, user=request.user)
    return {"ok": True, "message": change.message, "anggota": []}
