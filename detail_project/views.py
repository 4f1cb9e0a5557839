"""Project pages outside the RAB: the entry redirect and the Jadwal Pekerjaan page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dashboard.selectors import project_get_owned


@login_required
@require_GET
def project_home(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_owned(user=request.user, project_id=project_id)
    return redirect("detail_project:rab", project_id=project.pk)


@login_required
@require_GET
def jadwal_pekerjaan(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_owned(user=request.user, project_id=project_id)
    return render(
        request,
        "detail_project/jadwal_pekerjaan.html",
        {"project": project, "active_tab": "jadwal"},
    )
