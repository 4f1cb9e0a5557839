"""Pages of the dashboard: the project list and the create / edit / duplicate / delete forms.

Every page is for logged-in users only and finds its project through `dashboard.access`, so a
project whose team the user is not in answers 404 and never reveals that it exists, and a
member whose peran does not allow the action gets 403 with the reason. Writes happen only on
POST (CSRF-checked by the middleware) and go through `dashboard.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dashboard import services
from dashboard.access import Action, access_from, project_access, projects_of
from dashboard.forms import ProjectDuplicateForm, ProjectForm, signature_formset
from dashboard.models import Project
from dashboard.selectors import project_list_for

PROJECTS_PER_PAGE = 25
SHARED = "dibagikan"  # ?daftar=dibagikan: the projects shared with me
SEARCH_MAX_LENGTH = 100


def _pekerjaan_count() -> Coalesce:
    """Pekerjaan per project as a correlated subquery rather than a JOIN + GROUP BY.

    The subquery runs only for the 25 rows of the page (through the (project, ordering_index)
    index) and the paginator's COUNT drops it, whereas a JOIN would aggregate every pekerjaan
    of every project the user has before the page is cut. Either way the page costs the same
    number of queries however many projects or pekerjaan there are.
    """
    # The pekerjaan model is reached through Project's reverse relation: the dashboard does not
    # import the app that holds a project's content (see dashboard/signals.py).
    pekerjaan = Project._meta.get_field("pekerjaan").related_model
    per_project = (
        pekerjaan._default_manager.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(per_project), 0)


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """The user's own projects, or (`?daftar=dibagikan`) those shared with them: the projects
    whose team they are in, with their peran and only the actions it allows."""
    search = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    shared = request.GET.get("daftar") == SHARED
    projects = project_list_for(request.user, search=search, shared=shared).annotate(
        jumlah_pekerjaan=_pekerjaan_count()
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    for project in page.object_list:
        project.access = access_from(project, request.user)
    has_any_project = bool(page.object_list) or (
        bool(search) and projects_of(request.user, shared=shared).exists()
    )
    return render(
        request,
        "dashboard/project_list.html",
        {
            "page": page,
            "search": search,
            "has_any_project": has_any_project,
            "shared": shared,
            "shared_param": SHARED,
            "shared_count": projects_of(request.user, shared=True).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = ProjectForm(posted)
    signatures = signature_formset(posted)
    # Both checked before anything is saved (`and` would skip the signatures' errors).
    if posted is not None and all([form.is_valid(), signatures.is_valid()]):
        data = {**form.cleaned_data, "tanda_tangan": signatures.blocks()}
        project = services.project_create(owner=request.user, data=data)
        messages.success(request, _("Project “%(nama)s” created.") % {"nama": project.nama})
        return redirect("detail_project:rab", project_id=project.pk)
    return render(
        request,
        "dashboard/project_form.html",
        {"form": form, "signatures": signatures, "project": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.MANAGE_PROJECT)
def project_edit(request: HttpRequest, project: Project) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = ProjectForm(posted, instance=project)
    signatures = signature_formset(posted, project=project)
    if posted is not None and all([form.is_valid(), signatures.is_valid()]):
        data = {**form.cleaned_data, "tanda_tangan": signatures.blocks()}
        update = services.project_update(project=project, data=data, user=request.user)
        messages.success(request, _("Project “%(nama)s” saved.") % {"nama": project.nama})
        for message in update.messages:
            messages.info(request, message)
        return redirect("dashboard:project_list")
    return render(
        request,
        "dashboard/project_form.html",
        {"form": form, "signatures": signatures, "project": project},
    )


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.DUPLICATE)
def project_duplicate(request: HttpRequest, project: Project) -> HttpResponse:
    if request.method != "POST":
        form = ProjectDuplicateForm(initial={"nama": ProjectDuplicateForm.default_name(project)})
    else:
        form = ProjectDuplicateForm(request.POST)
        if form.is_valid():
            copy = services.project_duplicate(
                project=project, owner=request.user, nama=form.cleaned_data["nama"]
            )
            messages.success(
                request,
                _("Project “%(nama)s” copied as “%(copy)s”.")
                % {"nama": project.nama, "copy": copy.nama},
            )
            return redirect("dashboard:project_list")
    return render(request, "dashboard/project_duplicate.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.MANAGE_PROJECT)
def project_delete(request: HttpRequest, project: Project) -> HttpResponse:
    if request.method == "POST":
        nama = project.nama
        services.project_delete(project=project)
        messages.success(request, _("Project “%(nama)s” deleted.") % {"nama": nama})
        return redirect("dashboard:project_list")
    context = {
        "project": project,
        "jumlah_klasifikasi": project.klasifikasi.count(),
        "jumlah_pekerjaan": project.pekerjaan.count(),
        "jumlah_tahapan": project.tahapan.count(),
        "jumlah_assignments": project.tahapan.aggregate(n=Count("pekerjaan_items"))["n"],
    }
    return render(request, "dashboard/project_confirm_delete.html", context)
