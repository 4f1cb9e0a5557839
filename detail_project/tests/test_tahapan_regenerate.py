"""`POST regenerate-tahapan/`: switching the time scale keeps every number (SPEC §4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from detail_project.models import JadwalLog, TahapPelaksanaan
from detail_project.services import jadwal_switch
from detail_project.tests.conftest import JsonClient, cells_of, totals_of

pytestmark = pytest.mark.django_db


def regenerate(api, mode, **extra):
    return api.post("regenerate-tahapan/", {"mode": mode, **extra})


def save(api, version, cells):
    response = api.post(
        "jadwal/save/",
        {
            "version": version,
            "changes": [
                {"pekerjaan_id": p, "tahapan_id": t, "proporsi": v} for (p, t), v in cells.items()
            ],
        },
    )
    assert response.status_code == 200, response.json_body
    return response.json_body["version"]


@pytest.fixture
def scheduled(api, project, pekerjaan, weekly):
    """A realistic weekly schedule: every pekerjaan sums to 100 % except one (47 %)."""
    shapes = [
        ["50", "50"],
        ["33.33", "33.33", "33.34"],
        ["12.5"] * 8,
        ["1"] * 12,
        ["70", "30"],
        ["0.01", "99.99"],
    ]
    cells = {}
    for p, shape in zip(pekerjaan, shape_offsets(shapes), strict=True):
        for week, value in shape:
            cells[(p.pk, weekly[week].pk)] = value
    save(api, project.jadwal_version, cells)
    project.refresh_from_db()
    return cells_by_date(project)


def shape_offsets(shapes):
    for index, shape in enumerate(shapes):
        yield [((index * 2 + offset) % 12, value) for offset, value in enumerate(shape)]


def test_weekly_generates_one_tahapan_per_week_ending_on_sunday(project, weekly):
    assert len(weekly) == 12
    assert weekly[0].nama == "Week 1: 5 Jan - 11 Jan"
    assert (weekly[0].tanggal_mulai, weekly[0].tanggal_selesai) == (
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 11),
    )
    assert weekly[-1].tanggal_selesai == dt.date(2026, 3, 29)
    assert all(t.is_auto_generated and t.generation_mode == "weekly" for t in weekly)


def test_weekly_to_daily_to_weekly_returns_the_original_numbers(api, project, scheduled):
    assert regenerate(api, "daily").status_code == 200
    assert TahapPelaksanaan.objects.filter(project=project).count() == 84
    assert totals_of(project) == {p: sum_of(scheduled, p) for p in totals_of(project)}

    response = regenerate(api, "weekly")

    assert response.status_code == 200
    assert cells_by_date(project) == scheduled


def test_a_chain_of_switches_keeps_every_total_exactly(api, project, scheduled):
    before = totals_of(project)
    for mode in ("daily", "monthly", "custom", "weekly"):
        response = regenerate(api, mode)
        assert response.status_code == 200, response.json_body
        assert totals_of(project) == before, mode
    assert project.__class__.objects.get(pk=project.pk).jadwal_mode == "weekly"


def test_monthly_cells_are_exact_sums_of_daily_ones(api, project, scheduled):
    regenerate(api, "daily")
    daily = cells_of(project)
    dates = dict(TahapPelaksanaan.objects.values_list("pk", "tanggal_mulai"))

    regenerate(api, "monthly")

    expected = {}
    for (p, t), value in daily.items():
        key = (p, dates[t].month)
        expected[key] = expected.get(key, 0) + hundredths(value)
    months = dict(TahapPelaksanaan.objects.values_list("pk", "tanggal_mulai"))
    actual = {(p, months[t].month): hundredths(v) for (p, t), v in cells_of(project).items()}
    assert actual == expected


def test_custom_tahapan_and_their_cells_are_never_touched(api, project, pekerjaan, scheduled):
    created = api.post(
        "tahapan/",
        {"nama": "Mobilisasi", "tanggal_mulai": "2026-01-05", "tanggal_selesai": "2026-01-20"},
    ).json_body
    custom_id = created["tahapan"]["tahapan_id"]
    # Make room: the last pekerjaan only totals 47 %.
    p = pekerjaan[3].pk
    version = created["version"]
    save(api, version, {(p, custom_id): "40"})

    for mode in ("daily", "monthly", "weekly"):
        assert regenerate(api, mode).status_code == 200

    custom = TahapPelaksanaan.objects.get(pk=custom_id)
    assert (custom.nama, custom.is_auto_generated, custom.generation_mode) == (
        "Mobilisasi",
        False,
        "custom",
    )
    assert cells_of(project)[(p, custom_id)] == "40.00"


def test_custom_mode_generates_and_deletes_nothing(api, project, scheduled):
    ids = set(TahapPelaksanaan.objects.values_list("pk", flat=True))

    response = regenerate(api, "custom")

    assert response.status_code == 200
    body = response.json_body
    assert (body["mode"], body["tahapan_created"], body["tahapan_deleted"]) == ("custom", 0, 0)
    assert set(TahapPelaksanaan.objects.values_list("pk", flat=True)) == ids
    assert cells_by_date(project) == scheduled


def test_switching_to_the_current_scale_keeps_the_tahapan(api, project, scheduled):
    ids = list(TahapPelaksanaan.objects.order_by("urutan").values_list("pk", flat=True))

    response = regenerate(api, "weekly")

    assert response.status_code == 200
    assert response.json_body["tahapan_created"] == 0
    assert list(TahapPelaksanaan.objects.order_by("urutan").values_list("pk", flat=True)) == ids
    assert cells_by_date(project) == scheduled


def test_without_conversion_generated_cells_are_dropped(api, project, scheduled):
    response = regenerate(api, "monthly", convert_assignments=False)

    assert response.status_code == 200
    assert response.json_body["converted_assignments"] == 0
    assert cells_of(project) == {}


def test_an_unknown_mode_is_400_naming_the_valid_ones(api, project, scheduled):
    response = regenerate(api, "yearly")

    assert response.status_code == 400
    for mode in ("daily", "weekly", "monthly", "custom"):
        assert mode in response.json_body["error"]
    assert cells_by_date(project) == scheduled


def test_week_end_day_moves_the_weeks_and_is_remembered(api, project, scheduled):
    before = totals_of(project)

    response = regenerate(api, "weekly", week_end_day=2)

    assert response.status_code == 200
    first = TahapPelaksanaan.objects.order_by("urutan").first()
    assert (first.tanggal_mulai, first.tanggal_selesai) == (
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 7),
    )
    project.refresh_from_db()
    assert project.week_end_day == 2
    assert totals_of(project) == before


def test_shortened_dates_move_proportion_to_the_nearest_period_and_report_it(
    api, project, pekerjaan, scheduled
):
    before = totals_of(project)
    project.tanggal_selesai = dt.date(2026, 2, 15)
    project.save(update_fields=["tanggal_selesai"])

    response = regenerate(api, "weekly")

    assert response.status_code == 200
    clamped = {row["pekerjaan_id"]: row["proporsi"] for row in response.json_body["clamped"]}
    assert clamped  # some cells sat in the cut-off weeks
    assert totals_of(project) == before
    assert TahapPelaksanaan.objects.filter(project=project).count() == 6


def test_a_failure_halfway_leaves_the_schedule_exactly_as_it_was(
    api, project, scheduled, monkeypatch
):
    tahapan_before = list(TahapPelaksanaan.objects.order_by("pk").values_list())
    version_before = project.__class__.objects.get(pk=project.pk).jadwal_version

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jadwal_switch, "cells_insert", explode)

    with pytest.raises(RuntimeError):
        jadwal_switch.tahapan_regenerate(project=project, user=project.owner, mode="daily")

    assert list(TahapPelaksanaan.objects.order_by("pk").values_list()) == tahapan_before
    assert cells_by_date(project) == scheduled
    assert project.__class__.objects.get(pk=project.pk).jadwal_version == version_before
    assert not JadwalLog.objects.filter(project=project, detail__mode="daily").exists()


def test_a_stale_version_gets_409(api, project, scheduled):
    response = regenerate(api, "daily", version=0)
    assert response.status_code == 409
    assert cells_by_date(project) == scheduled


def test_it_is_rate_limited_per_user(api, project, weekly, settings):
    statuses = [regenerate(api, "custom").status_code for _ in range(11)]

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    last = regenerate(api, "custom")
    assert last.status_code == 429
    assert int(last["Retry-After"]) > 0
    assert last.json_body["ok"] is False


def test_an_outsider_gets_404_and_an_anonymous_client_401(outsider_api, project, scheduled):
    assert regenerate(outsider_api, "daily").status_code == 404
    assert regenerate(JsonClient(Client(), project.pk), "daily").status_code == 401
    assert cells_by_date(project) == scheduled


def test_it_needs_csrf_and_post(owner, project, weekly):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    api = JsonClient(client, project.pk)
    assert regenerate(api, "daily").status_code == 403
    assert api.get("regenerate-tahapan/").status_code == 405


# --- helpers ------------------------------------------------------------------------------


def hundredths(value: str) -> int:
    whole, _, frac = value.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def sum_of(cells, pekerjaan_id):
    return sum(hundredths(v) for (p, _), v in cells.items() if p == pekerjaan_id)


def cells_by_date(project):
    """The schedule keyed by (pekerjaan, start date of its tahapan), which survives the
    tahapan being recreated."""
    dates = dict(TahapPelaksanaan.objects.values_list("pk", "tanggal_mulai"))
    return {(p, dates[t]): v for (p, t), v in cells_of(project).items()}
