"""The RAB page and its server-rendered editing: add, edit, delete and reorder at every level.

Every view answers 404 unless the signed-in user owns the project and the row belongs to the
project in the URL. Writes are POSTs (CSRF-checked by the middleware) that redirect back to the
RAB page, anchored on the row that changed.

Klasifikasi, sub-klasifikasi and pekerjaan are edited the same way, so there is one create, one
edit, one delete and one move view; a `Level` per tier of the tree says what differs (model,
form, services, anchor, wording) and `urls_rab` wires each view once per level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.access import Action, project_access
from dashboard.models import Project
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
from detail_project.templatetags.rupiah import row_url_template

# Built by the import feature; the button hides itself while that page does not exist.
IMPORT_URL_NAME = "detail_project:rab_import"

Row = Klasifikasi | SubKlasifikasi | Pekerjaan
# A `gettext_lazy` string: the table is built at import, the words are chosen per request.
LazyText = Promise


# --- the three levels of the RAB tree --------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """What the create, edit, delete and move views need to know about one level of the tree."""

    # "sub_klasifikasi": URL names are `rab_<name>_<action>`, and the services (and the delete
    # summary) take a row of this level by this keyword.
    name: str
    model: type[Row]
    # The level above, None for klasifikasi (whose parent is the project itself).
    parent: Level | None
    # The row's foreign key to its parent, also the keyword the create service takes it by.
    parent_field: str
    # Joined when reading a row, so that the form's context line costs no extra query.
    select_related: tuple[str, ...]
    # URLs: rab/<url_segment>/<int:<url_kwarg>>/edit/ and so on.
    url_segment: str
    url_kwarg: str
    # The page marks each row with id="<anchor>-<pk>"; redirects land on it.
    anchor: str
    form: type[forms.Form]
    initial: Callable[[Any], dict[str, Any]]  # the edit form's values, from the row
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]  # above pekerjaan: returns how many pekerjaan went with the row
    move: Callable[..., Any]
    label: Callable[[Any], str]  # the row as messages name it
    in_parent: Callable[[Any], str]  # the form's context line, from the parent (row or project)
    kind: LazyText
    add_title: LazyText
    edit_title: LazyText
    added: LazyText
    saved: LazyText
    deleted: LazyText  # %(name)s and %(count)d (the pekerjaan deleted with it) are offered


def _name_initial(row: Klasifikasi | SubKlasifikasi) -> dict[str, Any]:
    return {"name": row.name}


def _pekerjaan_label(pekerjaan: Pekerjaan) -> str:
    """Kode and the start of its uraian: a long uraian would swamp the message."""
    return Truncator(str(pekerjaan)).chars(80)


def _in_klasifikasi(klasifikasi: Klasifikasi) -> str:
    return _("In klasifikasi “%(name)s”") % {"name": klasifikasi.name}


def _in_sub_klasifikasi(sub: SubKlasifikasi) -> str:
    return _("In %(klasifikasi)s › %(sub)s") % {
        "klasifikasi": sub.klasifikasi.name,
        "sub": sub.name,
    }


KLASIFIKASI = Level(
    name="klasifikasi",
    model=Klasifikasi,
    parent=None,
    parent_field="project",
    select_related=(),
    url_segment="klasifikasi",
    url_kwarg="klasifikasi_id",
    anchor="klasifikasi",
    form=KlasifikasiForm,
    initial=_name_initial,
    create=services.klasifikasi_create,
    update=services.klasifikasi_update,
    delete=services.klasifikasi_delete,
    move=services.klasifikasi_move,
    label=str,
    in_parent=lambda project: "",
    kind=gettext_lazy("klasifikasi"),
    add_title=gettext_lazy("Add klasifikasi"),
    edit_title=gettext_lazy("Edit klasifikasi"),
    added=gettext_lazy("Klasifikasi “%(name)s” added."),
    saved=gettext_lazy("Klasifikasi “%(name)s” saved."),
    deleted=gettext_lazy("Klasifikasi “%(name)s” deleted with %(count)d pekerjaan."),
)

SUB_KLASIFIKASI = Level(
    name="sub_klasifikasi",
    model=SubKlasifikasi,
    parent=KLASIFIKASI,
    parent_field="klasifikasi",
    select_related=("klasifikasi",),
    url_segment="sub",
    url_kwarg="sub_id",
    anchor="sub-klasifikasi",
    form=SubKlasifikasiForm,
    initial=_name_initial,
    create=services.sub_klasifikasi_create,
    update=services.sub_klasifikasi_update,
    delete=services.sub_klasifikasi_delete,
    move=services.sub_klasifikasi_move,
    label=str,
    in_parent=_in_klasifikasi,
    kind=gettext_lazy("sub-klasifikasi"),
    add_title=gettext_lazy("Add sub-klasifikasi"),
    edit_title=gettext_lazy("Edit sub-klasifikasi"),
    added=gettext_lazy("Sub-klasifikasi “%(name)s” added."),
    saved=gettext_lazy("Sub-klasifikasi “%(name)s” saved."),
    deleted=gettext_lazy("Sub-klasifikasi “%(name)s” deleted with %(count)d pekerjaan."),
)

PEKERJAAN = Level(
    name="pekerjaan",
    model=Pekerjaan,
    parent=SUB_KLASIFIKASI,
    parent_field="sub_klasifikasi",
    select_related=("sub_klasifikasi__klasifikasi", "ahsp"),
    url_segment="pekerjaan",
    url_kwarg="pekerjaan_id",
    anchor="pekerjaan",
    form=PekerjaanForm,
    initial=PekerjaanForm.initial_from,
    create=services.pekerjaan_create,
    update=services.pekerjaan_update,
    delete=services.pekerjaan_delete,
    move=services.pekerjaan_move,
    label=_pekerjaan_label,
    in_parent=_in_sub_klasifikasi,
    kind=gettext_lazy("pekerjaan"),
    add_title=gettext_lazy("Add pekerjaan"),
    edit_title=gettext_lazy("Edit pekerjaan"),
    added=gettext_lazy("Pekerjaan “%(name)s” added."),
    saved=gettext_lazy("Pekerjaan “%(name)s” saved."),
    deleted=gettext_lazy("Pekerjaan “%(name)s” deleted."),
)

LEVELS = (KLASIFIKASI, SUB_KLASIFIKASI, PEKERJAAN)

# The per-row links and buttons of the RAB page, by the key the template uses. Adding a
# klasifikasi belongs to no row, so the page links to it directly.
ROW_URL_NAMES = (
    {
        f"{level.name}_{action}": f"detail_project:rab_{level.name}_{action}"
        for level in LEVELS
        for action in ("edit", "delete", "move")
    }
    | {
        f"{level.name}_create": f"detail_project:rab_{level.name}_create"
        for level in LEVELS
        if level.parent is not None
    }
    | {"pekerjaan_ahsp": "detail_project:rab_pekerjaan_ahsp"}
)


# --- helpers ---------------------------------------------------------------------------------


def _optional_url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _anchor(level: Level | None, pk: int) -> str:
    """`sub-klasifikasi-7`, the row's id on the RAB page; the project (no level) has none."""
    return f"{level.anchor}-{pk}" if level is not None else ""


def _rab_url(project_id: int, anchor: str = "") -> str:
    url = reverse("detail_project:rab", args=[project_id])
    return f"{url}#{anchor}" if anchor else url


def _get_row(level: Level, project: Project, row_id: int) -> Row:
    """The row if it (and its parent) belong to the project; else 404.

    The parent is checked too so that a row moved under another project by bad data cannot be
    reached through this one. `row.project` is the project already read, saving a query.
    """
    lookups: dict[str, Any] = {"pk": row_id, "project": project}
    if level.parent is not None:
        lookups[f"{level.parent_field}__project"] = project
    rows = level.model.objects.all()
    if level.select_related:  # select_related() with no names would join every foreign key
        rows = rows.select_related(*level.select_related)
    row = get_object_or_404(rows, **lookups)
    row.project = project
    return row


def _form_page(
    request: HttpRequest,
    *,
    project: Project,
    form: forms.Form,
    title: str | LazyText,
    submit_label: str | LazyText,
    anchor: str,
    context: str,
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


# --- the page --------------------------------------------------------------------------------


@login_required
@require_GET
@project_access(Action.VIEW)
def rab_page(request: HttpRequest, project: Project) -> HttpResponse:
    return render(
        request,
        "detail_project/rab.html",
        {
            "project": project,
            "active_tab": "rab",
            "tree": rab_tree(project),
            "can_edit": project.access.can_do(Action.EDIT_RAB),
            "edit_reason": project.access.reasons.get(Action.EDIT_RAB, ""),
            "import_url": _optional_url(IMPORT_URL_NAME, project.pk),
            "urls": {
                key: row_url_template(name, project.pk) for key, name in ROW_URL_NAMES.items()
            },
        },
    )


# --- editing, one view per action for every level --------------------------------------------
#
# `urls_rab` binds `level`; the URL carries the row's id (or, to create, its parent's) under the
# level's `url_kwarg`, which arrives in `ids`. The services take the row by the level's name.


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.EDIT_RAB)
def rab_create(request: HttpRequest, project: Project, *, level: Level, **ids: int) -> HttpResponse:
    parent: Project | Row
    if level.parent is None:  # a klasifikasi goes straight under the project
        parent = project
    else:
        parent = _get_row(level.parent, project, ids[level.parent.url_kwarg])
    form = level.form(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            row = level.create(
                **{level.parent_field: parent}, **form.cleaned_data, user=request.user
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, level.added % {"name": level.label(row)})
            return redirect(_rab_url(project.pk, _anchor(level, row.pk)))
    return _form_page(
        request,
        project=project,
        form=form,
        title=level.add_title,
        submit_label=level.add_title,
        anchor=_anchor(level.parent, parent.pk),
        context=level.in_parent(parent),
    )


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.EDIT_RAB)
def rab_edit(request: HttpRequest, project: Project, *, level: Level, **ids: int) -> HttpResponse:
    row = _get_row(level, project, ids[level.url_kwarg])
    anchor = _anchor(level, row.pk)
    if request.method == "POST":
        form = level.form(request.POST)
    else:
        form = level.form(initial=level.initial(row))
    if form.is_valid():
        try:
            level.update(**{level.name: row}, **form.cleaned_data, user=request.user)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, level.saved % {"name": level.label(row)})
            return redirect(_rab_url(project.pk, anchor))
    return _form_page(
        request,
        project=row.project,
        form=form,
        title=level.edit_title,
        submit_label=_("Save"),
        anchor=anchor,
        context=level.in_parent(getattr(row, level.parent_field)),
    )


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.EDIT_RAB)
def rab_delete(request: HttpRequest, project: Project, *, level: Level, **ids: int) -> HttpResponse:
    row = _get_row(level, project, ids[level.url_kwarg])
    if request.method == "POST":
        name = level.label(row)
        count = level.delete(**{level.name: row}, user=request.user)
        messages.success(request, level.deleted % {"name": name, "count": count})
        parent_id = getattr(row, f"{level.parent_field}_id")
        return redirect(_rab_url(project.pk, _anchor(level.parent, parent_id)))
    return render(
        request,
        "detail_project/rab_confirm_delete.html",
        {
            "project": row.project,
            "active_tab": "rab",
            "kind": level.kind,
            "name": str(row),
            "consequences": _consequences(rab_delete_summary(**{level.name: row})),
            "cancel_url": _rab_url(project.pk, _anchor(level, row.pk)),
        },
    )


@login_required
@require_POST
@project_access(Action.EDIT_RAB)
def rab_move(request: HttpRequest, project: Project, *, level: Level, **ids: int) -> HttpResponse:
    row = _get_row(level, project, ids[level.url_kwarg])
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Direction must be “up” or “down”."))
    level.move(**{level.name: row}, direction=form.cleaned_data["direction"], user=request.user)
    return redirect(_rab_url(project.pk, _anchor(level, row.pk)))
