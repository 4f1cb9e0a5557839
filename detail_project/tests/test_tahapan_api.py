"""The tahapan endpoints of SPEC §5: list, custom CRUD, reorder, assign, unassign, checks."""

from __future__ import annotations

import pytest
from django.test import Client

from detail_project.models import JadwalLog, PekerjaanTahapan, TahapPelaksanaan
from detail_project.tests.api_operations import NOT_A_MEMBER, OPERATIONS, Operation
from detail_project.tests.conftest import JsonClient, cells_of

pytestmark = pytest.mark.django_db

TAHAPAN_KEYS = {
    "tahapan_id", "nama", "urutan", "deskripsi", "jumlah_pekerjaan",
    "total_assigned_proportion", "tanggal_mulai", "tanggal_selesai", "created_at",
    "is_auto_generated", "generation_mode",
}  # fmt: skip


def create(api, **fields):
    return api.post("tahapan/", {"nama": "Persiapan", **fields})


# --- list -----------------------------------------------------------------------------------


def test_it_lists_tahapan_with_counts_and_totals(api, project, pekerjaan, weekly):
    api.post(f"tahapan/{weekly[0].pk}/assign/", {
        "assignments": [
            {"pekerjaan_id": pekerjaan[0].pk, "proporsi": 40},
            {"pekerjaan_id": pekerjaan[1].pk, "proporsi": "12,5"},
        ]
    })  # fmt: skip

    response = api.get("tahapan/")

    assert response.status_code == 200
    body = response.json_body
    assert body["count"] == 12
    first = body["tahapan"][0]
    assert set(first) == TAHAPAN_KEYS
    assert first["jumlah_pekerjaan"] == 2
    assert first["total_assigned_proportion"] == 52.5
    assert first["tanggal_mulai"] == "2026-01-05"


def test_the_list_is_fresh_after_every_write(api, project, pekerjaan, weekly):
    assert api.get("tahapan/").json_body["tahapan"][0]["jumlah_pekerjaan"] == 0
    api.post(
        f"tahapan/{weekly[0].pk}/assign/",
        {"assignments": [{"pekerjaan_id": pekerjaan[0].pk, "proporsi": 5}]},
    )
    assert api.get("tahapan/").json_body["tahapan"][0]["jumlah_pekerjaan"] == 1


# --- create / update / delete ---------------------------------------------------------------


def test_it_creates_a_custom_tahapan_at_the_end(api, project, weekly):
    response = create(
        api, deskripsi="Mobilisasi", tanggal_mulai="2026-01-05", tanggal_selesai="2026-01-31"
    )

    assert response.status_code == 201, response.json_body
    tahapan = response.json_body["tahapan"]
    assert tahapan["nama"] == "Persiapan"
    assert tahapan["urutan"] == 13
    assert (tahapan["is_auto_generated"], tahapan["generation_mode"]) == (False, "custom")
    assert response.json_body["version"] == project.jadwal_version + 1
    assert JadwalLog.objects.filter(action="tahapan_create").count() == 1


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"nama": ""}, "nama"),  # the JSON path the client sent, then what is wrong with it
        ({"nama": "   "}, "Give the tahapan a name."),
        ({"nama": "x" * 201}, "nama"),
        (
            {"tanggal_mulai": "2026-02-01", "tanggal_selesai": "2026-01-01"},
            "The end date must be on or after the start date (1 Feb 2026).",
        ),
        (
            {"tanggal_mulai": "2025-12-01", "tanggal_selesai": "2026-01-10"},
            "The dates must lie within the project (5 Jan 2026 … 29 Mar 2026).",
        ),
        ({"tanggal_mulai": "2026-01-05"}, "Give both the start date and the end date"),
        ({"tanggal_mulai": "not a date", "tanggal_selesai": "2026-01-10"}, "tanggal_mulai"),
        ({"urutan": -1}, "urutan"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_refuses_bad_tahapan_with_a_clear_message(api, project, weekly, fields, fragment):
    response = create(api, **fields)

    assert response.status_code == 400
    assert fragment in response.json_body["error"]
    assert TahapPelaksanaan.objects.filter(is_auto_generated=False).count() == 0


def test_names_are_unique_within_a_project(api, project, weekly):
    assert create(api).status_code == 201
    response = create(api)
    assert response.status_code == 400
    assert "already exists" in response.json_body["error"]
    assert create(api, nama=weekly[0].nama).status_code == 400


def test_it_updates_any_field_of_a_custom_tahapan(api, project, weekly):
    tahapan_id = create(api).json_body["tahapan"]["tahapan_id"]

    response = api.put(
        f"tahapan/{tahapan_id}/",
        {"nama": "Struktur", "tanggal_mulai": "2026-02-02", "tanggal_selesai": "2026-02-28"},
    )

    assert response.status_code == 200, response.json_body
    assert response.json_body["tahapan"]["nama"] == "Struktur"
    assert response.json_body["tahapan"]["tanggal_selesai"] == "2026-02-28"


def test_generated_tahapan_keep_their_dates(api, project, weekly):
    response = api.put(f"tahapan/{weekly[0].pk}/", {"tanggal_mulai": "2026-01-06"})
    assert response.status_code == 400
    assert "time scale" in response.json_body["error"]
    assert api.put(f"tahapan/{weekly[0].pk}/", {"nama": "Minggu pertama"}).status_code == 200


def test_delete_cascades_to_the_assignments(api, project, pekerjaan, weekly):
    api.post(
        f"tahapan/{weekly[1].pk}/assign/",
        {"assignments": [{"pekerjaan_id": pekerjaan[0].pk, "proporsi": 5}]},
    )

    response = api.delete(f"tahapan/{weekly[1].pk}/")

    assert response.status_code == 200
    assert response.json_body["deleted_assignments"] == 1
    assert not TahapPelaksanaan.objects.filter(pk=weekly[1].pk).exists()
    assert not PekerjaanTahapan.objects.exists()


def test_unknown_or_foreign_tahapan_ids_are_404(api, project, weekly, outsider):
    from dashboard.models import Project

    other = Project.objects.create(
        owner=outsider, nama="Other", tanggal_mulai="2026-01-05", tanggal_selesai="2026-02-01"
    )
    foreign = TahapPelaksanaan.objects.create(project=other, nama="Theirs")
    for path in (f"tahapan/{foreign.pk}/", "tahapan/999999/"):
        assert api.put(path, {"nama": "Mine"}).status_code == 404
        assert api.delete(path).status_code == 404
    assert TahapPelaksanaan.objects.get(pk=foreign.pk).nama == "Theirs"


# --- reorder --------------------------------------------------------------------------------


def test_reorder_sets_every_urutan_in_one_transaction(api, project, weekly):
    order = [{"id": t.pk, "urutan": 100 - i} for i, t in enumerate(weekly)]

    response = api.post("tahapan/reorder/", {"order": order})

    assert response.status_code == 200
    assert response.json_body["updated_count"] == 12
    assert TahapPelaksanaan.objects.get(pk=weekly[0].pk).urutan == 100


def test_reorder_refuses_unknown_ids_and_changes_nothing(api, project, weekly):
    order = [{"id": weekly[0].pk, "urutan": 50}, {"id": 999_999, "urutan": 1}]

    response = api.post("tahapan/reorder/", {"order": order})

    assert response.status_code == 400
    assert "999999" in response.json_body["error"]
    assert TahapPelaksanaan.objects.get(pk=weekly[0].pk).urutan == 1


def test_reorder_refuses_duplicates(api, project, weekly):
    order = [{"id": weekly[0].pk, "urutan": 5}, {"id": weekly[0].pk, "urutan": 6}]
    assert api.post("tahapan/reorder/", {"order": order}).status_code == 400


# --- assign / unassign ----------------------------------------------------------------------


def test_assign_upserts_and_returns_the_cells(api, project, pekerjaan, weekly):
    path = f"tahapan/{weekly[0].pk}/assign/"
    api.post(path, {"assignments": [{"pekerjaan_id": pekerjaan[0].pk, "proporsi": 10}]})

    response = api.post(
        path, {"assignments": [{"pekerjaan_id": pekerjaan[0].pk, "proporsi": "20.5"}]}
    )

    assert response.status_code == 200
    assert response.json_body["assignments"] == [
        {"pekerjaan_id": pekerjaan[0].pk, "tahapan_id": weekly[0].pk, "proporsi": 20.5}
    ]
    assert cells_of(project) == {(pekerjaan[0].pk, weekly[0].pk): "20.50"}


@pytest.mark.parametrize("value", [0, -5, 100.5, "12.345", "x", False])
def test_assign_refuses_values_outside_0_01_to_100(api, project, pekerjaan, weekly, value):
    response = api.post(
        f"tahapan/{weekly[0].pk}/assign/",
        {"assignments": [{"pekerjaan_id": pekerjaan[0].pk, "proporsi": value}]},
    )
    assert response.status_code == 400
    assert cells_of(project) == {}


def test_assign_refuses_another_projects_pekerjaan(api, project, weekly, outsider):
    from dashboard.models import Project
    from detail_project.tests.factories import make_rab

    other = Project.objects.create(
        owner=outsider, nama="Other", tanggal_mulai="2026-01-05", tanggal_selesai="2026-02-01"
    )
    foreign = make_rab(other, pekerjaan=1)[0]

    response = api.post(
        f"tahapan/{weekly[0].pk}/assign/",
        {"assignments": [{"pekerjaan_id": foreign.pk, "proporsi": 5}]},
    )

    assert response.status_code == 400
    assert str(foreign.pk) in response.json_body["error"]


def test_unassign_removes_the_cells(api, project, pekerjaan, weekly):
    path = f"tahapan/{weekly[0].pk}/"
    api.post(path + "assign/", {"assignments": [
        {"pekerjaan_id": p.pk, "proporsi": 5} for p in pekerjaan[:3]
    ]})  # fmt: skip

    response = api.post(path + "unassign/", {"pekerjaan_ids": [pekerjaan[0].pk, pekerjaan[1].pk]})

    assert response.status_code == 200
    assert response.json_body["deleted_count"] == 2
    assert list(cells_of(project)) == [(pekerjaan[2].pk, weekly[0].pk)]


# --- reads ----------------------------------------------------------------------------------


def test_pekerjaan_assignments_and_total(api, project, pekerjaan, weekly):
    p = pekerjaan[0].pk
    for tahapan, value in ((weekly[0], 60), (weekly[1], "40")):
        api.post(
            f"tahapan/{tahapan.pk}/assign/",
            {"assignments": [{"pekerjaan_id": p, "proporsi": value}]},
        )

    response = api.get(f"pekerjaan/{p}/assignments/")

    assert response.status_code == 200
    body = response.json_body
    assert body["total_proporsi"] == 100.0
    assert [a["tahapan_id"] for a in body["assignments"]] == [weekly[0].pk, weekly[1].pk]
    assert set(body["assignments"][0]) == {"tahapan_id", "tahapan_nama", "proporsi", "urutan"}
    assert api.get("pekerjaan/999999/assignments/").status_code == 404


def test_validate_lists_missing_and_excess(api, project, pekerjaan, weekly):
    api.post(f"tahapan/{weekly[0].pk}/assign/", {"assignments": [
        {"pekerjaan_id": pekerjaan[0].pk, "proporsi": 100},
        {"pekerjaan_id": pekerjaan[1].pk, "proporsi": 70},
    ]})  # fmt: skip
    PekerjaanTahapan.objects.create(pekerjaan=pekerjaan[2], tahapan=weekly[0], proporsi_volume=90)
    PekerjaanTahapan.objects.create(
        pekerjaan=pekerjaan[2], tahapan=weekly[1], proporsi_volume=20
    )  # legacy data above 100 %

    body = api.get("tahapan/validate/").json_body

    assert body["valid"] is False
    issues = {issue["pekerjaan_id"]: issue for issue in body["issues"]}
    assert pekerjaan[0].pk not in issues
    assert issues[pekerjaan[1].pk]["missing"] == 30.0
    assert issues[pekerjaan[2].pk]["excess"] == 10.0
    assert issues[pekerjaan[3].pk]["missing"] == 100.0
    assert (body["valid_count"], body["invalid_count"]) == (1, 5)


def test_unassigned_lists_the_remaining_share(api, project, pekerjaan, weekly):
    api.post(
        f"tahapan/{weekly[0].pk}/assign/",
        {"assignments": [{"pekerjaan_id": pekerjaan[0].pk, "proporsi": "66.67"}]},
    )

    body = api.get("tahapan/unassigned/").json_body

    assert body["count"] == 6
    first = body["unassigned"][0]
    assert first["pekerjaan_id"] == pekerjaan[0].pk
    assert (first["total_assigned"], first["remaining"]) == (66.67, 33.33)
    assert {"kode_pekerjaan", "uraian", "volume", "satuan"} <= set(first)


def test_volume_list(api, project, pekerjaan):
    body = api.get("volume-pekerjaan/list/").json_body
    assert body["volumes"][0] == {
        "pekerjaan_id": pekerjaan[0].pk,
        "volume": float(pekerjaan[0].volume),
        "satuan": pekerjaan[0].satuan,
    }


# --- the same answers for everyone else -----------------------------------------------------


def _path(operation: Operation, pekerjaan, weekly) -> str:
    return operation.path(tahapan_id=weekly[0].pk, pekerjaan_id=pekerjaan[0].pk)


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_endpoint_is_404_for_an_outsider(outsider_api, project, pekerjaan, weekly, operation):
    before = (cells_of(project), list(TahapPelaksanaan.objects.values_list()))
    response = outsider_api.call(
        operation.method, _path(operation, pekerjaan, weekly), operation.body
    )
    assert response.status_code == 404
    # The same words as for a project that does not exist: nothing is revealed.
    assert response.json_body == {"ok": False, "error": NOT_A_MEMBER, "reason": "not_member"}
    assert (cells_of(project), list(TahapPelaksanaan.objects.values_list())) == before


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_endpoint_is_401_for_an_anonymous_client(project, pekerjaan, weekly, operation):
    response = JsonClient(Client(), project.pk).call(
        operation.method, _path(operation, pekerjaan, weekly), operation.body
    )
    assert response.status_code == 401


@pytest.mark.parametrize("operation", [o for o in OPERATIONS if o.writes], ids=str)
def test_every_write_needs_the_csrf_token(owner, project, pekerjaan, weekly, operation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = JsonClient(client, project.pk).call(
        operation.method, _path(operation, pekerjaan, weekly), operation.body
    )
    assert response.status_code == 403
    assert response.json_body["ok"] is False


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("patch", "tahapan/"),
        ("get", "tahapan/reorder/"),
        ("put", "tahapan/validate/"),
        ("post", "volume-pekerjaan/list/"),
        ("get", "jadwal/save/"),
    ],
)
def test_wrong_methods_are_405_in_json(api, pekerjaan, weekly, method, template):
    response = api.call(method, template)
    assert response.status_code == 405
    assert response.json_body["ok"] is False


def test_a_stale_version_is_409_on_tahapan_writes(api, project, weekly):
    response = create(api, version=project.jadwal_version + 5)
    assert response.status_code == 409
    assert response.json_body["version"] == project.jadwal_version


def test_ids_beyond_any_row_are_404_not_500(api, weekly):
    huge = 10**23
    assert api.put(f"tahapan/{huge}/", {"nama": "x"}).status_code == 404
    assert api.delete(f"tahapan/{huge}/").status_code == 404
    assert api.get(f"pekerjaan/{huge}/assignments/").status_code == 404


def test_a_project_id_beyond_any_row_is_404(owner_client):
    assert JsonClient(owner_client, 10**30).get("jadwal/").status_code == 404


def test_huge_ids_in_bodies_are_400_not_500(api, weekly):
    response = api.post(
        f"tahapan/{weekly[0].pk}/assign/",
        {"assignments": [{"pekerjaan_id": 10**22, "proporsi": 1}]},
    )
    assert response.status_code == 400


def test_a_cache_that_is_down_does_not_break_the_api(api, settings, weekly):
    # The summary cache only; when the rate-limit store is down a switch is refused
    # (test_tahapan_regenerate_throttle.py).
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
        },
    }
    assert api.get("tahapan/").status_code == 200
    assert api.post("regenerate-tahapan/", {"mode": "custom"}).status_code == 200
