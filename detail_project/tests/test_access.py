"""Who may open what: every project page and form, found by walking the URL configuration, is
a 404 to anyone but the owner and a redirect to the login page for an anonymous visitor.

New pages are covered automatically; a page that takes a new kind of id fails loudly below
until its id is added to `ids`.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi, TahapPelaksanaan
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db

# The JSON API has its own tests (test_tahapan_api.py); the AHSP catalogue belongs to no project
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


def project_pages():
    """(url name, kwarg names) of every page that belongs to one project."""
    pages = {}
    for name, kwargs in _walk(get_resolver().url_patterns):
        if kwargs and "project_id" not in kwargs:
            raise AssertionError(f"{name} takes ids but no project_id: how is it scoped?")
        if "project_id" in kwargs:
            pages[name] = kwargs
    return sorted(pages.items())


PAGES = project_pages()


@pytest.fixture
def ids(project):
    make_rab(project, pekerjaan=2, klasifikasi=1, subs=1)
    TahapPelaksanaan.objects.create(project=project, nama="Tahap 1")
    return {
        "project_id": project.pk,
        "klasifikasi_id": Klasifikasi.objects.get(project=project).pk,
        "sub_id": SubKlasifikasi.objects.get(project=project).pk,
        "pekerjaan_id": Pekerjaan.objects.filter(project=project).first().pk,
        "tahapan_id": TahapPelaksanaan.objects.get(project=project).pk,
        "fmt": "pdf",
        "jenis": "mingguan",
        "nomor": 1,
    }


def url_for(name, kwargs, ids):
    missing = kwargs - set(ids)
    assert not missing, f"{name}: add an id for {missing} to the `ids` fixture"
    return reverse(name, kwargs={key: ids[key] for key in kwargs})


def snapshot(project):
    return (
        list(project.__class__.objects.filter(pk=project.pk).values()),
        list(Klasifikasi.objects.values()),
        list(SubKlasifikasi.objects.values()),
        list(Pekerjaan.objects.values()),
        list(TahapPelaksanaan.objects.values()),
    )


def test_there_are_project_pages_to_check():
    names = {name for name, _ in PAGES}
    assert {"detail_project:rab", "detail_project:jadwal_pekerjaan"} <= names
    assert "dashboard:project_edit" in names
    assert len(PAGES) >= 20


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_an_outsider_gets_404_and_changes_nothing(
    outsider_client, owner_client, project, ids, name, kwargs
):
    url = url_for(name, kwargs, ids)
    post_only = owner_client.get(url).status_code == 405
    before = snapshot(project)

    assert outsider_client.get(url).status_code == (405 if post_only else 404)
    # A POST-only page may refuse GET with 405 first; either way nothing is revealed.
    assert outsider_client.post(url, {"name": "x", "nama": "x"}).status_code in (404, 405)
    assert snapshot(project) == before


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_an_anonymous_visitor_is_sent_to_login(project, ids, name, kwargs):
    url = url_for(name, kwargs, ids)
    client = Client()

    for response in (client.get(url), client.post(url, {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_the_owner_can_open_every_page_that_answers_get(owner_client, project, ids):
    for name, kwargs in PAGES:
        response = owner_client.get(url_for(name, kwargs, ids))
        assert response.status_code in (200, 302, 405), name
