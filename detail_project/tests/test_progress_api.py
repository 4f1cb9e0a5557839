"""Realisasi and baselines through the API (SPEC §10): the grid's read and one-request save of
the work done, the rules that refuse a save whole, baselines frozen and drawn on the Kurva S,
and the progress figures `GET kurva-s/` serves."""

from __future__ import annotations

import datetime as dt

import pytest

from detail_project import clock
from detail_project.models import Baseline, JadwalLog, RealisasiHarian
from detail_project.scheduling import plan_decode
from detail_project.tests.conftest import JsonClient

pytestmark = pytest.mark.django_db

# The fixture project runs in 12 weeks from Monday 5 Jan 2026; "today" is Wednesday of week 4.
TODAY = dt.date(2026, 1, 28)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def version(api: JsonClient) -> int:
    return api.get("jadwal/").json_body["version"]


def save(api: JsonClient, changes, *, at: int | None = None):
    body = {
        "version": version(api) if at is None else at,
        "changes": [{"pekerjaan_id": p, "tahapan_id": t, "proporsi": v} for p, t, v in changes],
    }
    return api.post("realisasi/save/", body)


def stored(pekerjaan) -> dict[int, tuple[int, list[int]]]:
    """{pekerjaan_id: (first day ordinal, hundredths per day)} of the stored realisasi."""
    rows = RealisasiHarian.objects.filter(pekerjaan__in=pekerjaan)
    result = {}
    for row in rows:
        plan = plan_decode(row.mulai.toordinal() if row.mulai else None, row.hari)
        result[row.pekerjaan_id] = (plan.start, list(plan.values))
    return result


# --- recording realisasi ------------------------------------------------------------------


def test_a_saved_realisasi_is_read_back_in_the_grid_and_alone(api, pekerjaan, weekly):
    response = save(
        api, [(pekerjaan[0].pk, weekly[0].pk, "40"), (pekerjaan[0].pk, weekly[1].pk, 25)]
    )

    assert response.status_code == 200, response.json_body
    assert (response.json_body["saved"], response.json_body["removed"]) == (2, 0)
    expected = [[pekerjaan[0].pk, weekly[0].pk, 40.0], [pekerjaan[0].pk, weekly[1].pk, 25.0]]
    assert sorted(response.json_body["realisasi"]) == expected
    assert sorted(api.get("realisasi/").json_body["assignments"]) == expected
    grid = api.get("jadwal/").json_body
    assert sorted(grid["realisasi"]) == expected
    assert grid["today"] == "2026-01-28"
    assert grid["assignments"] == []  # the plan is another layer: untouched


def test_a_week_is_spread_over_its_seven_days(api, pekerjaan, weekly):
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 7)])

    start, days = stored(pekerjaan)[pekerjaan[0].pk]
    assert dt.date.fromordinal(start) == dt.date(2026, 1, 5)
    assert days == [100] * 7


def test_the_current_week_is_spread_over_its_days_up_to_today_only(api, pekerjaan, weekly):
    # Week 4 runs Mon 26 Jan - Sun 1 Feb; today is Wed 28 Jan: three days of work.
    save(api, [(pekerjaan[0].pk, weekly[3].pk, 9)])

    start, days = stored(pekerjaan)[pekerjaan[0].pk]
    assert dt.date.fromordinal(start) == dt.date(2026, 1, 26)
    assert days == [300, 300, 300]


def test_realisasi_looks_the_same_on_every_time_scale(api, pekerjaan, weekly, owner, project):
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 40), (pekerjaan[0].pk, weekly[2].pk, 20)])

    api.post("regenerate-tahapan/", {"mode": "monthly", "version": version(api)})
    monthly = api.get("jadwal/").json_body
    january = next(t["id"] for t in monthly["tahapan"] if t["tanggal_mulai"] == "2026-01-05")
    assert monthly["realisasi"] == [[pekerjaan[0].pk, january, 60.0]]

    api.post("regenerate-tahapan/", {"mode": "weekly", "version": version(api)})
    weeks = api.get("jadwal/").json_body
    ids = [t["id"] for t in weeks["tahapan"] if t["is_auto_generated"]]
    assert sorted(weeks["realisasi"]) == [
        [pekerjaan[0].pk, ids[0], 40.0],
        [pekerjaan[0].pk, ids[2], 20.0],
    ]


def test_an_edit_in_a_month_keeps_the_weekly_shape(api, pekerjaan, weekly):
    # 4 % and 2 % a day; halving January halves every day.
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 28), (pekerjaan[0].pk, weekly[1].pk, 14)])
    api.post("regenerate-tahapan/", {"mode": "monthly", "version": version(api)})
    month = next(t for t in api.get("jadwal/").json_body["tahapan"] if t["is_auto_generated"])

    save(api, [(pekerjaan[0].pk, month["id"], 21)])

    api.post("regenerate-tahapan/", {"mode": "weekly", "version": version(api)})
    weeks = api.get("jadwal/").json_body
    ids = [t["id"] for t in weeks["tahapan"] if t["is_auto_generated"]]
    assert sorted(weeks["realisasi"]) == [
        [pekerjaan[0].pk, ids[0], 14.0],
        [pekerjaan[0].pk, ids[1], 7.0],
    ]


def test_zero_removes_a_cell(api, pekerjaan, weekly):
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 40)])

    response = save(api, [(pekerjaan[0].pk, weekly[0].pk, 0)])

    assert response.json_body["removed"] == 1
    assert api.get("realisasi/").json_body["assignments"] == []


def test_a_dated_custom_tahapan_shows_the_realisasi_of_its_dates(api, pekerjaan, weekly):
    created = api.post(
        "tahapan/",
        {"nama": "Mobilisasi", "tanggal_mulai": "2026-01-05", "tanggal_selesai": "2026-01-07"},
    ).json_body["tahapan"]
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 7)])  # 1 % a day

    cells = api.get("realisasi/").json_body["assignments"]

    assert [pekerjaan[0].pk, created["tahapan_id"], 3.0] in cells


def test_a_save_that_changes_nothing_keeps_the_version(api, pekerjaan, weekly):
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 40)])
    before = version(api)

    response = save(api, [(pekerjaan[0].pk, weekly[0].pk, "40.00")])

    assert response.json_body["version"] == before
    assert (response.json_body["saved"], response.json_body["removed"]) == (0, 0)


def test_a_save_leaves_an_audit_row(api, pekerjaan, weekly, owner):
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 40)])

    log = JadwalLog.objects.filter(action=JadwalLog.Action.REALISASI_SAVE).get()
    assert (log.user, log.cells, log.detail) == (owner, 1, {"saved": 1, "removed": 0})
    history = api.get("jadwal/history/").json_body["history"]
    assert history[0]["action_label"] == "Realisasi saved"


# --- refused whole, nothing changed -------------------------------------------------------


def assert_refused(api, response, status: int, text: str) -> None:
    assert response.status_code == status, response.json_body
    assert response.json_body["ok"] is False
    assert text in response.json_body["error"]
    assert api.get("realisasi/").json_body["assignments"] == []


def test_a_period_that_starts_after_today_is_refused(api, pekerjaan, weekly):
    response = save(api, [(pekerjaan[0].pk, weekly[0].pk, 10), (pekerjaan[0].pk, weekly[4].pk, 10)])

    assert_refused(api, response, 400, "starts on 2 Feb 2026, after today (28 Jan 2026)")


def test_the_refusal_of_the_future_reads_in_indonesian(
    indonesian_client, project, pekerjaan, weekly
):
    api = JsonClient(indonesian_client, project.pk)
    response = save(api, [(pekerjaan[0].pk, weekly[4].pk, 10)])

    assert_refused(api, response, 400, "setelah hari ini (28 Jan 2026)")


def test_more_than_100_percent_of_a_pekerjaan_is_refused(api, pekerjaan, weekly):
    response = save(api, [(pekerjaan[0].pk, weekly[0].pk, 60), (pekerjaan[0].pk, weekly[1].pk, 50)])

    assert_refused(api, response, 400, "more than 100 % of a pekerjaan cannot have been done")


@pytest.mark.parametrize("value", [-1, 100.01, "abc", "1.234"])
def test_a_cell_outside_0_to_100_is_refused(api, pekerjaan, weekly, value):
    response = save(api, [(pekerjaan[0].pk, weekly[0].pk, value)])

    assert response.status_code == 400
    assert api.get("realisasi/").json_body["assignments"] == []


def test_a_custom_tahapan_cannot_take_realisasi(api, pekerjaan, weekly):
    created = api.post(
        "tahapan/",
        {"nama": "Mobilisasi", "tanggal_mulai": "2026-01-05", "tanggal_selesai": "2026-01-07"},
    ).json_body["tahapan"]

    response = save(api, [(pekerjaan[0].pk, created["tahapan_id"], 10)])

    assert_refused(api, response, 400, "not in custom tahapan (Mobilisasi)")


def test_another_projects_ids_are_refused(api, owner, pekerjaan, weekly, other_schedule):
    other_pekerjaan, other_tahapan = other_schedule

    response = save(api, [(other_pekerjaan.pk, weekly[0].pk, 10)])
    assert_refused(api, response, 400, "are not in this project")
    response = save(api, [(pekerjaan[0].pk, other_tahapan.pk, 10)])
    assert_refused(api, response, 400, "are not in this project")


def test_version_is_required(api, pekerjaan, weekly):
    body = {
        "changes": [{"pekerjaan_id": pekerjaan[0].pk, "tahapan_id": weekly[0].pk, "proporsi": 1}]
    }

    response = api.post("realisasi/save/", body)

    assert response.status_code == 400
    assert "version" in response.json_body["error"]


def test_a_stale_version_on_the_same_pekerjaan_is_a_409_naming_it(api, pekerjaan, weekly):
    read = version(api)
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 10)])  # someone else, first

    response = save(api, [(pekerjaan[0].pk, weekly[1].pk, 20)], at=read)

    assert response.status_code == 409
    assert response.json_body["conflicts"] == [pekerjaan[0].pk]
    assert pekerjaan[0].kode_pekerjaan in response.json_body["error"]


def test_saves_of_different_pekerjaan_from_one_version_both_succeed(api, pekerjaan, weekly):
    read = version(api)
    first = save(api, [(pekerjaan[0].pk, weekly[0].pk, 10)], at=read)

    second = save(api, [(pekerjaan[1].pk, weekly[0].pk, 20)], at=read)

    assert first.status_code == second.status_code == 200
    elsewhere = second.json_body["updated_elsewhere"]
    assert elsewhere == {
        "pekerjaan": [pekerjaan[0].pk],
        "assignments": [[pekerjaan[0].pk, weekly[0].pk, 10.0]],
    }


def test_the_plan_and_the_realisasi_of_one_pekerjaan_do_not_conflict(api, pekerjaan, weekly):
    read = version(api)
    plan = api.post(
        "jadwal/save/",
        {
            "version": read,
            "changes": [
                {"pekerjaan_id": pekerjaan[0].pk, "tahapan_id": weekly[0].pk, "proporsi": 50}
            ],
        },
    )

    done = save(api, [(pekerjaan[0].pk, weekly[0].pk, 40)], at=read)

    assert plan.status_code == done.status_code == 200
    assert done.json_body["plan_elsewhere"]["pekerjaan"] == [pekerjaan[0].pk]


# --- baselines ----------------------------------------------------------------------------


def plan(api, pekerjaan, weekly, values):
    changes = [
        {"pekerjaan_id": pekerjaan[i].pk, "tahapan_id": weekly[w].pk, "proporsi": v}
        for (i, w), v in values.items()
    ]
    response = api.post("jadwal/save/", {"version": version(api), "changes": changes})
    assert response.status_code == 200, response.json_body


def test_a_baseline_is_listed_and_drawn_equal_to_the_plan_it_froze(api, pekerjaan, weekly, owner):
    plan(api, pekerjaan, weekly, {(0, 0): 50, (0, 1): 50, (1, 2): 100})
    before = version(api)

    created = api.post("baseline/", {"nama": "Kontrak", "jenis": "kontrak"})

    assert created.status_code == 201, created.json_body
    baseline = created.json_body["baseline"]
    assert (baseline["nama"], baseline["jenis"], baseline["created_by"]) == (
        "Kontrak",
        "kontrak",
        "owner",
    )
    assert version(api) == before  # a baseline changes nothing anyone edits
    listed = api.get("baseline/").json_body["baselines"]
    assert [b["baseline_id"] for b in listed] == [baseline["baseline_id"]]
    curve = api.get(f"kurva-s/?baseline={baseline['baseline_id']}").json_body
    rencana = [p["rencana_kumulatif"] for p in curve["periods"]]
    assert [p["baseline_kumulatif"] for p in curve["periods"]] == rencana
    assert curve["baselines"][0]["kumulatif"] == rencana
    assert JadwalLog.objects.filter(action=JadwalLog.Action.BASELINE_CREATE).count() == 1


def test_a_baseline_never_changes_when_the_plan_and_the_rab_do(api, pekerjaan, weekly):
    plan(api, pekerjaan, weekly, {(0, 0): 100})
    baseline_id = api.post("baseline/", {"nama": "Kontrak", "jenis": "kontrak"}).json_body[
        "baseline"
    ]["baseline_id"]
    frozen = api.get(f"kurva-s/?baseline={baseline_id}").json_body["baselines"][0]["kumulatif"]

    plan(api, pekerjaan, weekly, {(0, 0): 0, (0, 5): 100, (1, 1): 100})
    pekerjaan[1].harga_satuan *= 10
    pekerjaan[1].save()

    curve = api.get(f"kurva-s/?baseline={baseline_id}").json_body
    assert curve["baselines"][0]["kumulatif"] == frozen
    assert [p["rencana_kumulatif"] for p in curve["periods"]] != frozen


def test_two_baselines_are_drawn_in_the_order_asked(api, pekerjaan, weekly):
    plan(api, pekerjaan, weekly, {(0, 0): 100})
    first = api.post("baseline/", {"nama": "Kontrak", "jenis": "kontrak"}).json_body["baseline"]
    plan(api, pekerjaan, weekly, {(0, 0): 0, (0, 3): 100})
    second = api.post("baseline/", {"nama": "MC-0", "jenis": "mc0"}).json_body["baseline"]

    curve = api.get(
        f"kurva-s/?baseline={second['baseline_id']}&baseline={first['baseline_id']}"
    ).json_body

    assert [b["nama"] for b in curve["baselines"]] == ["MC-0", "Kontrak"]
    assert curve["baselines"][0]["kumulatif"] == [p["rencana_kumulatif"] for p in curve["periods"]]
    assert curve["periods"][0]["baseline_kumulatif"] == curve["baselines"][0]["kumulatif"][0]


def test_a_baseline_follows_the_axis_of_any_scale(api, pekerjaan, weekly):
    plan(api, pekerjaan, weekly, {(0, 0): 50, (0, 5): 50})
    baseline_id = api.post("baseline/", {"nama": "Kontrak", "jenis": "kontrak"}).json_body[
        "baseline"
    ]["baseline_id"]

    monthly = api.get(f"kurva-s/?scale=monthly&baseline={baseline_id}").json_body

    assert [p["baseline_kumulatif"] for p in monthly["periods"]] == [
        p["rencana_kumulatif"] for p in monthly["periods"]
    ]


def test_a_name_used_twice_is_a_400(api, weekly):
    api.post("baseline/", {"nama": "Kontrak", "jenis": "kontrak"})

    response = api.post("baseline/", {"nama": "  kontrak ", "jenis": "addendum"})

    assert response.status_code == 400
    assert "already exists" in response.json_body["error"]
    assert Baseline.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"nama": "X", "jenis": "final"}, "kind of baseline"),
        ({"nama": "", "jenis": "mc0"}, "nama"),
        ({"jenis": "mc0"}, "nama"),
    ],
)
def test_a_bad_baseline_is_a_400(api, weekly, body, text):
    response = api.post("baseline/", body)

    assert response.status_code == 400
    assert text in response.json_body["error"]
    assert Baseline.objects.count() == 0


def test_deleting_a_baseline(api, weekly):
    baseline_id = api.post("baseline/", {"nama": "Kontrak", "jenis": "kontrak"}).json_body[
        "baseline"
    ]["baseline_id"]

    response = api.delete(f"baseline/{baseline_id}/")

    assert response.status_code == 200
    assert "Kontrak" in response.json_body["message"]
    assert Baseline.objects.count() == 0
    assert api.delete(f"baseline/{baseline_id}/").status_code == 404
    assert api.get(f"kurva-s/?baseline={baseline_id}").status_code == 404


def test_another_projects_baseline_is_a_404(api, weekly, outsider_api, other_baseline):
    assert api.get(f"kurva-s/?baseline={other_baseline.pk}").status_code == 404
    assert api.delete(f"baseline/{other_baseline.pk}/").status_code == 404
    assert Baseline.objects.filter(pk=other_baseline.pk).exists()


# --- the progress figures of GET kurva-s/ -----------------------------------------------------


def test_kurva_s_serves_realisasi_deviasi_status_spi_and_the_summary(
    api, pekerjaan, weekly, project
):
    # Two pekerjaan of the same cost? make_rab prices them differently: use what the API says.
    plan(api, pekerjaan, weekly, {(0, 0): 50, (0, 1): 50})
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 30), (pekerjaan[0].pk, weekly[1].pk, 30)])

    curve = api.get("kurva-s/").json_body

    periods = curve["periods"]
    bobot = periods[1]["rencana_kumulatif"] / 100  # pekerjaan 0's share of the project's cost
    assert periods[0]["realisasi"] == pytest.approx(30 * bobot, abs=0.01)
    for period in periods[:2]:
        assert period["deviasi_kumulatif"] == pytest.approx(
            period["realisasi_kumulatif"] - period["rencana_kumulatif"], abs=1e-9
        )
        assert period["status"] in {"normal", "terlambat", "kritis"}
    assert all(p["status"] is None and p["realisasi"] is None for p in periods[2:])
    assert curve["spi"] == pytest.approx(0.6, abs=0.01)
    summary = curve["summary"]
    assert summary["periode_laporan"] == 1
    assert summary["periode_hari_ini"] == 3  # 28 Jan lies in week 4
    assert summary["rencana_hari_ini"] == periods[3]["rencana_kumulatif"]
    assert summary["realisasi_kumulatif"] == periods[1]["realisasi_kumulatif"]
    assert curve["today"] == "2026-01-28"


def test_kurva_s_on_another_scale_projects_the_realisasi_too(api, pekerjaan, weekly):
    plan(api, pekerjaan, weekly, {(0, 0): 100})
    save(api, [(pekerjaan[0].pk, weekly[0].pk, 40), (pekerjaan[0].pk, weekly[2].pk, 20)])

    weekly_curve = api.get("kurva-s/").json_body
    monthly = api.get("kurva-s/?scale=monthly").json_body

    assert (
        monthly["periods"][0]["realisasi_kumulatif"]
        == weekly_curve["periods"][2]["realisasi_kumulatif"]
    )


@pytest.mark.parametrize("query", ["baseline=0", "baseline=abc", "baseline=99999999999999999999"])
def test_a_bad_baseline_parameter_is_a_400_or_404(api, weekly, query):
    assert api.get(f"kurva-s/?{query}").status_code in (400, 404)
