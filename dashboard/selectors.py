"""Reads of the project list. A single project is found through `dashboard.access`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from dashboard.access import MAX_ID, projects_of
from dashboard.models import Project

__all__ = ["MAX_ID", "project_list_for"]


def project_list_for(
    user: AbstractBaseUser, *, search: str = "", shared: bool = False
) -> QuerySet[Project]:
    """The projects `user` owns, or (`shared`) those whose team they are in."""
    projects = projects_of(user, shared=shared).select_related("owner")
    if search:
        projects = projects.filter(
            Q(nama__icontains=search)
            | Q(lokasi__icontains=search)
            | Q(nama_client__icontains=search)
        )
    return projects.order_by("-updated_at", "-id")
