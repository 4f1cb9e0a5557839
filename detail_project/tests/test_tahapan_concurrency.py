"""Two planners saving the same schedule at the same moment (PostgreSQL row locks)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from dashboard.models import Project
from detail_project.services import jadwal as services
from detail_project.tests.conftest import JsonClient, cells_of

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) are a PostgreSQL feature")


def test_two_saves_with_the_same_version_give_exactly_one_409_and_lose_nothing(
    owner, project, pekerjaan, weekly, monkeypatch
):
    version = Project.objects.get(pk=project.pk).jadwal_version
    real_lock = services.lock_project

    def slow_lock(project):
        locked = real_lock(project)
        time.sleep(0.4)  # hold the row lock so the other save must queue behind it
        return locked

    monkeypatch.setattr(services, "lock_project", slow_lock)
    barrier = threading.Barrier(2)
    results: dict[str, tuple[int, dict]] = {}

    def planner(name: str, pekerjaan_index: int) -> None:
        client = Client()
        client.force_login(owner)
        api = JsonClient(client, project.pk)
        barrier.wait()
        response = api.post(
            "jadwal/save/",
            {
                "version": version,
                "changes": [
                    {
                        "pekerjaan_id": pekerjaan[pekerjaan_index].pk,
                        "tahapan_id": weekly[0].pk,
                        "proporsi": 50,
                    }
                ],
            },
        )
        results[name] = (response.status_code, response.json_body)
        connections.close_all()

    threads = [threading.Thread(target=planner, args=(n, i)) for n, i in (("a", 0), ("b", 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(status for status, _ in results.values())
    assert statuses == [200, 409]
    winner = next(body for status, body in results.values() if status == 200)
    loser = next(body for status, body in results.values() if status == 409)
    assert loser["version"] == winner["version"] == version + 1
    # Exactly the winner's cell is stored: nothing half-saved, nothing silently overwritten.
    saved = cells_of(project)
    assert len(saved) == 1
    assert list(saved.values()) == ["50.00"]
    assert Project.objects.get(pk=project.pk).jadwal_version == version + 1
