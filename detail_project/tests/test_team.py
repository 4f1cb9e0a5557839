"""The team (SPEC §14): adding members by username, changing a peran, removing, leaving, the
owner who is pemilik without a row, the last pemilik who cannot go, the write gate that checks
the peran again under the lock, the history filtered by member, "Shared with me", and the
permission table in docs/ that must say what the rule says."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from dashboard.access import ACTION_LABELS, ACTIONS, RULE, Action
from dashboard.models import Anggota, Peran, Project
from detail_project.demo import SAMPLE_RAB
from detail_project.models import JadwalLog
from detail_project.services import rab, team
from detail_project.services.errors import ServiceError
from detail_project.services.jadwal_save import CellChange, jadwal_save
from detail_project.services.jadwal_switch import tahapan_regenerate
from detail_project.tests.conftest import JsonClient, cells_of
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "PERMISSIONS.md"


def user(username: str):
    return get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD)


def client_for(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def siti(db):
    return user("siti")


def api_for(member, project) -> JsonClient:
    return JsonClient(client_for(member), project.pk)


# --- adding, changing, removing ---------------------------------------------------------------


def test_the_owner_adds_a_member_by_username_then_changes_the_role(api, project, siti):
    response = api.post("anggota/", {"username": "SITI", "peran": "pengawas"})
    assert response.status_code == 201
    assert response.json_body["message"] == "siti joined the team as Pengawas."
    assert [(m["username"], m["peran"], m["is_owner"]) for m in response.json_body["anggota"]] == [
        ("owner", "pemilik", True),
        ("siti", "pengawas", False),
    ]

    response = api.post("anggota/", {"username": "siti", "peran": "penyunting"})
    assert response.status_code == 200
    assert Anggota.objects.get(project=project, user=siti).peran == Peran.PENYUNTING
    again = api.post("anggota/", {"username": "siti", "peran": "penyunting"})
    assert again.json_body["message"] == "siti is already Penyunting."

    actions = list(JadwalLog.objects.order_by("id").values_list("action", "user__username"))
    assert actions == [("member_add", "owner"), ("member_role", "owner")]
    project.refresh_from_db()
    assert project.jadwal_version == 0  # the team is not the schedule


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"username": "nobody", "peran": "pembaca"}, 400, "Nobody has the username “nobody”."),
        ({"username": "  ", "peran": "pembaca"}, 400, "Give the username of the person"),
        ({"username": "siti", "peran": "mandor"}, 400, "Unknown role “mandor”"),
        # not an error, but nothing to do
        ({"username": "owner", "peran": "pemilik"}, 200, "owner is already the pemilik"),
    ],
)
def test_bad_additions_are_refused_clearly_and_change_nothing(
    api, project, siti, body, status, message
):
    response = api.post("anggota/", body)
    assert response.status_code == status
    key = "message" if status == 200 else "error"
    assert message in response.json_body[key]
    assert not Anggota.objects.exists()
    assert not JadwalLog.objects.exists()


def test_an_inactive_user_cannot_be_added(api, siti):
    siti.is_active = False
    siti.save()
    assert api.post("anggota/", {"username": "siti", "peran": "pembaca"}).status_code == 400


def test_a_member_is_removed_and_then_sees_404_everywhere(api, project, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PENYUNTING)
    response = api.delete(f"anggota/{siti.pk}/")
    assert response.status_code == 200
    assert response.json_body["message"] == "siti is no longer in the team."
    assert api_for(siti, project).get("jadwal/").status_code == 404
    assert api.delete(f"anggota/{siti.pk}/").status_code == 404


def test_a_member_leaves(project, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PEMBACA)
    response = api_for(siti, project).post("anggota/keluar/", {})
    assert response.status_code == 200
    assert not Anggota.objects.exists()
    assert JadwalLog.objects.get().action == JadwalLog.Action.MEMBER_LEAVE


def test_the_only_pemilik_can_neither_leave_nor_be_demoted(api, project, owner, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PENYUNTING)
    response = api.post("anggota/keluar/", {})
    assert response.status_code == 400
    assert "only pemilik" in response.json_body["error"]
    response = api.delete(f"anggota/{owner.pk}/")
    assert response.status_code == 400
    response = api.post("anggota/", {"username": "owner", "peran": "pembaca"})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.owner == owner
    assert not JadwalLog.objects.exists()


def test_with_a_co_owner_the_owner_can_leave_and_ownership_passes_on(api, project, owner, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PEMILIK)
    response = api.post("anggota/keluar/", {})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.owner == siti
    assert not Anggota.objects.exists()  # the new owner needs no row; the old one has left
    assert api.get("jadwal/").status_code == 404
    log = JadwalLog.objects.get()
    assert log.detail["new_owner"] == "siti"


def test_a_co_owner_demotes_the_owner_who_stays_as_a_member(project, owner, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PEMILIK)
    response = api_for(siti, project).post("anggota/", {"username": "owner", "peran": "pembaca"})
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.owner == siti
    assert Anggota.objects.get(project=project).user == owner
    assert Anggota.objects.get(project=project).peran == Peran.PEMBACA


# --- the rule, again under the lock ----------------------------------------------------------


def test_a_demoted_member_is_refused_by_the_gate_even_past_the_lookup(project, siti):
    """The lookup passed (the page was open as penyunting); the peran changed before the write
    took the lock: the gate asks again, and nothing is written."""
    items = make_rab(project, pekerjaan=1)
    tahapan_regenerate(project=project, user=project.owner, mode="weekly")
    project.refresh_from_db()
    member = Anggota.objects.create(project=project, user=siti, peran=Peran.PENYUNTING)
    tahapan = project.tahapan.order_by("urutan").first()
    before = cells_of(project)
    member.peran = Peran.PEMBACA
    member.save()
    with pytest.raises(PermissionDenied, match="Pembaca"):
        jadwal_save(
            project=project,
            user=siti,
            version=project.jadwal_version,
            changes=[CellChange(items[0].pk, tahapan.pk, 10000)],
        )
    member.delete()
    with pytest.raises(Http404):
        jadwal_save(
            project=project,
            user=siti,
            version=project.jadwal_version,
            changes=[CellChange(items[0].pk, tahapan.pk, 10000)],
        )
    assert cells_of(project) == before


def test_a_service_error_inside_a_team_change_rolls_it_back(project, owner, siti):
    with pytest.raises(ServiceError):
        team.member_add(project=project, by=owner, username="siti", peran="mandor")
    assert not Anggota.objects.exists()


# --- the pages: team, history, shared with me -------------------------------------------------


def test_the_team_page_adds_and_removes_members_for_the_pemilik(owner_client, project, siti):
    url = reverse("detail_project:anggota", args=[project.pk])
    response = owner_client.post(url, {"username": "siti", "peran": "pengawas"}, follow=True)
    assert "siti joined the team as Pengawas." in response.content.decode()
    remove = reverse("detail_project:anggota_hapus", args=[project.pk, siti.pk])
    response = owner_client.post(remove, follow=True)
    assert "siti is no longer in the team." in response.content.decode()
    assert not Anggota.objects.exists()


def test_a_pembaca_sees_the_team_without_the_controls_and_why(project, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PEMBACA)
    page = client_for(siti).get(reverse("detail_project:anggota", args=[project.pk]))
    text = page.content.decode()
    assert 'data-testid="team-add"' not in text
    assert 'data-testid="team-remove"' not in text
    assert "does not let you manage the team" in text
    assert 'data-testid="team-leave"' in text


def test_the_history_page_filters_by_member(owner_client, project, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PENYUNTING)
    make_rab(project, pekerjaan=1)
    klasifikasi = project.klasifikasi.first()
    rab.klasifikasi_update(klasifikasi=klasifikasi, name="Persiapan", user=siti)
    rab.klasifikasi_update(klasifikasi=klasifikasi, name="Persiapan 2", user=project.owner)
    url = reverse("detail_project:riwayat", args=[project.pk])

    everyone = owner_client.get(url).content.decode()
    only_siti = owner_client.get(url, {"anggota": siti.pk}).content.decode()
    assert everyone.count('data-testid="history-row"') == 2
    assert only_siti.count('data-testid="history-row"') == 1
    assert 'data-user="siti"' in only_siti
    assert "Persiapan" in only_siti
    assert owner_client.get(url, {"anggota": "x"}).status_code == 200  # ignored, not a 500

    api = JsonClient(owner_client, project.pk)
    rows = api.get(f"jadwal/history/?anggota={siti.pk}").json_body["history"]
    assert [row["user"] for row in rows] == ["siti"]
    assert api.get("jadwal/history/?anggota=0").status_code == 400


def test_shared_with_me_lists_the_projects_whose_team_i_am_in(project, siti):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PENGAWAS)
    Project.objects.create(
        owner=siti, nama="Milik Siti", tanggal_mulai="2026-01-05", tanggal_selesai="2026-03-01"
    )
    client = client_for(siti)
    mine = client.get(reverse("dashboard:project_list")).content.decode()
    shared = client.get(reverse("dashboard:project_list"), {"daftar": "dibagikan"}).content.decode()
    assert "Milik Siti" in mine and "Gedung Serbaguna" not in mine
    assert "Gedung Serbaguna" in shared and "Milik Siti" not in shared
    assert 'data-testid="shared-peran">Pengawas<' in shared
    assert reverse("dashboard:project_delete", args=[project.pk]) not in shared


def test_the_shared_list_costs_the_same_queries_however_many_projects(siti, owner):
    def queries() -> int:
        client = client_for(siti)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("dashboard:project_list"), {"daftar": "dibagikan"})
            assert response.status_code == 200
        return len(captured)

    def share(count: int) -> None:
        for index in range(count):
            project = Project.objects.create(
                owner=owner,
                nama=f"P{index}",
                tanggal_mulai="2026-01-05",
                tanggal_selesai="2026-03-01",
            )
            Anggota.objects.create(project=project, user=siti, peran=Peran.PEMBACA)

    share(2)
    few = queries()
    share(20)
    assert queries() == few


# --- the table in docs/ ----------------------------------------------------------------------


def test_the_permission_table_in_docs_is_the_rule():
    """docs/PERMISSIONS.md's table: a row per action, a column per peran, ✓ where allowed."""
    text = DOCS.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| Action"))
    columns = [cell.strip() for cell in header.strip("|").split("|")][2:]
    assert columns == [f"`{peran}`" for peran in Peran.values]
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| `(\w+)` \|", line)
        if match:
            cells = [cell.strip() for cell in line.strip("|").split("|")][2:]
            rows[match.group(1)] = cells
    assert list(rows) == list(ACTIONS)
    for action, cells in rows.items():
        assert action in ACTION_LABELS
        expected = ["✓" if action in RULE[peran] else "—" for peran in Peran.values]
        assert cells == expected, action
    assert Action.MANAGE_MEMBERS in rows


# --- commands ---------------------------------------------------------------------------------


def test_import_rab_writes_as_a_member_only_if_their_peran_allows(project, siti):
    member = Anggota.objects.create(project=project, user=siti, peran=Peran.PENGAWAS)
    args = ("import_rab", str(SAMPLE_RAB), "--project", str(project.pk), "--user", "siti")
    with pytest.raises(CommandError, match="Pengawas, which does not let you change the RAB"):
        call_command(*args)
    assert not project.pekerjaan.exists()
    user("budi")
    with pytest.raises(CommandError, match="not a member of its team"):
        call_command("import_rab", str(SAMPLE_RAB), "--project", str(project.pk), "--user", "budi")
    member.peran = Peran.PENYUNTING
    member.save()
    call_command(*args, stdout=io.StringIO())
    assert project.pekerjaan.exists()
    assert JadwalLog.objects.get(action=JadwalLog.Action.RAB_IMPORT).user == siti
