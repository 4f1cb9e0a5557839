from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard.selectors import project_list_for


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "dashboard/project_list.html", {"projects": project_list_for(request.user)}
    )
