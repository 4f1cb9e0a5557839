"""Planners saving one schedule at the same moment, on PostgreSQL with real row locks: saves on
different pekerjaan all succeed first time, the later of two saves on the same pekerjaan is
refused naming it, and nothing is lost either way (SPEC §9)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from dashboard.models import Project
from detail_project.models import TahapPelaksanaan
from detail_project.services import jadwal_switch
from detail_project.tests.conftest import JsonClient, cells_of
from detail_project.tests.factories import make_rab

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]

PLANNERS = 20


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) are a PostgreSQL feature")


@pytest.fixture
def crowd(owner, project):
    pekerjaan = make_rab(project, pekerjaan=PLANNERS + 2)
    jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
    weeks = list(TahapPelaksanaan.objects.filter(project=project).order_by("urutan"))
    return pekerjaan, weeks


def run_together(owner, project, bodies: list[dict[str, Any]]) -> list[tuple[int, dict]]:
    """POST every body to jadwal/save/ from its own thread (its own database connection),
    released at the same instant; answers in the order of `bodies`."""
    barrier = threading.Barrier(len(bodies))
    results: list[tuple[int, dict] | None] = [None] * len(bodies)

    def planner(index: int) -> None:
        try:
            client = Client()
            client.force_login(owner)
            api = JsonClient(client, project.pk)
            barrier.wait(timeout=30)
            response = api.post("jadwal/save/", bodies[index])
            results[index] = (response.status_code, response.json_body)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=planner, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(result is not None for result in results), "a planner never answered"
    return results  # type: ignore[return-value]


def change(pekerjaan, week, proporsi) -> dict[str, Any]:
    return {"pekerjaan_id": pekerjaan.pk, "tahapan_id": week.pk, "proporsi": proporsi}


def test_twenty_planners_on_different_pekerjaan_all_save_first_time(owner, project, crowd):
    pekerjaan, weeks = crowd
    version = Project.objects.get(pk=project.pk).jadwal_version
    bodies = [
        {
            "version": version,
            "changes": [
                change(pekerjaan[i], weeks[i % 12], 40),
                change(pekerjaan[i], weeks[(i + 1) % 12], 60),
            ],
        }
        for i in range(PLANNERS)
    ]

    results = run_together(owner, project, bodies)

    assert [status for status, _ in results] == [200] * PLANNERS
    assert sorted(body["version"] for _, body in results) == list(
        range(version + 1, version + PLANNERS + 1)
    )
    # Nothing lost: every planner's two cells are stored, and nothing else.
    expected = {}
    for i in range(PLANNERS):
        expected[(pekerjaan[i].pk, weeks[i % 12].pk)] = "40.00"
        expected[(pekerjaan[i].pk, weeks[(i + 1) % 12].pk)] = "60.00"
    assert cells_of(project) == expected
    assert Project.objects.get(pk=project.pk).jadwal_version == version + PLANNERS
    # Each answer hands over what the others saved before it, so no client stays behind.
    last = max(results, key=lambda result: result[1]["version"])[1]
    assert len(last["updated_elsewhere"]["pekerjaan"]) == PLANNERS - 1
    assert last["reload"] is False


def test_of_two_saves_on_the_same_pekerjaan_exactly_the_later_is_refused(owner, project, crowd):
    pekerjaan, weeks = crowd
    version = Project.objects.get(pk=project.pk).jadwal_version
    shared = pekerjaan[0]
    bodies = [
        {"version": version, "changes": [change(shared, weeks[0], 30)]},
        {"version": version, "changes": [change(shared, weeks[1], 70)]},
        {"version": version, "changes": [change(pekerjaan[1], weeks[2], 100)]},
    ]

    results = run_together(owner, project, bodies)

    statuses = [status for status, _ in results]
    assert sorted(statuses[:2]) == [200, 409]
    assert statuses[2] == 200  # a third planner elsewhere is not disturbed
    winner = 0 if statuses[0] == 200 else 1
    loser_body = results[1 - winner][1]
    assert loser_body["conflicts"] == [shared.pk]
    assert "A.1" in loser_body["error"]
    stored = cells_of(project)
    kept = (
        ((shared.pk, weeks[0].pk), "30.00") if winner == 0 else ((shared.pk, weeks[1].pk), "70.00")
    )
    assert stored == {kept[0]: kept[1], (pekerjaan[1].pk, weeks[2].pk): "100.00"}
    assert Project.objects.get(pk=project.pk).jadwal_version == version + 2
