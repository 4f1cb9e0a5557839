"""The demo project's schedule: the real sample, and what happens to it across mode switches."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from detail_project.demo import SAMPLE_JADWAL, seed_demo
from detail_project.importing.jadwal_sample import parse_jadwal_sample
from detail_project.models import TahapPelaksanaan
from detail_project.tests.conftest import JsonClient, cells_of, totals_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return seed_demo()


@pytest.fixture
def demo_api(demo) -> JsonClient:
    client = Client()
    client.force_login(demo.user)
    return JsonClient(client, demo.project.pk)


def weekly_cells(project) -> dict[tuple[int, int], str]:
    """{(pekerjaan_id, week number): "50.00"} — independent of the tahapan ids."""
    week = {
        pk: index
        for index, pk in enumerate(
            TahapPelaksanaan.objects.filter(project=project, is_auto_generated=True)
            .order_by("urutan")
            .values_list("pk", flat=True),
            start=1,
        )
    }
    return {(p, week[t]): v for (p, t), v in cells_of(project).items()}


def test_the_demo_grid_holds_the_tree_the_weeks_and_the_sample_percentages(demo, demo_api):
    body = demo_api.get("jadwal/").json_body

    assert body["mode"] == "weekly"
    assert [k["name"] for k in body["tree"]] == ["K1", "Klasifikasi 2", "K3"]
    assert sum(len(k["sub"]) for k in body["tree"]) == 5
    rows = [p for k in body["tree"] for s in k["sub"] for p in s["pekerjaan"]]
    assert len(rows) == 29
    assert len(body["tahapan"]) == 47
    assert body["tahapan"][0]["nama"] == "Week 1: 5 Jan - 11 Jan"
    assert body["tahapan"][-1]["tanggal_selesai"] == "2026-11-29"

    sample = parse_jadwal_sample(SAMPLE_JADWAL)
    week_of = {t["id"]: i for i, t in enumerate(body["tahapan"])}
    cells = {(p, week_of[t]): Decimal(str(v)) for p, t, v in body["assignments"]}
    for row, sample_row in zip(rows, sample.rows, strict=True):
        planned = {w: v for (p, w), v in cells.items() if p == row["id"]}
        expected = {w: v for w, v in enumerate(sample_row.percents) if v}
        assert planned == expected, row["uraian"][:40]
    first = rows[0]["id"]
    assert planned_weeks(cells, first) == {0: Decimal("50"), 1: Decimal("50")}


def planned_weeks(cells, pekerjaan_id):
    return {w: v for (p, w), v in cells.items() if p == pekerjaan_id}


def test_weekly_to_daily_to_weekly_gives_back_the_sample_exactly(demo, demo_api):
    before = weekly_cells(demo.project)

    for mode in ("daily", "weekly"):
        assert demo_api.post("regenerate-tahapan/", {"mode": mode}).status_code == 200

    assert weekly_cells(demo.project) == before


def test_every_total_survives_daily_monthly_custom_and_back(demo, demo_api):
    before = totals_of(demo.project)
    assert before  # the sample has 29 pekerjaan with planned work

    for mode in ("daily", "monthly", "custom", "weekly"):
        response = demo_api.post("regenerate-tahapan/", {"mode": mode})
        assert response.status_code == 200, response.json_body
        assert totals_of(demo.project) == before, mode


def test_a_many_cell_save_is_one_request_and_survives_a_reload(demo, demo_api):
    body = demo_api.get("jadwal/").json_body
    rows = [p for k in body["tree"] for s in k["sub"] for p in s["pekerjaan"]]
    free = rows[-5:]  # the last rows of the sample have nothing planned
    changes = [
        {"pekerjaan_id": row["id"], "tahapan_id": tahapan["id"], "proporsi": "12,5"}
        for row in free
        for tahapan in body["tahapan"][10:18]
    ]

    response = demo_api.post("jadwal/save/", {"version": body["version"], "changes": changes})

    assert response.status_code == 200
    assert response.json_body["saved"] == 40
    again = demo_api.get("jadwal/").json_body
    saved = {(p, t) for p, t, v in again["assignments"] if v == 12.5}
    assert saved == {(c["pekerjaan_id"], c["tahapan_id"]) for c in changes}
    assert again["version"] == response.json_body["version"]


def test_seed_demo_twice_gives_the_same_schedule(demo):
    first = weekly_cells(demo.project)
    second = seed_demo()
    assert second.project.pk == demo.project.pk
    by_order = sorted(first.values()), sorted(weekly_cells(second.project).values())
    assert by_order[0] == by_order[1]
    assert len(weekly_cells(second.project)) == 83


def test_generate_large_project_can_add_a_weekly_schedule(owner):
    from io import StringIO

    from django.core.management import call_command

    from dashboard.models import Project

    out = StringIO()
    call_command(
        "generate_large_project",
        "--pekerjaan=20",
        "--owner=owner",
        "--days=70",
        "--schedule=weekly",
        "--fill=0.5",
        stdout=out,
        stderr=StringIO(),
    )

    project = Project.objects.get(pk=int(out.getvalue()))
    assert project.jadwal_mode == "weekly"
    assert project.tahapan.count() == 10
    totals = totals_of(project)
    assert len(totals) == 20 and set(totals.values()) == {10_000}
    assert len(cells_of(project)) == 20 * 5
