"""Every page that belongs to one project, found by walking the URL configuration, with the ids
to fill its URL: the access tests cover a new page the moment it exists, and a page that takes
a new kind of id fails loudly until `project_ids` learns it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from dashboard.models import Anggota, Peran, Undangan
from detail_project.models import (
    JadwalLog,
    Klasifikasi,
    Pekerjaan,
    SubKlasifikasi,
    TahapPelaksanaan,
)
from detail_project.tests.factories import make_rab

# The JSON API has its own walk (api_operations.py); the AHSP catalogue belongs to no project
# (every signed-in user reads it; ahsp/tests/test_ahsp_catalogue.py checks it needs a login).
SKIPPED_NAMESPACES = {"admin", "api", "ahsp"}


def _walk(patterns, namespace=None, outer=frozenset()):
    for pattern in patterns:
        kwargs = outer | set(pattern.pattern.converters)
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _walk(pattern.url_patterns, inner, kwargs)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, kwargs


def project_pages() -> list[tuple[str, frozenset[str]]]:
    """(url name, kwarg names) of every page that belongs to one project."""
    pages = {}
    for name, kwargs in _walk(get_resolver().url_patterns):
        if kwargs == {"token"}:
            continue  # an invitation link: its secret token, not a team, lets you in
        if kwargs and "project_id" not in kwargs:
            raise AssertionError(f"{name} takes ids but no project_id: how is it scoped?")
        if "project_id" in kwargs:
            pages[name] = kwargs
    return sorted(pages.items())


PAGES = project_pages()


def project_ids(project, member) -> dict[str, Any]:
    """An id for every kind of URL argument, all of `project` (`member`: a user in its team)."""
    make_rab(project, pekerjaan=2, klasifikasi=1, subs=1)
    TahapPelaksanaan.objects.create(project=project, nama="Tahap 1")
    invitation = Undangan.objects.create(
        project=project,
        email="invited@example.com",
        peran=Peran.PEMBACA,
        token_hash="0" * 64,
        expires_at=project.created_at + dt.timedelta(days=365 * 100),
    )
    return {
        "project_id": project.pk,
        "klasifikasi_id": Klasifikasi.objects.get(project=project).pk,
        "sub_id": SubKlasifikasi.objects.get(project=project).pk,
        "pekerjaan_id": Pekerjaan.objects.filter(project=project).first().pk,
        "tahapan_id": TahapPelaksanaan.objects.get(project=project).pk,
        "user_id": member.pk,
        "undangan_id": invitation.pk,
        "fmt": "pdf",
        "jenis": "mingguan",
        "nomor": 1,
    }


def url_for(name: str, kwargs: frozenset[str], ids: dict[str, Any]) -> str:
    missing = kwargs - set(ids)
    assert not missing, f"{name}: add an id for {missing} to `project_ids`"
    return reverse(name, kwargs={key: ids[key] for key in kwargs})


def declared_actions(url: str) -> dict[str, str]:
    """What the page's view needs ({"read": action, "write": action}), as its
    `project_access` decorator declares it; a page without one fails here."""
    view: Callable[..., Any] = resolve(url).func
    while isinstance(view, partial):
        view = view.func
    actions = getattr(view, "project_actions", None)
    assert actions, f"{url}: the view does not go through dashboard.access.project_access"
    return actions


def snapshot(project) -> tuple[list[dict[str, Any]], ...]:
    """Everything a page could change, to compare before and after a refused request."""
    return (
        list(project.__class__.objects.filter(pk=project.pk).values()),
        list(Klasifikasi.objects.values()),
        list(SubKlasifikasi.objects.values()),
        list(Pekerjaan.objects.values()),
        list(TahapPelaksanaan.objects.values()),
        list(Anggota.objects.values()),
        list(Undangan.objects.values()),
        list(JadwalLog.objects.values()),
    )
