"""Reads of a project's team and its audit history, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext, ngettext

from dashboard.models import Anggota, Peran, Project, peran_label
from detail_project.models import JadwalLog
from detail_project.money import format_number


@dataclass(frozen=True)
class Member:
    user_id: int
    username: str
    nama: str
    peran: str
    is_owner: bool  # `Project.owner` (a pemilik without a membership row)
    since: dt.datetime | None

    @property
    def peran_label(self) -> str:
        return peran_label(self.peran)

    def as_json(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "username": self.username,
            "nama": self.nama,
            "peran": self.peran,
            "peran_label": self.peran_label,
            "is_owner": self.is_owner,
            "since": self.since.isoformat() if self.since else None,
        }


def team_members(project: Project) -> list[Member]:
    """The owner first, then the members in the order they joined: two queries."""
    owner = project.owner
    members = [
        Member(
            owner.pk,
            owner.get_username(),
            owner.get_full_name(),
            Peran.PEMILIK,
            is_owner=True,
            since=project.created_at,
        )
    ]
    rows = Anggota.objects.filter(project=project).select_related("user").order_by("created_at")
    members += [
        Member(
            row.user_id,
            row.user.get_username(),
            row.user.get_full_name(),
            row.peran,
            is_owner=False,
            since=row.created_at,
        )
        for row in rows
    ]
    return members


def history_logs(project: Project, *, user_id: int | None = None) -> QuerySet[JadwalLog]:
    """The project's audit rows, newest first, optionally only those one member wrote."""
    logs = JadwalLog.objects.filter(project=project).select_related("user")
    if user_id is not None:
        logs = logs.filter(user_id=user_id)
    return logs.order_by("-created_at", "-id")


def history_authors(project: Project) -> list[tuple[int, str]]:
    """(user id, username) of everyone with a row in the history, members or not any more."""
    logs = JadwalLog.objects.filter(project=project, user__isnull=False)
    rows = logs.values_list("user_id", "user__username").distinct().order_by("user__username")
    return list(rows)


def describe(log: JadwalLog) -> str:
    """One line on what a history row changed, from what its write recorded."""
    detail = log.detail or {}
    action = JadwalLog.Action
    if log.action in (action.MEMBER_ADD, action.MEMBER_ROLE):
        text = gettext("%(name)s as %(peran)s") % {
            "name": detail.get("username", "?"),
            "peran": peran_label(detail.get("peran")),
        }
    elif log.action in (action.MEMBER_REMOVE, action.MEMBER_LEAVE):
        text = str(detail.get("username", ""))
    elif "name" in detail:
        text = str(detail["name"])
    elif "nama" in detail:
        text = str(detail["nama"])
    elif "mode" in detail:
        text = str(detail["mode"])
    elif "item_count" in detail:
        count = detail["item_count"]
        text = ngettext("%(n)s item", "%(n)s items", count) % {"n": format_number(count, 0)}
    else:
        text = ""
    if detail.get("new_owner"):
        text += " · " + gettext("owner now %(name)s") % {"name": detail["new_owner"]}
    if log.cells:
        cells = ngettext("%(n)s cell", "%(n)s cells", log.cells) % {
            "n": format_number(log.cells, 0)
        }
        text = f"{text} · {cells}" if text else cells
    return text
