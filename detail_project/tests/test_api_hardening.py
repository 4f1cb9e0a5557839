"""What the API answers to the requests of a security review: control characters in names, a
server error, whole numbers written `7.0`, and the OpenAPI schema saying exactly what the server
accepts (the bounded schemathesis run in test_tahapan_schema.py checks the rest)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dashboard import views as dashboard_views
from detail_project.models import JadwalLog, TahapPelaksanaan
from detail_project.selectors import jadwal as jadwal_selectors

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = "Remove the invisible control character U+0000 from this text."


def custom_tahapan(api) -> dict:
    created = api.call("post", "tahapan/", {"nama": "Mobilisasi"})
    assert created.status_code == 201, created.json_body
    return created.json_body["tahapan"]


# --- control characters (a NUL was an HTML 500 on PostgreSQL) ----------------------------------


@pytest.mark.parametrize(
    "body",
    [{"nama": "a\u0000b"}, {"nama": "Mobilisasi", "deskripsi": "alat\u0000berat"}],
    ids=["nama", "deskripsi"],
)
def test_a_nul_in_a_new_tahapan_is_a_clear_400(api, project, weekly, body):
    count = TahapPelaksanaan.objects.count()

    response = api.call("post", "tahapan/", body)

    assert response.status_code == 400
    assert response.json_body["ok"] is False
    assert CONTROL_MESSAGE in response.json_body["error"]
    assert TahapPelaksanaan.objects.count() == count


@pytest.mark.parametrize("field", ["nama", "deskripsi"])
def test_a_nul_in_a_renamed_tahapan_is_a_clear_400(api, project, weekly, field):
    tahapan = custom_tahapan(api)

    response = api.call("put", f"tahapan/{tahapan['tahapan_id']}/", {field: "x\u0000"})

    assert response.status_code == 400
    assert CONTROL_MESSAGE in response.json_body["error"]
    stored = TahapPelaksanaan.objects.get(pk=tahapan["tahapan_id"])
    assert (stored.nama, stored.deskripsi) == ("Mobilisasi", "")


@pytest.mark.parametrize("character", ["\u0007", "\u001b", "\u007f", "\u0085"])
def test_other_control_characters_are_refused_too(api, project, weekly, character):
    response = api.call("post", "tahapan/", {"nama": f"Mobi{character}lisasi"})

    assert response.status_code == 400
    assert f"U+{ord(character):04X}" in response.json_body["error"]


def test_tabs_and_new_lines_in_a_description_are_ordinary_text(api, project, weekly):
    response = api.call("post", "tahapan/", {"nama": "Mobilisasi", "deskripsi": "alat\tberat\r\n"})

    assert response.status_code == 201
    assert response.json_body["tahapan"]["deskripsi"] == "alat\tberat\r\n"


def test_the_message_is_in_the_readers_language(owner, project, weekly):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(owner)
    url = reverse("api:tahapan_create", args=[project.pk])

    response = client.post(url, {"nama": "a\u0000b"}, content_type="application/json")

    assert response.status_code == 400
    assert "U+0000" in response.json()["error"]
    assert "control character" not in response.json()["error"]


def test_the_project_form_refuses_a_control_character(owner_client, project):
    url = reverse("dashboard:project_edit", args=[project.pk])
    form = owner_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["nama"] = "Gedung\u0007Serbaguna"

    response = owner_client.post(url, data)

    assert response.status_code == 200
    assert "U+0007" in str(response.context["form"].errors["nama"])
    project.refresh_from_db()
    assert project.nama == "Gedung Serbaguna"


def test_the_pekerjaan_form_refuses_a_control_character(owner_client, project, pekerjaan):
    item = pekerjaan[0]
    url = reverse("detail_project:rab_pekerjaan_edit", args=[project.pk, item.pk])

    response = owner_client.post(
        url, {"uraian": "Galian\u001btanah", "satuan": "m3", "volume": "1", "harga_satuan": "1"}
    )

    assert response.status_code == 200
    assert "U+001B" in str(response.context["form"].errors["uraian"])
    item.refresh_from_db()
    assert "\u001b" not in item.uraian


# --- a server error under the API is JSON ----------------------------------------------------


@pytest.fixture
def failing_selector(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(jadwal_selectors, "jadwal_grid_json", explode)


@pytest.mark.usefixtures("failing_selector")
def test_a_server_error_under_the_api_answers_json(owner, project, weekly):
    client = Client(raise_request_exception=False)
    client.force_login(owner)

    response = client.get(reverse("api:jadwal_get", args=[project.pk]))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "ok": False,
        "error": "Something went wrong on the server; nothing was saved. Try again in a moment.",
    }


def test_a_server_error_on_a_page_is_the_html_page(owner, project, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dashboard_views, "project_list_for", explode)
    client = Client(raise_request_exception=False)
    client.force_login(owner)

    response = client.get(reverse("dashboard:project_list"))

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"Nothing you saved was lost" in response.content


# --- the schema says what the server accepts ---------------------------------------------------


def test_a_whole_number_written_with_a_point_zero_is_read(api, project, pekerjaan, weekly):
    version = float(jadwal_version(project))
    change = {"pekerjaan_id": float(pekerjaan[0].pk), "tahapan_id": weekly[0].pk, "proporsi": 40}

    response = api.call("post", "jadwal/save/", {"version": version, "changes": [change]})

    assert response.status_code == 200, response.json_body
    assert JadwalLog.objects.filter(project=project, action=JadwalLog.Action.SAVE).exists()


@pytest.mark.parametrize("value", [7.5, "7", True])
def test_other_kinds_of_number_are_not_whole(api, project, pekerjaan, weekly, value):
    change = {"pekerjaan_id": value, "tahapan_id": weekly[0].pk, "proporsi": 40}

    response = api.call("post", "jadwal/save/", {"version": 0, "changes": [change]})

    assert response.status_code == 400
    assert "must be a whole number" in response.json_body["error"]


def test_the_schema_lists_the_time_scales_and_the_percent_format(client):
    schema = client.get("/detail_project/api/schema/").json()
    components = schema["components"]["schemas"]

    mode = components["RegenerateIn"]["properties"]["mode"]
    assert mode["enum"] == ["daily", "weekly", "monthly", "custom"]
    kurva = schema["paths"]["/detail_project/api/project/{project_id}/kurva-s/"]["get"]
    (scale,) = [p for p in kurva["parameters"] if p["name"] == "scale"]
    assert scale["schema"]["anyOf"][0]["enum"] == ["daily", "weekly", "monthly"]
    number, text = components["CellChangeIn"]["properties"]["proporsi"]["anyOf"]
    assert (number["minimum"], number["maximum"], number["multipleOf"]) == (0, 100, 0.01)
    assert text["pattern"].startswith("^")
    assigned, _ = components["AssignItemIn"]["properties"]["proporsi"]["anyOf"]
    assert assigned["exclusiveMinimum"] == 0
    nama = components["TahapanCreateIn"]["properties"]["nama"]
    assert "\\x00" in nama["pattern"]
    assert (nama["minLength"], nama["maxLength"]) == (1, 200)
    update = components["TahapanUpdateIn"]["properties"]
    assert "anyOf" not in update["nama"]  # null is not a name
    assert "anyOf" not in update["urutan"]


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("33,33", True),
        (" 100.00 ", True),
        ("0", True),
        ("05", True),
        ("100.01", False),
        ("101", False),
        ("1.234", False),
        ("1.000,5", False),
        ("50%", False),
    ],
)
def test_the_percent_pattern_admits_only_what_the_server_reads(client, text, accepted):
    import re

    from detail_project import scheduling

    schema = client.get("/detail_project/api/schema/").json()
    _, pattern = schema["components"]["schemas"]["CellChangeIn"]["properties"]["proporsi"]["anyOf"]
    matches = re.fullmatch(pattern["pattern"], text) is not None
    assert matches is accepted
    if matches:
        assert 0 <= scheduling.parse_proporsi(text) <= 10000


def jadwal_version(project) -> int:
    project.refresh_from_db()
    return project.jadwal_version
