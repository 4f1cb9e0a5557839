"""Reads of projects, always scoped to their owner."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from dashboard.models import Project

MAX_ID = 2**63 - 1  # ids beyond a BigAutoField cannot exist; asking for one is a plain 404


def project_list_for(user: AbstractBaseUser, *, search: str = "") -> QuerySet[Project]:
    projects = Project.objects.filter(owner=user)
    if search:
        projects = projects.filter(
            Q(nama__icontains=search)
            | Q(lokasi__icontains=search)
            | Q(nama_client__icontains=search)
        )
    return projects.order_by("-updated_at", "-id")


def project_get_owned(
    *, user: AbstractBaseUser | AnonymousUser, project_id: int, for_update: bool = False
) -> Project:
    """The project if `user` owns it; 404 otherwise, so nobody learns another user's ids."""
    if not user.is_authenticated or not 0 < project_id <= MAX_ID:
        raise Http404("Project not found")
    queryset = Project.objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(pk=project_id, owner=user)
    except Project.DoesNotExist:
        raise Http404("Project not found") from None
