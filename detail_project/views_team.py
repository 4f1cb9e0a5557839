"""The team page (SPEC §14) and the history of who changed what.

The rules are in `dashboard.access` and `detail_project.services.team`; these views only
show them. Every member sees the team; only a pemilik gets the form to change it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.access import MAX_ID, Action, project_access
from dashboard.models import Peran, Project, Undangan
from detail_project.forms_team import AnggotaForm, UndanganForm
from detail_project.selectors.team import describe, history_authors, history_logs, team_members
from detail_project.services import invitations, team
from detail_project.services.errors import ServiceError

HISTORY_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.VIEW, write=Action.MANAGE_MEMBERS)
def anggota(request: HttpRequest, project: Project) -> HttpResponse:
    form = AnggotaForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            change = team.member_add(project=project, by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error("username", error.message)
        else:
            (messages.success if change.changed else messages.info)(request, change.message)
            return redirect("detail_project:anggota", project_id=project.pk)
    return render(
        request,
        "detail_project/anggota.html",
        {
            "project": project,
            "active_tab": "anggota",
            "access": project.access,
            "members": team_members(project),
            "form": form,
            "peran_choices": Peran.choices,
            "invitations_enabled": invitations.invitations_enabled(),
            "invite_form": UndanganForm(),
            "invitations": Undangan.objects.filter(project=project, accepted_at=None).order_by(
                "-created_at"
            )
            if project.access.can_do(Action.MANAGE_MEMBERS)
            else [],
        },
    )


@login_required
@require_POST
@project_access(Action.MANAGE_MEMBERS)
def undangan_kirim(request: HttpRequest, project: Project) -> HttpResponse:
    """Send an invitation by email; back to the team page with what happened."""
    form = UndanganForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("detail_project:anggota", project_id=project.pk)

    def accept_url(token: str) -> str:
        return request.build_absolute_uri(reverse("detail_project:undangan", args=[token]))

    try:
        change = invitations.invitation_send(
            project=project, by=request.user, accept_url=accept_url, **form.cleaned_data
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, change.message)
    return redirect("detail_project:anggota", project_id=project.pk)


@login_required
@require_POST
@project_access(Action.MANAGE_MEMBERS)
def undangan_batal(request: HttpRequest, project: Project, undangan_id: int) -> HttpResponse:
    try:
        change = invitations.invitation_cancel(
            project=project, by=request.user, undangan_id=undangan_id
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, change.message)
    return redirect("detail_project:anggota", project_id=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def undangan(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: who invites you to which project, as what; confirm to join. Reached
    by its secret token, not through the project (you are not in its team yet)."""
    try:
        invitation = invitations.invitation_for(token)
    except ServiceError as error:
        return render(
            request, "detail_project/undangan.html", {"refusal": error.message}, status=error.status
        )
    if request.method == "POST":
        try:
            project, change = invitations.invitation_accept(token=token, user=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("dashboard:project_list")
        (messages.success if change.changed else messages.info)(request, change.message)
        return redirect("detail_project:rab", project_id=project.pk)
    return render(
        request,
        "detail_project/undangan.html",
        {"invitation": invitation, "peran": invitation.get_peran_display()},
    )


@login_required
@require_POST
@project_access(Action.MANAGE_MEMBERS)
def anggota_hapus(request: HttpRequest, project: Project, user_id: int) -> HttpResponse:
    try:
        change = team.member_remove(project=project, by=request.user, user_id=user_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, change.message)
        if user_id == request.user.pk:
            return redirect("dashboard:project_list")
    return redirect("detail_project:anggota", project_id=project.pk)


@login_required
@require_POST
@project_access(Action.VIEW)
def anggota_keluar(request: HttpRequest, project: Project) -> HttpResponse:
    try:
        change = team.member_leave(project=project, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("detail_project:anggota", project_id=project.pk)
    messages.success(request, change.message)
    return redirect("dashboard:project_list")


def _member_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("anggota", "")
    return int(value) if value.isdigit() and 0 < int(value) <= MAX_ID else None


@login_required
@require_GET
@project_access(Action.VIEW)
def riwayat(request: HttpRequest, project: Project) -> HttpResponse:
    """Every audited write, newest first, filterable by the member who made it."""
    user_id = _member_filter(request)
    page = Paginator(history_logs(project, user_id=user_id), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "detail_project/riwayat.html",
        {
            "project": project,
            "active_tab": "riwayat",
            "page": page,
            "rows": [(log, describe(log)) for log in page.object_list],
            "authors": history_authors(project),
            "selected": user_id,
            "empty_title": _("Nothing has been changed yet."),
        },
    )
