"""Who may do what in a project: the one permission rule of the team (SPEC §14).

`RULE` says which actions each peran allows; nothing else in the code decides it. Every page,
API endpoint and export finds its project through `project_for` (most through the
`project_access` decorator around it), which answers 404 to anyone outside the team, so that
nobody learns another team's project ids, and 403 with a message naming the missing right to a
member whose peran does not allow the action. The write gate asks `require` again under the
project's lock, so a member removed (or demoted) while editing has their next write refused even
if it was already past the lookup. Commands act as the user they are given; a command given
none (the server's operator, at the console) acts as the project's pemilik.

docs/PERMISSIONS.md holds the table of peran × action; a test checks it against `RULE`.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboard.models import Anggota, Peran, Project, peran_label

MAX_ID = 2**63 - 1  # ids beyond a BigAutoField cannot exist; asking for one is a plain 404
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Action:
    """What a member may be allowed to do; each value is also the key the page and its
    JavaScript read (`access.can.edit_plan`)."""

    VIEW = "view"
    EDIT_RAB = "edit_rab"
    EDIT_PLAN = "edit_plan"
    RECORD_REALISASI = "record_realisasi"
    DUPLICATE = "duplicate"
    MANAGE_PROJECT = "manage_project"
    MANAGE_MEMBERS = "manage_members"


# What each action is, in the words of a refusal ("… does not let you <this>").
ACTION_LABELS: Mapping[str, Any] = {
    Action.VIEW: _("read the project, its schedule and its documents"),
    Action.EDIT_RAB: _("change the RAB and its prices"),
    Action.EDIT_PLAN: _("change the plan and the time scale"),
    Action.RECORD_REALISASI: _("record realisasi"),
    Action.DUPLICATE: _("copy the project"),
    Action.MANAGE_PROJECT: _("change the project's details or delete it"),
    Action.MANAGE_MEMBERS: _("manage the team"),
}
ACTIONS: tuple[str, ...] = tuple(ACTION_LABELS)

RULE: Mapping[str, frozenset[str]] = {
    Peran.PEMILIK: frozenset(ACTIONS),
    Peran.PENYUNTING: frozenset(
        {
            Action.VIEW,
            Action.EDIT_RAB,
            Action.EDIT_PLAN,
            Action.RECORD_REALISASI,
            Action.DUPLICATE,
        }
    ),
    Peran.PENGAWAS: frozenset({Action.VIEW, Action.RECORD_REALISASI}),
    Peran.PEMBACA: frozenset({Action.VIEW}),
}


def allows(peran: str, action: str) -> bool:
    """Does this peran allow this action? The whole rule, for every caller and test."""
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown action {action!r}")
    return action in RULE[peran]


@dataclass(frozen=True)
class Access:
    """One user's standing in one project: their peran, and what it lets them do."""

    peran: str
    owner_name: str
    is_owner: bool = False  # `Project.owner` itself (not a co-owner with a membership row)

    @property
    def peran_label(self) -> str:
        return peran_label(self.peran)

    def can_do(self, action: str) -> bool:
        return allows(self.peran, action)

    @functools.cached_property
    def can(self) -> dict[str, bool]:
        """Every action → allowed, for templates (`access.can.edit_rab`) and the page's JS."""
        return {action: allows(self.peran, action) for action in ACTIONS}

    @property
    def read_only(self) -> bool:
        return not any(
            self.can_do(action)
            for action in (Action.EDIT_RAB, Action.EDIT_PLAN, Action.RECORD_REALISASI)
        )

    def refusal(self, action: str) -> str:
        """Why this peran may not do `action`, and whom to ask."""
        return gettext(
            "Your role in this project is %(peran)s, which does not let you %(action)s. Ask "
            "the project's pemilik (%(owner)s) for another role."
        ) % {"peran": self.peran_label, "action": ACTION_LABELS[action], "owner": self.owner_name}

    @functools.cached_property
    def reasons(self) -> dict[str, str]:
        """Every refused action → its refusal: the title of a disabled control."""
        return {action: self.refusal(action) for action in ACTIONS if not self.can_do(action)}

    def require(self, action: str) -> None:
        if not self.can_do(action):
            raise PermissionDenied(self.refusal(action))


class ProjectNotFound(Http404):
    """No such project in the user's teams: the same answer whether it exists or not."""


def _not_found() -> ProjectNotFound:
    return ProjectNotFound(
        gettext("This project does not exist, or you are not a member of its team.")
    )


def _member_peran(user: AbstractBaseUser) -> Subquery:
    return Subquery(Anggota.objects.filter(project=OuterRef("pk"), user=user).values("peran")[:1])


def access_from(
    project: Project, user: AbstractBaseUser | AnonymousUser | None, *, fresh: bool = False
) -> Access | None:
    """`user`'s standing in `project`, or None outside its team. Reads the peran annotated by
    `project_for` when it is there (unless `fresh`); otherwise asks the database (one query)."""
    if user is None:
        # A command with no user: the operator at the server, who acts as the pemilik.
        return Access(Peran.PEMILIK, owner_name="", is_owner=True)
    if not user.is_authenticated:
        return None
    if project.owner_id == user.pk:
        return Access(Peran.PEMILIK, owner_name=user.get_username(), is_owner=True)
    if not fresh and hasattr(project, "member_peran"):
        peran = project.member_peran
    else:
        peran = (
            Anggota.objects.filter(project_id=project.pk, user=user)
            .values_list("peran", flat=True)
            .first()
        )
    if peran is None:
        return None
    return Access(peran, owner_name=_owner_name(project))


def _owner_name(project: Project) -> str:
    return project.owner.get_username()


def project_for(
    *,
    user: AbstractBaseUser | AnonymousUser,
    project_id: int,
    action: str = Action.VIEW,
) -> Project:
    """The project if `user` is in its team and their peran allows `action`: one query.

    Outside the team (or a project that does not exist): 404. In the team without the right:
    403 (`PermissionDenied`) with the reason. The project carries `access` for the page.
    """
    if not user.is_authenticated or not 0 < project_id <= MAX_ID:
        raise _not_found()
    try:
        project = (
            Project.objects.select_related("owner")
            .annotate(member_peran=_member_peran(user))
            .get(pk=project_id)
        )
    except Project.DoesNotExist:
        raise _not_found() from None
    access = access_from(project, user)
    if access is None:
        raise _not_found()
    access.require(action)
    project.access = access
    return project


def require(
    *, project: Project, user: AbstractBaseUser | AnonymousUser | None, action: str
) -> Access:
    """Check `action` for `user` afresh (the write gate does, under the project's lock):
    404 if they left the team since, 403 if their peran no longer allows it."""
    access = access_from(project, user, fresh=True)  # the membership may have changed since
    if access is None:
        raise _not_found()
    access.require(action)
    return access


def projects_of(user: AbstractBaseUser, *, shared: bool = False) -> QuerySet[Project]:
    """The projects `user` owns, or (`shared`) those whose team they are in, each with
    `member_peran` (None for owned ones)."""
    if shared:
        projects = Project.objects.filter(anggota__user=user).exclude(owner=user)
    else:
        projects = Project.objects.filter(owner=user)
    return projects.annotate(member_peran=_member_peran(user))


def project_access(
    action: str, *, write: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a view (a Django page or a Ninja operation) that takes `project`: it is called
    with `project_id` instead, and gets the project only if the user may do `action` (for
    GET / HEAD / OPTIONS) or `write` (for every other method; default `action`).

    The view's signature, as Ninja reads it, says `project_id: int` in place of `project`,
    and the wrapper carries `project_actions` ({"read": …, "write": …}) so the tests can walk
    every URL and operation and check each peran against `RULE`.
    """
    write_action = write or action
    for name in (action, write_action):
        if name not in ACTION_LABELS:
            raise ValueError(f"unknown action {name!r}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, project_id: int, **kwargs: Any) -> Any:
            needed = action if request.method in SAFE_METHODS else write_action
            project = project_for(user=request.user, project_id=project_id, action=needed)
            return view(request, *args, project=project, **kwargs)

        wrapper.__signature__ = _signature_with_project_id(view)  # type: ignore[attr-defined]
        wrapper.project_actions = {"read": action, "write": write_action}  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _signature_with_project_id(view: Callable[..., Any]) -> inspect.Signature:
    """`view`'s signature with `project` replaced by `project_id: int`, its annotations
    resolved in the view's own module (Ninja would look them up in this one)."""
    hints = typing.get_type_hints(view, include_extras=True)
    parameters = [
        parameter.replace(name="project_id", annotation=int)
        if parameter.name == "project"
        else parameter.replace(annotation=hints.get(parameter.name, parameter.annotation))
        for parameter in inspect.signature(view).parameters.values()
    ]
    return inspect.Signature(parameters)
