"""The time-scale switch is rationed per user (JADWAL_REGENERATE_RATE) in the store every app
server shares, and refused, not let through, when that store cannot be reached."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from config import ratelimit
from config.tests.ratelimit_stores import freeze_clock, redis_store, store_down
from detail_project.models import JadwalLog, TahapPelaksanaan
from detail_project.tests.conftest import JsonClient

pytestmark = pytest.mark.django_db


def regenerate(api: JsonClient, mode: str = "custom"):
    return api.post("regenerate-tahapan/", {"mode": mode})


def second_server(owner, project, monkeypatch) -> JsonClient:
    """Another app server: its own connection to the store, the same user in a new session."""
    other_store = caches.create_connection(ratelimit.CACHE_ALIAS)
    monkeypatch.setattr(ratelimit, "store", lambda: other_store)
    client = Client()
    client.force_login(owner)
    return JsonClient(client, project.pk)


@pytest.mark.parametrize("store_name", ["database", "redis"])
def test_the_limit_is_shared_by_every_app_server(
    api, owner, project, weekly, settings, monkeypatch, store_name
):
    freeze_clock(monkeypatch)
    if store_name == "redis":
        with redis_store(settings):
            switches_on_two_servers(api, owner, project, monkeypatch)
    else:
        switches_on_two_servers(api, owner, project, monkeypatch)


def switches_on_two_servers(api, owner, project, monkeypatch) -> None:
    first = [regenerate(api).status_code for _ in range(6)]
    other = second_server(owner, project, monkeypatch)
    second = [regenerate(other).status_code for _ in range(5)]

    assert first == [200] * 6
    assert second == [200] * 4 + [429]


def test_each_user_has_an_allowance_of_their_own(api, outsider, project, weekly, monkeypatch):
    freeze_clock(monkeypatch)
    for _ in range(10):
        regenerate(api)
    stranger = Client()
    stranger.force_login(outsider)

    assert regenerate(api).status_code == 429
    # Someone else's switch is counted for them (here: 404, not their project; not 429).
    assert regenerate(JsonClient(stranger, project.pk)).status_code == 404


def test_a_refusal_says_when_to_try_again(api, weekly, monkeypatch, settings):
    settings.JADWAL_REGENERATE_RATE = "2/min"
    freeze_clock(monkeypatch).now += 30
    regenerate(api)
    regenerate(api)

    refused = regenerate(api)

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(30 + 30)
    assert refused.json_body == {
        "ok": False,
        "error": "Too many requests: wait a moment and try again.",
    }


def test_the_store_down_refuses_the_switch_and_changes_nothing(api, project, weekly, settings):
    store_down(settings)
    tahapan = list(TahapPelaksanaan.objects.filter(project=project).values_list("pk", flat=True))
    logs = JadwalLog.objects.count()

    response = regenerate(api, "daily")

    assert response.status_code == 429
    assert response.json_body["ok"] is False
    assert response.json_body["error"]
    assert int(response["Retry-After"]) > 0
    assert (
        list(TahapPelaksanaan.objects.filter(project=project).values_list("pk", flat=True))
        == tahapan
    )
    assert JadwalLog.objects.count() == logs


def test_the_store_down_leaves_reading_the_schedule_alone(api, weekly, settings):
    store_down(settings)

    assert api.get("jadwal/").status_code == 200
    assert api.get("tahapan/").status_code == 200
