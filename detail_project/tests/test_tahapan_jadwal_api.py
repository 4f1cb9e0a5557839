"""`GET jadwal/` and `POST jadwal/save/`: the grid's one read and one write."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dashboard.models import Project
from detail_project.models import JadwalLog, PekerjaanTahapan
from detail_project.services import jadwal_save, jadwal_switch
from detail_project.tests.api_operations import NOT_A_MEMBER
from detail_project.tests.conftest import JsonClient, cells_of
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db


def save(api, version, *changes):
    return api.post(
        "jadwal/save/",
        {
            "version": version,
            "changes": [{"pekerjaan_id": p, "tahapan_id": t, "proporsi": v} for p, t, v in changes],
        },
    )


# --- GET jadwal/ ----------------------------------------------------------------------------


def test_it_returns_tree_tahapan_assignments_and_version(api, project, pekerjaan, weekly):
    first, second = pekerjaan[0], weekly[1]
    save(api, project.jadwal_version, (first.pk, second.pk, "33,33"))

    response = api.get("jadwal/")

    assert response.status_code == 200
    body = response.json_body
    assert body["ok"] is True
    assert body["mode"] == "weekly"
    assert body["version"] == project.jadwal_version + 1
    assert [t["nama"] for t in body["tahapan"]][:2] == [
        "Week 1: 5 Jan - 11 Jan",
        "Week 2: 12 Jan - 18 Jan",
    ]
    assert len(body["tahapan"]) == 12
    assert [k["name"] for k in body["tree"]] == ["Klasifikasi 1", "Klasifikasi 2"]
    leaf = body["tree"][0]["sub"][0]["pekerjaan"][0]
    assert set(leaf) == {
        "id",
        "kode",
        "uraian",
        "satuan",
        "volume",
        "harga_satuan",
        "jumlah_harga",
        "biaya",
        "bobot",
    }
    assert Decimal(leaf["biaya"]) == first.volume * first.harga_satuan
    assert body["assignments"] == [[first.pk, second.pk, 33.33]]
    # Label parts travel as data: the page never parses "Week 2: 12 Jan - 18 Jan".
    assert {k: body["tahapan"][1][k] for k in ("nomor", "tanggal_mulai", "tanggal_selesai")} == {
        "nomor": 2,
        "tanggal_mulai": "2026-01-12",
        "tanggal_selesai": "2026-01-18",
    }
    assert body["axis"]["scale"] == "weekly"
    assert body["axis"]["periods"][1] == {
        "nomor": 2,
        "tanggal_mulai": "2026-01-12",
        "tanggal_selesai": "2026-01-18",
        "tahapan_id": second.pk,
    }
    assert body["plan_mismatch"] == []
    bobot = [p["bobot"] for k in body["tree"] for s in k["sub"] for p in s["pekerjaan"]]
    assert sum(bobot) == pytest.approx(100, abs=1e-4)


def test_its_query_count_does_not_grow_with_pekerjaan(owner, django_assert_num_queries):
    counts = []
    for size in (10, 1000):
        project = Project.objects.create(
            owner=owner, nama=f"P{size}", tanggal_mulai="2026-01-05", tanggal_selesai="2026-06-28"
        )
        rows = make_rab(project, pekerjaan=size, klasifikasi=5, subs=4)
        jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
        jadwal_save.jadwal_save(
            project=project,
            user=owner,
            version=None,
            changes=[
                jadwal_save.CellChange(p.pk, t, 5000)
                for p in rows
                for t in list(project.tahapan.values_list("pk", flat=True))[:2]
            ],
        )
        client = Client()
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/detail_project/api/project/{project.pk}/jadwal/")
        assert response.status_code == 200
        assert len(response.json()["assignments"]) == size * 2
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # session + user + project + klasifikasi + sub + pekerjaan + tahapan + assignments (with
    # the sums of the plan check)
    assert counts[0] <= 9  # the page's 8 and the realisasi's day-by-day rows


def test_it_answers_404_to_an_outsider(outsider_api, weekly):
    response = outsider_api.get("jadwal/")
    assert response.status_code == 404
    assert response.json_body == {"ok": False, "error": NOT_A_MEMBER, "reason": "not_member"}


def test_it_answers_401_to_an_anonymous_client(project):
    response = JsonClient(Client(), project.pk).get("jadwal/")
    assert response.status_code == 401
    assert response.json_body["ok"] is False


def test_it_answers_405_in_json_to_a_wrong_method(api, weekly):
    response = api.delete("jadwal/")
    assert response.status_code == 405
    assert response.json_body["ok"] is False
    assert "GET" in response["Allow"]


def test_an_unknown_project_is_404(owner_client):
    response = JsonClient(owner_client, 999_999).get("jadwal/")
    assert response.status_code == 404


# --- POST jadwal/save/ ----------------------------------------------------------------------


def test_it_saves_many_cells_in_one_request_and_bumps_the_version(api, project, pekerjaan, weekly):
    version = project.jadwal_version
    changes = [(p.pk, t.pk, "25") for p in pekerjaan for t in weekly[:4]]

    response = save(api, version, *changes)

    assert response.status_code == 200, response.json_body
    assert response.json_body["saved"] == 24
    assert response.json_body["removed"] == 0
    assert response.json_body["version"] == version + 1
    assert set(cells_of(project).values()) == {"25.00"}
    assert len(cells_of(project)) == 24
    log = JadwalLog.objects.get(project=project, action="save")
    assert log.cells == 24 and log.user.username == "owner"


def test_zero_removes_a_cell_and_the_same_cell_twice_keeps_the_last(
    api, project, pekerjaan, weekly
):
    p, t1, t2 = pekerjaan[0].pk, weekly[0].pk, weekly[1].pk
    version = save(api, project.jadwal_version, (p, t1, 50), (p, t2, 50)).json_body["version"]

    response = save(api, version, (p, t1, 0), (p, t2, 10), (p, t2, "60,5"))

    assert response.status_code == 200, response.json_body
    assert response.json_body["removed"] == 1
    assert cells_of(project) == {(p, t2): "60.50"}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "number"),
        (-1, "negative"),
        (100.01, "100"),
        ("33.333", "two decimals"),
        (True, "number"),
        (None, "number"),
        ("NaN", "number"),
        ("Infinity", "number"),
        ("1.000,5", "number"),
    ],
)
def test_it_refuses_a_bad_proportion_naming_the_cell(
    api, project, pekerjaan, weekly, value, reason
):
    good = (pekerjaan[0].pk, weekly[0].pk, 50)
    bad = (pekerjaan[1].pk, weekly[2].pk, value)

    response = save(api, project.jadwal_version, good, bad)

    assert response.status_code == 400
    error = response.json_body["error"]
    assert error.startswith("changes[1]")
    assert f"pekerjaan {pekerjaan[1].pk}, tahapan {weekly[2].pk}" in error
    assert reason.lower() in error.lower()
    assert cells_of(project) == {}


def test_it_refuses_nan_and_infinity_sent_as_json_numbers(api, project, pekerjaan, weekly):
    for literal in ("NaN", "Infinity", "-Infinity"):
        cell = f'{{"pekerjaan_id": {pekerjaan[0].pk}, "tahapan_id": {weekly[0].pk}, '
        body = (
            f'{{"version": {project.jadwal_version}, "changes": [{cell}"proporsi": {literal}}}]}}'
        )

        response = api.client.post(
            api.base + "jadwal/save/", data=body, content_type="application/json"
        )
        assert response.status_code == 400, literal
    assert cells_of(project) == {}


def test_it_refuses_unknown_ids_listing_them_and_saves_nothing(api, project, pekerjaan, weekly):
    response = save(
        api,
        project.jadwal_version,
        (pekerjaan[0].pk, weekly[0].pk, 50),
        (987_654, weekly[0].pk, 50),
        (pekerjaan[0].pk, 876_543, 50),
    )

    assert response.status_code == 400
    assert "987654" in response.json_body["error"]
    assert "876543" in response.json_body["error"]
    assert response.json_body["unknown_pekerjaan_ids"] == [987_654]
    assert cells_of(project) == {}


def test_it_refuses_ids_of_another_project(api, project, pekerjaan, weekly, outsider):
    other = Project.objects.create(
        owner=outsider, nama="Other", tanggal_mulai="2026-01-05", tanggal_selesai="2026-02-01"
    )
    foreign = make_rab(other, pekerjaan=1)[0]

    response = save(api, project.jadwal_version, (foreign.pk, weekly[0].pk, 50))

    assert response.status_code == 400
    assert str(foreign.pk) in response.json_body["error"]
    assert not PekerjaanTahapan.objects.exists()


def test_it_refuses_a_pekerjaan_planned_beyond_100_percent(api, project, pekerjaan, weekly):
    p = pekerjaan[0]
    response = save(api, project.jadwal_version, (p.pk, weekly[0].pk, 60), (p.pk, weekly[1].pk, 41))

    assert response.status_code == 400
    assert "100" in response.json_body["error"]
    assert p.kode_pekerjaan in response.json_body["error"]
    assert cells_of(project) == {}


def test_a_save_on_other_pekerjaan_with_an_old_version_succeeds_and_hands_theirs_over(
    api, project, pekerjaan, weekly
):
    version = project.jadwal_version
    assert save(api, version, (pekerjaan[0].pk, weekly[0].pk, 10)).status_code == 200

    response = save(api, version, (pekerjaan[1].pk, weekly[1].pk, 20))

    assert response.status_code == 200
    body = response.json_body
    assert body["version"] == version + 2
    assert body["updated_elsewhere"] == {
        "pekerjaan": [pekerjaan[0].pk],
        "assignments": [[pekerjaan[0].pk, weekly[0].pk, 10.0]],
    }
    assert body["reload"] is False
    assert cells_of(project) == {
        (pekerjaan[0].pk, weekly[0].pk): "10.00",
        (pekerjaan[1].pk, weekly[1].pk): "20.00",
    }


def test_a_save_on_a_pekerjaan_changed_since_its_version_gets_409_naming_it(
    api, project, pekerjaan, weekly
):
    version = project.jadwal_version
    assert save(api, version, (pekerjaan[0].pk, weekly[0].pk, 10)).status_code == 200

    response = save(
        api, version, (pekerjaan[0].pk, weekly[1].pk, 20), (pekerjaan[1].pk, weekly[1].pk, 5)
    )

    assert response.status_code == 409
    body = response.json_body
    assert body["ok"] is False
    assert body["version"] == version + 1
    assert body["conflicts"] == [pekerjaan[0].pk]
    assert pekerjaan[0].kode_pekerjaan in body["error"]
    assert cells_of(project) == {(pekerjaan[0].pk, weekly[0].pk): "10.00"}  # nothing half-saved


def test_a_save_that_changes_nothing_keeps_the_version(api, project, pekerjaan, weekly):
    version = project.jadwal_version
    assert save(api, version, (pekerjaan[0].pk, weekly[0].pk, 10)).status_code == 200

    response = save(
        api,
        version + 1,
        (pekerjaan[0].pk, weekly[0].pk, "10,00"),
        (pekerjaan[1].pk, weekly[0].pk, 0),
    )

    assert response.status_code == 200
    assert response.json_body["version"] == version + 1
    assert (response.json_body["saved"], response.json_body["removed"]) == (0, 0)
    assert JadwalLog.objects.filter(project=project, action="save").count() == 1


def test_a_switched_time_scale_makes_an_old_version_a_409(api, project, pekerjaan, weekly):
    version = project.jadwal_version
    assert api.post("regenerate-tahapan/", {"mode": "monthly"}).status_code == 200

    response = save(api, version, (pekerjaan[0].pk, weekly[0].pk, 10))

    assert response.status_code == 409
    assert "time scale" in response.json_body["error"]


def test_a_version_from_the_future_is_a_409(api, project, pekerjaan, weekly):
    response = save(api, project.jadwal_version + 7, (pekerjaan[0].pk, weekly[0].pk, 10))
    assert response.status_code == 409
    assert cells_of(project) == {}


def test_the_version_is_required(api, project, pekerjaan, weekly):
    change = {"pekerjaan_id": pekerjaan[0].pk, "tahapan_id": weekly[0].pk, "proporsi": 10}
    response = api.post("jadwal/save/", {"changes": [change]})
    assert response.status_code == 400
    assert "version" in response.json_body["error"]
    assert cells_of(project) == {}


def test_a_deleted_tahapan_in_an_old_save_is_a_409_not_a_400(api, project, pekerjaan, weekly):
    version = project.jadwal_version
    custom = api.post("tahapan/", {"nama": "Mobilisasi"}).json_body["tahapan"]["tahapan_id"]
    assert api.delete(f"tahapan/{custom}/").status_code == 200

    response = save(api, version, (pekerjaan[0].pk, custom, 10))

    assert response.status_code == 409
    assert str(custom) in response.json_body["error"]


def test_a_rab_change_since_the_version_asks_the_page_to_reload(
    api, project, pekerjaan, weekly, owner
):
    from detail_project.services import rab

    version = project.jadwal_version
    rab.pekerjaan_update(
        pekerjaan=pekerjaan[2],
        kode_pekerjaan="A.3",
        uraian="Renamed",
        satuan="m3",
        volume=pekerjaan[2].volume,
        harga_satuan=pekerjaan[2].harga_satuan,
        user=owner,
    )

    response = save(api, version, (pekerjaan[0].pk, weekly[0].pk, 10))

    assert response.status_code == 200
    assert response.json_body["reload"] is True
    assert JadwalLog.objects.filter(project=project, action="rab_edit").count() == 1


def test_a_body_over_2_mb_gets_413(api, project, pekerjaan, weekly):
    change = {"pekerjaan_id": pekerjaan[0].pk, "tahapan_id": weekly[0].pk, "proporsi": 1}
    body = {"version": project.jadwal_version, "changes": [change] * 100_000}
    assert len(json.dumps(body)) > 2 * 1024 * 1024

    response = api.post("jadwal/save/", body)

    assert response.status_code == 413
    assert response.json_body["ok"] is False
    assert cells_of(project) == {}


def test_it_refuses_a_request_without_csrf_token(owner, project, pekerjaan, weekly):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = save(
        JsonClient(client, project.pk), project.jadwal_version, (pekerjaan[0].pk, weekly[0].pk, 5)
    )
    assert response.status_code == 403
    assert "CSRF" in response.json_body["error"]
    assert cells_of(project) == {}


def test_it_accepts_the_csrf_token_in_the_header(owner, project, pekerjaan, weekly):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(f"/detail_project/project/{project.pk}/rab/")
    token = client.cookies["csrftoken"].value
    response = save(
        JsonClient(client, project.pk),
        project.jadwal_version,
        (pekerjaan[0].pk, weekly[0].pk, 5),
    )
    assert response.status_code == 403  # without the header
    response = JsonClient(client, project.pk).post(
        "jadwal/save/",
        {
            "version": project.jadwal_version,
            "changes": [
                {"pekerjaan_id": pekerjaan[0].pk, "tahapan_id": weekly[0].pk, "proporsi": 5}
            ],
        },
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200


def test_an_outsider_cannot_save_and_nothing_changes(outsider_api, project, pekerjaan, weekly):
    response = save(outsider_api, project.jadwal_version, (pekerjaan[0].pk, weekly[0].pk, 5))
    assert response.status_code == 404
    assert cells_of(project) == {}


def test_malformed_json_and_unknown_fields_are_400(api, project, weekly):
    response = api.client.post(
        api.base + "jadwal/save/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["ok"] is False

    response = api.post("jadwal/save/", {"version": 0, "changes": [], "chnages": []})
    assert response.status_code == 400
    assert "chnages" in response.json_body["error"]


def test_an_empty_save_is_a_no_op(api, project, weekly):
    response = save(api, project.jadwal_version)
    assert response.status_code == 200
    assert response.json_body["version"] == project.jadwal_version


def test_history_lists_the_writes(api, project, pekerjaan, weekly):
    save(api, project.jadwal_version, (pekerjaan[0].pk, weekly[0].pk, 5))

    response = api.get("jadwal/history/")

    assert response.status_code == 200
    actions = [row["action"] for row in response.json_body["history"]]
    assert actions == ["save", "regenerate"]
    assert response.json_body["history"][0]["user"] == "owner"
    assert response.json_body["history"][0]["cells"] == 1


def test_a_total_of_exactly_100_in_many_small_cells_is_accepted_and_valid(
    api, project, pekerjaan, weekly
):
    # These 12 cells add up to exactly 100.00, but summed as floats (as SQLite does) they
    # give 100.00000000000001.
    values = [920, 2355, 92, 2609, 798, 208, 901, 387, 814, 114, 141, 661]
    changes = [
        (pekerjaan[0].pk, t.pk, f"{v // 100}.{v % 100:02d}")
        for t, v in zip(weekly, values, strict=True)
    ]

    response = save(api, project.jadwal_version, *changes)

    assert response.status_code == 200, response.json_body
    issues = api.get("tahapan/validate/").json_body["issues"]
    assert pekerjaan[0].pk not in {issue["pekerjaan_id"] for issue in issues}
    summary = api.get("tahapan/").json_body["tahapan"]
    assert summary[0]["total_assigned_proportion"] == 9.2
