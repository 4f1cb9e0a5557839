"""The time-phased schedule end to end on the demo project (SPEC §9): the upgrade builds day
plans that lose nothing, any chain of switches gives back every cell, an edit at a coarse scale
keeps the shape beneath it, custom tahapan sit on the time axis at their dates, and `GET
kurva-s/` serves hand-checkable numbers."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dashboard.models import Project
from detail_project import scheduling
from detail_project.demo import seed_demo
from detail_project.models import JadwalLog, PekerjaanTahapan, RencanaHarian, TahapPelaksanaan
from detail_project.selectors.plans import generated_tahapan, plan_mismatches, plans_load
from detail_project.services import cells as cells_module
from detail_project.services import jadwal_save, jadwal_switch
from detail_project.tests.conftest import JsonClient, cells_of, totals_of
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return seed_demo()


@pytest.fixture
def demo_api(demo) -> JsonClient:
    client = Client()
    client.force_login(demo.user)
    return JsonClient(client, demo.project.pk)


def rows_by_kode(api) -> dict[str, dict]:
    body = api.get("jadwal/").json_body
    return {p["kode"]: p for k in body["tree"] for s in k["sub"] for p in s["pekerjaan"]}


def scale_cells(project) -> dict[tuple[int, int], str]:
    """{(pekerjaan_id, period number): "50.00"}: comparable across regenerations."""
    number = {row.pk: index for index, row in enumerate(generated_tahapan(project), start=1)}
    return {(p, number[t]): v for (p, t), v in cells_of(project).items() if t in number}


def switch(api, mode, **extra):
    response = api.post("regenerate-tahapan/", {"mode": mode, **extra})
    assert response.status_code == 200, response.json_body
    return response.json_body


def save(api, *changes, version=None):
    body = api.get("jadwal/").json_body
    response = api.post(
        "jadwal/save/",
        {
            "version": body["version"] if version is None else version,
            "changes": [{"pekerjaan_id": p, "tahapan_id": t, "proporsi": v} for p, t, v in changes],
        },
    )
    assert response.status_code == 200, response.json_body
    return response.json_body


def weeks(project) -> list[int]:
    return [row.pk for row in generated_tahapan(project)]


# --- the upgrade ------------------------------------------------------------------------------


def test_the_data_migration_builds_plans_that_add_up_to_every_cell(demo):
    project = demo.project
    before = cells_of(project)
    # Before the migration no project had plans (the demo's building project neither).
    RencanaHarian.objects.all().delete()
    assert plan_mismatches(project)  # the cells are there, the plans are not

    migration = importlib.import_module("detail_project.migrations.0007_build_rencana_harian")
    migration.build_plans(apps, connection.schema_editor())

    assert plan_mismatches(project) == []
    assert plan_mismatches(demo.building) == []
    plans = plans_load(project)
    bins = scheduling.Bins([row.period for row in generated_tahapan(project)])
    ids = weeks(project)
    projected = {
        (pk, ids[index]): f"{value / 100:.2f}"
        for pk, plan in plans.items()
        for index, value in enumerate(scheduling.plan_project(plan, bins))
        if value
    }
    assert projected == before
    assert len(before) == 83
    # A week's 50 % lies on its seven days with the remainder on the earliest ones.
    week_one = generated_tahapan(project)[0].period
    first = next(pk for (pk, t), v in before.items() if t == ids[0] and v == "50.00")
    days = [plans[first].day(week_one.start.toordinal() + n) for n in range(7)]
    assert days == [715, 715, 714, 714, 714, 714, 714]


# --- lossless switching -----------------------------------------------------------------------


def test_weekly_monthly_weekly_gives_back_a_planners_weekly_pattern(demo, demo_api):
    bata = rows_by_kode(demo_api)["3.6.1.1"]["id"]
    ids = weeks(demo.project)
    save(demo_api, (bata, ids[0], 40), (bata, ids[1], 50), (bata, ids[2], 10))
    before = scale_cells(demo.project)

    switch(demo_api, "monthly")
    assert scale_cells(demo.project)[(bata, 1)] == "100.00"  # all of it in January
    switch(demo_api, "weekly")

    assert scale_cells(demo.project) == before
    assert [before[(bata, week)] for week in (1, 2, 3)] == ["40.00", "50.00", "10.00"]


def test_every_cell_survives_weekly_monthly_daily_custom_and_back(demo, demo_api):
    before = scale_cells(demo.project)
    totals = totals_of(demo.project)

    for mode in ("monthly", "daily", "custom", "weekly"):
        switch(demo_api, mode)
        assert totals_of(demo.project) == totals, mode

    assert scale_cells(demo.project) == before
    # Rows of one sub-klasifikasi keep their own shapes (they were never blended).
    k11 = [before.get((p["id"], 3)) for code, p in rows_by_kode(demo_api).items() if code]
    assert len(set(k11)) > 2


def test_a_different_week_end_and_back_is_lossless_too(demo, demo_api):
    before = scale_cells(demo.project)
    switch(demo_api, "weekly", week_end_day=2)
    switch(demo_api, "daily")
    switch(demo_api, "weekly", week_end_day=6)
    assert scale_cells(demo.project) == before


def test_an_edit_in_monthly_mode_comes_back_in_weekly_mode_in_its_shape(demo, demo_api):
    beton = rows_by_kode(demo_api)["2.2.1.1.3"]["id"]  # 30 / 30 / 40 in weeks 1-3
    switch(demo_api, "monthly")
    january = weeks(demo.project)[0]

    save(demo_api, (beton, january, 50))  # half of what it was
    switch(demo_api, "weekly")

    cells = scale_cells(demo.project)
    # 30 / 30 / 40 halved, day by day: each day keeps its largest-remainder half, and the six
    # half-hundredths left over go to the earliest days (the rule of SPEC §9), so week 1 ends
    # two hundredths above an exact 15 and week 3 two below 20. The shape is kept.
    assert [cells[(beton, week)] for week in (1, 2, 3)] == ["15.02", "15.00", "19.98"]
    assert totals_of(demo.project)[beton] == 5000


def test_without_conversion_the_generated_plan_is_cleared_and_says_so(demo, demo_api):
    body = switch(demo_api, "monthly", convert_assignments=False)
    assert cells_of(demo.project) == {}
    assert all(plan.total == 0 for plan in plans_load(demo.project).values())
    log = JadwalLog.objects.filter(project=demo.project, action="regenerate").first()
    assert log.detail["cleared"] > 0
    assert body["converted_assignments"] == 0


# --- nothing half-done ------------------------------------------------------------------------


def snapshot(project):
    project.refresh_from_db()
    plans = sorted(
        RencanaHarian.objects.filter(project=project).values_list("pk", "hari", "version")
    )
    return cells_of(project), [(pk, bytes(h), v) for pk, h, v in plans], project.jadwal_version


def test_a_switch_that_fails_halfway_changes_nothing(demo, demo_api, monkeypatch):
    before = snapshot(demo.project)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jadwal_switch, "cells_insert", explode)
    with pytest.raises(RuntimeError):
        jadwal_switch.tahapan_regenerate(project=demo.project, user=demo.user, mode="daily")

    assert snapshot(demo.project) == before


def test_a_save_that_fails_after_writing_the_plans_changes_nothing(demo, demo_api, monkeypatch):
    bata = rows_by_kode(demo_api)["3.6.1.1"]["id"]
    before = snapshot(demo.project)

    def explode(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(jadwal_save, "cells_upsert", explode)
    with pytest.raises(RuntimeError):
        jadwal_save.jadwal_save(
            project=demo.project,
            user=demo.user,
            version=demo.project.jadwal_version,
            changes=[jadwal_save.CellChange(bata, weeks(demo.project)[0], 2500)],
        )

    assert snapshot(demo.project) == before
    assert cells_module.cells_upsert is not explode  # only the save's reference was patched


# --- a plan that does not add up is found, reported and repaired ---------------------------------


def test_cells_changed_behind_the_apps_back_are_reported_and_repaired(demo, demo_api):
    bata = rows_by_kode(demo_api)["3.6.1.1"]["id"]
    first_week = weeks(demo.project)[0]
    PekerjaanTahapan.objects.filter(pekerjaan_id=bata, tahapan_id=first_week).update(
        proporsi_volume=Decimal("20")
    )
    assert demo_api.get("jadwal/").json_body["plan_mismatch"] == [bata]
    assert demo_api.get("kurva-s/").json_body["plan_mismatch"] == [bata]

    from io import StringIO

    out = StringIO()
    call_command(
        "fix_tahapan_assignments", f"--project-id={demo.project.pk}", "--dry-run", stdout=out
    )
    assert "1 day plan did not add up to its cells and would be rebuilt" in out.getvalue()
    assert plan_mismatches(demo.project) == [bata]

    call_command("fix_tahapan_assignments", f"--project-id={demo.project.pk}", stdout=out)

    assert plan_mismatches(demo.project) == []
    assert scale_cells(demo.project)[(bata, 1)] == "28.57"  # 20 / 70 rescaled to 100 %
    assert totals_of(demo.project)[bata] == 10000


def test_a_switch_repairs_such_a_plan_first_and_reports_it(demo, demo_api):
    bata = rows_by_kode(demo_api)["3.6.1.1"]["id"]
    PekerjaanTahapan.objects.filter(pekerjaan_id=bata, tahapan_id=weeks(demo.project)[1]).update(
        proporsi_volume=Decimal("30")
    )
    body = switch(demo_api, "monthly")
    assert body["repaired"] == [bata]
    assert totals_of(demo.project)[bata] == 8000  # what the grid showed: 50 + 30
    assert plan_mismatches(demo.project) == []


# --- the Kurva S, by hand -----------------------------------------------------------------------


def test_the_demo_kurva_s_matches_the_hand_computed_figures(demo, demo_api):
    body = demo_api.get("kurva-s/").json_body

    assert body["scale"] == "weekly"
    periods = body["periods"]
    assert len(periods) == 47
    # Week 1 (5-11 Jan), from the sample's RAB (TOTAL BIAYA LANGSUNG Rp 8.012.739.981):
    #   3.6.1.1 bata      50 % of    30.130.438 =    15.065.219
    #   2.2.1.4.5 beton   50 % of 6.894.896.910 = 3.447.448.455
    #   2.2.1.1.3 besi    30 % of   622.238.760 =   186.671.628
    #   2.2.1.3.5 bek.    30 % of    15.579.778 =     4.673.933
    #   3.4.4 waterproof   1 % of     2.404.380 =        24.044
    #                                     sum  = 3.653.883.279  → 45,6009 % → 45,60
    assert periods[0]["label"] == "Week 1: 5 Jan - 11 Jan"
    assert (periods[0]["tanggal_mulai"], periods[0]["tanggal_selesai"]) == (
        "2026-01-05",
        "2026-01-11",
    )
    assert (periods[0]["rencana"], periods[0]["rencana_kumulatif"]) == (45.60, 45.60)
    # Week 2 adds the bored pile (50 % of 2.173.391): 45,6145 %; running 91,2154 → 91,22.
    assert (periods[1]["rencana"], periods[1]["rencana_kumulatif"]) == (45.61, 91.22)
    # Week 24, the middle: only 1 % of waterproofing (0,0003 %); the running total 97,8923 %.
    assert (periods[23]["rencana"], periods[23]["rencana_kumulatif"]) == (0.00, 97.89)
    # Week 47, the last: the plan of the sample ends at 97,8992 % (some rows are unplanned).
    assert (periods[46]["rencana"], periods[46]["rencana_kumulatif"]) == (0.00, 97.90)
    assert body["progress"] == 97.90
    assert [p["realisasi"] for p in periods] == [None] * 47
    assert body["total_biaya"] == pytest.approx(8012739980.96)


def test_the_last_point_is_the_same_total_on_every_scale(demo, demo_api):
    for scale in ("daily", "weekly", "monthly"):
        body = demo_api.get(f"kurva-s/?scale={scale}").json_body
        assert body["scale"] == scale
        assert body["periods"][-1]["rencana_kumulatif"] == 97.90, scale
    monthly = demo_api.get("kurva-s/?scale=monthly").json_body["periods"]
    assert [p["label"] for p in monthly[:2]] == ["January 2026", "February 2026"]
    assert [(p["nomor"], p["bulan"], p["tahun"]) for p in monthly[:2]] == [
        (1, 1, 2026),
        (2, 2, 2026),
    ]
    assert len(demo_api.get("kurva-s/?scale=daily").json_body["periods"]) == 329


def test_custom_tahapan_sit_on_the_kurva_s_and_gantt_at_their_dates(demo, demo_api):
    rows = rows_by_kode(demo_api)
    valve, butterfly = rows["5.6.1.17"]["id"], rows["6.5.8.8"]["id"]  # nothing planned yet
    switch(demo_api, "custom")
    mobilisasi = demo_api.post(
        "tahapan/",
        {"nama": "Mobilisasi", "tanggal_mulai": "2026-01-05", "tanggal_selesai": "2026-01-10"},
    ).json_body["tahapan"]["tahapan_id"]
    cadangan = demo_api.post("tahapan/", {"nama": "Cadangan"}).json_body["tahapan"]["tahapan_id"]
    save(demo_api, (valve, mobilisasi, 100), (butterfly, cadangan, 50))

    body = demo_api.get("kurva-s/").json_body

    periods = body["periods"]
    assert body["scale"] == "weekly"  # custom mode keeps the weekly axis of its columns
    assert len(periods) == 48
    # Mobilisasi (5-10 Jan) lies inside week 1: 18.854.880 / 8.012.739.981 = 0,2353 % more.
    assert (periods[0]["rencana"], periods[0]["rencana_kumulatif"]) == (45.84, 45.84)
    # The undated tahapan is listed after the dated ones: 50 % of 44.568.414 = 0,2781 %.
    assert periods[-1]["label"] == "Cadangan"
    assert periods[-1]["tanggal_mulai"] is None
    assert periods[-1]["tahapan_id"] == cadangan
    assert periods[-2]["rencana_kumulatif"] == 98.13
    assert (periods[-1]["rencana"], periods[-1]["rencana_kumulatif"]) == (0.28, 98.41)
    gantt = {row["pekerjaan_id"]: row["runs"] for row in body["gantt"]}
    assert gantt[valve] == [["2026-01-05", "2026-01-11"]]  # at the start, in week 1
    assert butterfly not in gantt  # undated: no place in time

    # Re-dating the tahapan moves its work in time, never its numbers.
    demo_api.put(
        f"tahapan/{mobilisasi}/", {"tanggal_mulai": "2026-03-02", "tanggal_selesai": "2026-03-04"}
    )
    moved = demo_api.get("kurva-s/").json_body
    assert moved["periods"][0]["rencana"] == 45.60
    assert {row["pekerjaan_id"]: row["runs"] for row in moved["gantt"]}[valve] == [
        ["2026-03-02", "2026-03-08"]
    ]
    assert cells_of(demo.project)[(valve, mobilisasi)] == "100.00"


def test_kurva_s_refuses_an_unknown_scale(demo_api):
    response = demo_api.get("kurva-s/?scale=yearly")
    assert response.status_code == 400
    assert "daily, weekly or monthly" in response.json_body["error"]


def test_kurva_s_costs_the_same_queries_at_10_and_500_pekerjaan(owner):
    counts = []
    for size in (10, 500):
        project = Project.objects.create(
            owner=owner, nama=f"P{size}", tanggal_mulai="2026-01-05", tanggal_selesai="2026-06-28"
        )
        rows = make_rab(project, pekerjaan=size, klasifikasi=5, subs=4)
        jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
        ids = list(TahapPelaksanaan.objects.filter(project=project).values_list("pk", flat=True))
        jadwal_save.jadwal_save(
            project=project,
            user=owner,
            version=project.jadwal_version,
            changes=[jadwal_save.CellChange(p.pk, t, 5000) for p in rows for t in ids[:2]],
        )
        client = Client()
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                f"/detail_project/api/project/{project.pk}/kurva-s/?scale=monthly"
            )
        assert response.status_code == 200
        assert response.json()["progress"] == 100.0
        counts.append(len(queries))
    assert counts[0] == counts[1]
