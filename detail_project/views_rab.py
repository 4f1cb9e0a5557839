"""The RAB page and its server-rendered editing: add, edit, delete and reorder at every level.

Every view answers 404 unless the signed-in user owns the project and the row belongs to the
project in the URL. Writes are POSTs (CSRF-checked by the middleware) that redirect back to the
RAB page, anchored on the row that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.models import Project
from dashboard.selectors import project_get_owned
from detail_project.forms_rab import (
    KlasifikasiForm,
    MoveForm,
    PekerjaanForm,
    SubKlasifikasiForm,
)
from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi
from detail_project.selectors.rab import DeleteSummary, rab_delete_summary, rab_tree
from detail_project.services import rab as services
from detail_project.services.errors import ServiceError
from detail_project.services.rab import Direction
from detail_project.templatetags.rupiah import row_url_template

# Built by the import feature; the button hides itself while that page does not exist.
IMPORT_URL_NAME = "detail_project:rab_import"


# --- helpers ---------------------------------------------------------------------------------


def _optional_url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# The per-row links and buttons of the RAB page, by the key the template uses.
ROW_URL_NAMES = {
    level + "_" + action: f"detail_project:rab_{level}_{action}"
    for level in ("klasifikasi", "sub_klasifikasi", "pekerjaan")
    for action in ("edit", "delete", "move")
} | {
    "sub_klasifikasi_create": "detail_project:rab_sub_klasifikasi_create",
    "pekerjaan_create": "detail_project:rab_pekerjaan_create",
}


def _rab_url(project_id: int, anchor: str = "") -> str:
    url = reverse("detail_project:rab", args=[project_id])
    return f"{url}#{anchor}" if anchor else url


def _get_klasifikasi(request: HttpRequest, project_id: int, klasifikasi_id: int) -> Klasifikasi:
    project = project_get_owned(user=request.user, project_id=project_id)
    klasifikasi = get_object_or_404(Klasifikasi, pk=klasifikasi_id, project=project)
    klasifikasi.project = project
    return klasifikasi


def _get_sub(request: HttpRequest, project_id: int, sub_id: int) -> SubKlasifikasi:
    project = project_get_owned(user=request.user, project_id=project_id)
    sub = get_object_or_404(
        SubKlasifikasi.objects.select_related("klasifikasi"),
        pk=sub_id,
        project=project,
        klasifikasi__project=project,
    )
    sub.project = project
    return sub


def _get_pekerjaan(request: HttpRequest, project_id: int, pekerjaan_id: int) -> Pekerjaan:
    project = project_get_owned(user=request.user, project_id=project_id)
    pekerjaan = get_object_or_404(
        Pekerjaan.objects.select_related("sub_klasifikasi__klasifikasi"),
        pk=pekerjaan_id,
        project=project,
        sub_klasifikasi__project=project,
    )
    pekerjaan.project = project
    return pekerjaan


def _form_page(
    request: HttpRequest,
    *,
    project: Project,
    form: forms.Form,
    title: str,
    submit_label: str,
    anchor: str = "",
    context: str = "",
) -> HttpResponse:
    return render(
        request,
        "detail_project/rab_form.html",
        {
            "project": project,
            "active_tab": "rab",
            "form": form,
            "title": title,
            "context_line": context,
            "submit_label": submit_label,
            "cancel_url": _rab_url(project.pk, anchor),
        },
    )


def _confirm_page(
    request: HttpRequest,
    *,
    project: Project,
    kind: str,
    name: str,
    consequences: list[str],
    anchor: str,
) -> HttpResponse:
    return render(
        request,
        "detail_project/rab_confirm_delete.html",
        {
            "project": project,
            "active_tab": "rab",
            "kind": kind,
            "name": name,
            "consequences": consequences,
            "cancel_url": _rab_url(project.pk, anchor),
        },
    )


def _move_direction(request: HttpRequest) -> Direction | None:
    form = MoveForm(request.POST)
    return cast(Direction, form.cleaned_data["direction"]) if form.is_valid() else None


def _move(
    request: HttpRequest, project_id: int, anchor: str, move: Callable[[Direction], object]
) -> HttpResponse:
    """The shared tail of the three move views: read `direction`, move, back to the row."""
    direction = _move_direction(request)
    if direction is None:
        return HttpResponseBadRequest(_("Direction must be “up” or “down”."))
    move(direction)
    return redirect(_rab_url(project_id, anchor))


def _consequences(summary: DeleteSummary) -> list[str]:
    """What else a delete takes, as lines for the confirmation page."""
    lines = []
    if summary.sub_klasifikasi_count:
        count = summary.sub_klasifikasi_count
        lines.append(
            ngettext("%(count)d sub-klasifikasi", "%(count)d sub-klasifikasi", count)
            % {"count": count}
        )
    if summary.pekerjaan_count:
        count = summary.pekerjaan_count
        lines.append(
            ngettext("%(count)d pekerjaan", "%(count)d pekerjaan", count) % {"count": count}
        )
    if summary.assignment_count:
        count = summary.assignment_count
        lines.append(
            ngettext(
                "%(count)d schedule entry (its share in a tahapan)",
                "%(count)d schedule entries (their shares in tahapan)",
                count,
            )
            % {"count": count}
        )
    return lines


def _label(pekerjaan: Pekerjaan) -> str:
    """A pekerjaan as messages name it: kode and the start of its uraian."""
    return Truncator(str(pekerjaan)).chars(80)


# --- the page --------------------------------------------------------------------------------


@login_required
@require_GET
def rab_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_owned(user=request.user, project_id=project_id)
    return render(
        request,
        "detail_project/rab.html",
        {
            "project": project,
            "active_tab": "rab",
            "tree": rab_tree(project),
            "import_url": _optional_url(IMPORT_URL_NAME, project.pk),
            "urls": {
                key: row_url_template(name, project.pk) for key, name in ROW_URL_NAMES.items()
            },
        },
    )


# --- klasifikasi -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rab_klasifikasi_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_owned(user=request.user, project_id=project_id)
    form = KlasifikasiForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            klasifikasi = services.klasifikasi_create(
                project=project, name=form.cleaned_data["name"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Klasifikasi “%(name)s” added.") % {"name": klasifikasi})
            return redirect(_rab_url(project.pk, f"klasifikasi-{klasifikasi.pk}"))
    return _form_page(
        request,
        project=project,
        form=form,
        title=_("Add klasifikasi"),
        submit_label=_("Add klasifikasi"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rab_klasifikasi_edit(
    request: HttpRequest, project_id: int, klasifikasi_id: int
) -> HttpResponse:
    klasifikasi = _get_klasifikasi(request, project_id, klasifikasi_id)
    anchor = f"klasifikasi-{klasifikasi.pk}"
    if request.method == "POST":
        form = KlasifikasiForm(request.POST)
    else:
        form = KlasifikasiForm(initial={"name": klasifikasi.name})
    if form.is_valid():
        try:
            services.klasifikasi_update(klasifikasi=klasifikasi, name=form.cleaned_data["name"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Klasifikasi “%(name)s” saved.") % {"name": klasifikasi})
            return redirect(_rab_url(project_id, anchor))
    return _form_page(
        request,
        project=klasifikasi.project,
        form=form,
        title=_("Edit klasifikasi"),
        submit_label=_("Save"),
        anchor=anchor,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rab_klasifikasi_delete(
    request: HttpRequest, project_id: int, klasifikasi_id: int
) -> HttpResponse:
    klasifikasi = _get_klasifikasi(request, project_id, klasifikasi_id)
    if request.method == "POST":
        name = klasifikasi.name
        count = services.klasifikasi_delete(klasifikasi=klasifikasi)
        messages.success(
            request,
            _("Klasifikasi “%(name)s” deleted with %(count)d pekerjaan.")
            % {"name": name, "count": count},
        )
        return redirect(_rab_url(project_id))
    return _confirm_page(
        request,
        project=klasifikasi.project,
        kind=_("klasifikasi"),
        name=klasifikasi.name,
        consequences=_consequences(rab_delete_summary(klasifikasi=klasifikasi)),
        anchor=f"klasifikasi-{klasifikasi.pk}",
    )


@login_required
@require_POST
def rab_klasifikasi_move(
    request: HttpRequest, project_id: int, klasifikasi_id: int
) -> HttpResponse:
    klasifikasi = _get_klasifikasi(request, project_id, klasifikasi_id)
    return _move(
        request,
        project_id,
        f"klasifikasi-{klasifikasi.pk}",
        lambda direction: services.klasifikasi_move(klasifikasi=klasifikasi, direction=direction),
    )


# --- sub-klasifikasi -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rab_sub_klasifikasi_create(
    request: HttpRequest, project_id: int, klasifikasi_id: int
) -> HttpResponse:
    klasifikasi = _get_klasifikasi(request, project_id, klasifikasi_id)
    form = SubKlasifikasiForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            sub = services.sub_klasifikasi_create(
                klasifikasi=klasifikasi, name=form.cleaned_data["name"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sub-klasifikasi “%(name)s” added.") % {"name": sub})
            return redirect(_rab_url(project_id, f"sub-klasifikasi-{sub.pk}"))
    return _form_page(
        request,
        project=klasifikasi.project,
        form=form,
        title=_("Add sub-klasifikasi"),
        submit_label=_("Add sub-klasifikasi"),
        anchor=f"klasifikasi-{klasifikasi.pk}",
        context=_("In klasifikasi “%(name)s”") % {"name": klasifikasi.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rab_sub_klasifikasi_edit(request: HttpRequest, project_id: int, sub_id: int) -> HttpResponse:
    sub = _get_sub(request, project_id, sub_id)
    anchor = f"sub-klasifikasi-{sub.pk}"
    if request.method == "POST":
        form = SubKlasifikasiForm(request.POST)
    else:
        form = SubKlasifikasiForm(initial={"name": sub.name})
    if form.is_valid():
        try:
            services.sub_klasifikasi_update(sub_klasifikasi=sub, name=form.cleaned_data["name"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sub-klasifikasi “%(name)s” saved.") % {"name": sub})
            return redirect(_rab_url(project_id, anchor))
    return _form_page(
        request,
        project=sub.project,
        form=form,
        title=_("Edit sub-klasifikasi"),
        submit_label=_("Save"),
        anchor=anchor,
        context=_("In klasifikasi “%(name)s”") % {"name": sub.klasifikasi.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rab_sub_klasifikasi_delete(request: HttpRequest, project_id: int, sub_id: int) -> HttpResponse:
    sub = _get_sub(request, project_id, sub_id)
    if request.method == "POST":
        name = sub.name
        count = services.sub_klasifikasi_delete(sub_klasifikasi=sub)
        messages.success(
            request,
            _("Sub-klasifikasi “%(name)s” deleted with %(count)d pekerjaan.")
            % {"name": name, "count": count},
        )
        return redirect(_rab_url(project_id, f"klasifikasi-{sub.klasifikasi_id}"))
    return _confirm_page(
        request,
        project=sub.project,
        kind=_("sub-klasifikasi"),
        name=sub.name,
        consequences=_consequences(rab_delete_summary(sub_klasifikasi=sub)),
        anchor=f"sub-klasifikasi-{sub.pk}",
    )


@login_required
@require_POST
def rab_sub_klasifikasi_move(request: HttpRequest, project_id: int, sub_id: int) -> HttpResponse:
    sub = _get_sub(request, project_id, sub_id)
    return _move(
        request,
        project_id,
        f"sub-klasifikasi-{sub.pk}",
        lambda direction: services.sub_klasifikasi_move(sub_klasifikasi=sub, direction=direction),
    )


# --- pekerjaan -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rab_pekerjaan_create(request: HttpRequest, project_id: int, sub_id: int) -> HttpResponse:
    sub = _get_sub(request, project_id, sub_id)
    form = PekerjaanForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            pekerjaan = services.pekerjaan_create(sub_klasifikasi=sub, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Pekerjaan “%(name)s” added.") % {"name": _label(pekerjaan)}
            )
            return redirect(_rab_url(project_id, f"pekerjaan-{pekerjaan.pk}"))
    return _form_page(
        request,
        project=sub.project,
        form=form,
        title=_("Add pekerjaan"),
        submit_label=_("Add pekerjaan"),
        anchor=f"sub-klasifikasi-{sub.pk}",
        context=_("In %(klasifikasi)s › %(sub)s")
        % {"klasifikasi": sub.klasifikasi.name, "sub": sub.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rab_pekerjaan_edit(request: HttpRequest, project_id: int, pekerjaan_id: int) -> HttpResponse:
    pekerjaan = _get_pekerjaan(request, project_id, pekerjaan_id)
    anchor = f"pekerjaan-{pekerjaan.pk}"
    if request.method == "POST":
        form = PekerjaanForm(request.POST)
    else:
        form = PekerjaanForm(initial=PekerjaanForm.initial_from(pekerjaan))
    if form.is_valid():
        try:
            services.pekerjaan_update(pekerjaan=pekerjaan, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Pekerjaan “%(name)s” saved.") % {"name": _label(pekerjaan)}
            )
            return redirect(_rab_url(project_id, anchor))
    sub = pekerjaan.sub_klasifikasi
    return _form_page(
        request,
        project=pekerjaan.project,
        form=form,
        title=_("Edit pekerjaan"),
        submit_label=_("Save"),
        anchor=anchor,
        context=_("In %(klasifikasi)s › %(sub)s")
        % {"klasifikasi": sub.klasifikasi.name, "sub": sub.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rab_pekerjaan_delete(request: HttpRequest, project_id: int, pekerjaan_id: int) -> HttpResponse:
    pekerjaan = _get_pekerjaan(request, project_id, pekerjaan_id)
    if request.method == "POST":
        name = _label(pekerjaan)
        services.pekerjaan_delete(pekerjaan=pekerjaan)
        messages.success(request, _("Pekerjaan “%(name)s” deleted.") % {"name": name})
        return redirect(_rab_url(project_id, f"sub-klasifikasi-{pekerjaan.sub_klasifikasi_id}"))
    return _confirm_page(
        request,
        project=pekerjaan.project,
        kind=_("pekerjaan"),
        name=str(pekerjaan),
        consequences=_consequences(rab_delete_summary(pekerjaan=pekerjaan)),
        anchor=f"pekerjaan-{pekerjaan.pk}",
    )


@login_required
@require_POST
def rab_pekerjaan_move(request: HttpRequest, project_id: int, pekerjaan_id: int) -> HttpResponse:
    pekerjaan = _get_pekerjaan(request, project_id, pekerjaan_id)
    return _move(
        request,
        project_id,
        f"pekerjaan-{pekerjaan.pk}",
        lambda direction: services.pekerjaan_move(pekerjaan=pekerjaan, direction=direction),
    )
