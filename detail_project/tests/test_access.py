"""Who may open what: every project page and form, found by walking the URL configuration, is
a 404 to anyone outside the project's team and a redirect to the login page for an anonymous
visitor. What each member of the team may do is test_team_access.py.

New pages are covered automatically; a page that takes a new kind of id fails loudly until
`project_urls.project_ids` learns it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from detail_project.tests.project_urls import PAGES, project_ids, snapshot, url_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(project, owner):
    return project_ids(project, owner)


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
