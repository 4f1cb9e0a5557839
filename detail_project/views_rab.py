from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboard.selectors import project_get_owned


@login_required
@require_GET
def rab_page(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_owned(user=request.user, project_id=project_id)
    return render(request, "detail_project/rab.html", {"project": project, "active_tab": "rab"})
