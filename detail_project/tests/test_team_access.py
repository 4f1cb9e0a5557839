"""Every page and every API operation, for every peran of the team, answers what the permission
rule (`dashboard.access.RULE`) says: allowed → it works; refused → 403 with the reason, nothing
changed. The matrix is derived, not kept: the pages come from the URL configuration, the
operations from the OpenAPI schema, what each needs from its `project_access` declaration, and
the verdict from `allows(peran, action)`.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from conftest import PASSWORD
from dashboard.access import ACTIONS, RULE, Access, Action, allows
from dashboard.models import Anggota, Peran
from detail_project.tests.api_operations import NOT_A_MEMBER, OPERATIONS, Operation
from detail_project.tests.conftest import JsonClient, cells_of
from detail_project.tests.project_urls import (
    PAGES,
    declared_actions,
    project_ids,
    snapshot,
    url_for,
)

pytestmark = pytest.mark.django_db

PERAN = [choice.value for choice in Peran]


@pytest.fixture
def team(project):
    """A member of each peran (the pemilik here is a co-owner, with a membership row)."""
    users = {}
    for peran in PERAN:
        user = get_user_model().objects.create_user(f"m-{peran}", f"{peran}@example.com", PASSWORD)
        Anggota.objects.create(project=project, user=user, peran=peran)
        users[peran] = user
    return users


@pytest.fixture
def ids(project, team):
    # The member a URL names (removing one) is the pembaca: every peran but the pemilik is
    # refused, and the pemilik's removal of them works.
    return project_ids(project, team[Peran.PEMBACA])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refusal(peran: str, action: str) -> str:
    return Access(peran, owner_name="owner").refusal(action)


def test_the_rule_is_what_the_spec_says():
    assert RULE[Peran.PEMILIK] == set(ACTIONS)
    assert RULE[Peran.PENYUNTING] == {
        Action.VIEW,
        Action.EDIT_RAB,
        Action.EDIT_PLAN,
        Action.RECORD_REALISASI,
        Action.DUPLICATE,
    }
    assert RULE[Peran.PENGAWAS] == {Action.VIEW, Action.RECORD_REALISASI}
    assert RULE[Peran.PEMBACA] == {Action.VIEW}


def test_every_action_guards_something():
    """No action of the rule is dead: each is what some page or operation needs."""
    needed = {op.action for op in OPERATIONS}
    ids = {"project_id": 1, "klasifikasi_id": 1, "sub_id": 1, "pekerjaan_id": 1}
    ids |= {"tahapan_id": 1, "user_id": 1, "undangan_id": 1}
    ids |= {"fmt": "pdf", "jenis": "mingguan", "nomor": 1}
    for name, kwargs in PAGES:
        needed |= set(declared_actions(url_for(name, kwargs, ids)).values())
    assert needed == set(ACTIONS)


@pytest.mark.parametrize("peran", PERAN)
@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_every_page_answers_each_peran_as_the_rule_says(project, team, ids, name, kwargs, peran):
    url = url_for(name, kwargs, ids)
    actions = declared_actions(url)
    client = client_for(team[peran])

    before = snapshot(project)
    response = client.get(url)
    # A POST-only page refuses GET itself (405), whoever asks.
    if response.status_code != 405 and allows(peran, actions["read"]):
        assert response.status_code not in (403, 404), (url, response.status_code)
    elif response.status_code != 405:
        assert response.status_code == 403, url
        assert escape(refusal(peran, actions["read"])) in response.content.decode()
    assert snapshot(project) == before

    response = client.post(url, {"nama": "x", "username": "x", "peran": "pembaca"})
    if allows(peran, actions["write"]):
        assert response.status_code not in (403, 404), (url, response.status_code)
    else:
        # A page that takes no POST may refuse the method first (405): nothing is done either way.
        assert response.status_code in (403, 405), url
        if response.status_code == 403:
            assert escape(refusal(peran, actions["write"])) in response.content.decode()
        assert snapshot(project) == before


@pytest.mark.parametrize("peran", PERAN)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_api_operation_answers_each_peran_as_the_rule_says(
    project, team, ids, operation: Operation, peran
):
    api = JsonClient(client_for(team[peran]), project.pk)
    path = operation.path(
        tahapan_id=ids["tahapan_id"], pekerjaan_id=ids["pekerjaan_id"], user_id=ids["user_id"]
    )
    before = (snapshot(project), cells_of(project))

    response = api.call(operation.method, path, operation.body)

    if allows(peran, operation.action):
        # Past the rule: it may still find no such baseline (404), but never "not a member".
        assert response.status_code != 403, (str(operation), response.json_body)
        assert response.json_body.get("error") != NOT_A_MEMBER, str(operation)
    else:
        assert response.status_code == 403, str(operation)
        assert response.json_body == {
            "ok": False,
            "error": refusal(peran, operation.action),
            "reason": "peran",
        }
        assert (snapshot(project), cells_of(project)) == before


def test_a_project_shows_the_members_role_and_what_it_may_not_do(project, team):
    response = client_for(team[Peran.PEMBACA]).get(reverse("detail_project:rab", args=[project.pk]))
    page = response.content.decode()
    assert 'data-testid="peran-badge"' in page
    assert "Pembaca" in page
