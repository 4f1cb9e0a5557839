"""The project dashboard: list, create, edit, duplicate, delete — and who may do what."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.models import JadwalMode, Project
from dashboard.services import project_create, project_duplicate, project_update
from detail_project.models import (
    Klasifikasi,
    Pekerjaan,
    PekerjaanTahapan,
    SubKlasifikasi,
    TahapPelaksanaan,
)
from detail_project.services.jadwal_switch import tahapan_regenerate

LIST_URL = reverse("dashboard:project_list")
CREATE_URL = reverse("dashboard:project_create")

VALID_FORM = {
    "nama": "Jembatan Sungai Citarum",
    "lokasi": "Karawang",
    "sumber_dana": "APBN",
    "nama_client": "Kementerian PUPR",
    "anggaran_owner": "2500000000.50",
    "tanggal_mulai": "2026-02-02",
    "tanggal_selesai": "2026-08-30",
    "week_end_day": "6",
    "ppn_percent": "11",
    "pembulatan_step": "10000",
}


def make_project(owner, nama: str, **fields) -> Project:
    defaults = {
        "lokasi": "Jakarta",
        "nama_client": "PT Maju",
        "tanggal_mulai": dt.date(2026, 1, 5),
        "tanggal_selesai": dt.date(2026, 3, 29),
    }
    return Project.objects.create(owner=owner, nama=nama, **{**defaults, **fields})


def make_rab(project: Project, *, klasifikasi: int, subs_each: int, pekerjaan_each: int):
    """A RAB tree of the given shape; returns its pekerjaan in tree order."""
    pekerjaan = []
    for k in range(klasifikasi):
        klas = Klasifikasi.objects.create(project=project, name=f"Divisi {k + 1}", ordering_index=k)
        for s in range(subs_each):
            sub = SubKlasifikasi.objects.create(
                project=project, klasifikasi=klas, name=f"Sub {k + 1}.{s + 1}", ordering_index=s
            )
            for p in range(pekerjaan_each):
                pekerjaan.append(
                    Pekerjaan(
                        project=project,
                        sub_klasifikasi=sub,
                        kode_pekerjaan=f"{k + 1}.{s + 1}.{p + 1}",
                        uraian=f"Pekerjaan {k + 1}.{s + 1}.{p + 1}",
                        satuan="m3",
                        volume=Decimal("12.345") + p,
                        harga_satuan=Decimal("150000.25") + k,
                        # Reverse order on purpose: the copy must keep ordering_index, not ids.
                        ordering_index=pekerjaan_each - p,
                    )
                )
    return Pekerjaan.objects.bulk_create(pekerjaan)


def make_schedule(project: Project, pekerjaan: list[Pekerjaan], *, tahapan: int):
    """`tahapan` weekly periods, every pekerjaan spread over the first two of them."""
    periods = TahapPelaksanaan.objects.bulk_create(
        TahapPelaksanaan(
            project=project,
            nama=f"Week {i + 1}",
            urutan=i,
            deskripsi=f"Minggu ke-{i + 1}",
            tanggal_mulai=project.tanggal_mulai + dt.timedelta(days=7 * i),
            tanggal_selesai=project.tanggal_mulai + dt.timedelta(days=7 * i + 6),
            is_auto_generated=True,
            generation_mode=JadwalMode.WEEKLY,
        )
        for i in range(tahapan)
    )
    PekerjaanTahapan.objects.bulk_create(
        PekerjaanTahapan(pekerjaan=p, tahapan=t, proporsi_volume=share)
        for p in pekerjaan
        for t, share in zip(periods[:2], (Decimal("33.33"), Decimal("66.67")), strict=True)
    )
    return periods


def rab_snapshot(project: Project) -> list[tuple]:
    """The RAB tree in order, with ids replaced by what a planner sees."""
    return [
        (
            p.sub_klasifikasi.klasifikasi.name,
            p.sub_klasifikasi.klasifikasi.ordering_index,
            p.sub_klasifikasi.name,
            p.sub_klasifikasi.ordering_index,
            p.kode_pekerjaan,
            p.uraian,
            p.satuan,
            p.volume,
            p.harga_satuan,
            p.ordering_index,
        )
        for p in Pekerjaan.objects.filter(project=project)
        .select_related("sub_klasifikasi__klasifikasi")
        .order_by(
            "sub_klasifikasi__klasifikasi__ordering_index",
            "sub_klasifikasi__ordering_index",
            "ordering_index",
        )
    ]


def schedule_snapshot(project: Project) -> tuple[list[tuple], list[tuple]]:
    tahapan = list(
        TahapPelaksanaan.objects.filter(project=project)
        .order_by("urutan")
        .values_list(
            "nama",
            "urutan",
            "deskripsi",
            "tanggal_mulai",
            "tanggal_selesai",
            "is_auto_generated",
            "generation_mode",
        )
    )
    assignments = sorted(
        PekerjaanTahapan.objects.filter(tahapan__project=project).values_list(
            "pekerjaan__kode_pekerjaan", "tahapan__nama", "proporsi_volume"
        )
    )
    return tahapan, assignments


def edit_url(project: Project) -> str:
    return reverse("dashboard:project_edit", args=[project.pk])


def duplicate_url(project: Project) -> str:
    return reverse("dashboard:project_duplicate", args=[project.pk])


def delete_url(project: Project) -> str:
    return reverse("dashboard:project_delete", args=[project.pk])


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_only_the_users_own_projects(owner_client, project, outsider):
    make_project(outsider, "Rumah Sakit Orang Lain")

    response = owner_client.get(LIST_URL)

    assert response.status_code == 200
    assert [p.nama for p in response.context["page"]] == ["Gedung Serbaguna"]
    assert response.context["page"][0].jumlah_pekerjaan == 0
    assert b"Rumah Sakit Orang Lain" not in response.content


def test_list_row_shows_location_client_dates_duration_and_pekerjaan_count(owner_client, project):
    make_rab(project, klasifikasi=1, subs_each=1, pekerjaan_each=3)

    response = owner_client.get(LIST_URL)

    content = response.content.decode()
    assert "Bandung" in content
    assert "Dinas PU" in content
    assert "5 Jan 2026 – 29 Mar 2026" in content
    assert "84 days" in content
    assert response.context["page"][0].jumlah_pekerjaan == 3
    for url in (
        reverse("detail_project:rab", args=[project.pk]),
        reverse("detail_project:jadwal_pekerjaan", args=[project.pk]),
        edit_url(project),
        duplicate_url(project),
        delete_url(project),
    ):
        assert f'href="{url}"' in content


def test_list_searches_name_location_and_client(owner_client, owner):
    make_project(owner, "Gedung Kantor", lokasi="Surabaya", nama_client="Pemkot")
    make_project(owner, "Jalan Tol", lokasi="Medan", nama_client="PT Jasa Marga")
    make_project(owner, "Pasar Induk", lokasi="Semarang", nama_client="Dinas Pasar")

    def names(q: str) -> set[str]:
        return {p.nama for p in owner_client.get(LIST_URL, {"q": q}).context["page"]}

    assert names("gedung") == {"Gedung Kantor"}
    assert names("MEDAN") == {"Jalan Tol"}
    assert names("dinas") == {"Pasar Induk"}
    assert names("  ") == {"Gedung Kantor", "Jalan Tol", "Pasar Induk"}


def test_search_without_results_says_so_instead_of_the_empty_state(owner_client, project):
    response = owner_client.get(LIST_URL, {"q": "tidak ada"})

    assert "No project matches “tidak ada”." in response.content.decode()
    assert b'data-testid="empty-state"' not in response.content


def test_list_without_projects_invites_to_create_one(owner_client, owner):
    response = owner_client.get(LIST_URL)

    assert b'data-testid="empty-state"' in response.content
    assert b"No projects yet" in response.content
    assert f'href="{CREATE_URL}"'.encode() in response.content


def test_list_shows_the_most_recently_updated_first(owner_client, owner):
    now = timezone.now()
    for age_days, nama in ((3, "Lama"), (1, "Baru"), (2, "Sedang")):
        p = make_project(owner, nama)
        Project.objects.filter(pk=p.pk).update(updated_at=now - dt.timedelta(days=age_days))

    response = owner_client.get(LIST_URL)

    assert [p.nama for p in response.context["page"]] == ["Baru", "Sedang", "Lama"]


def test_list_paginates_by_25_and_keeps_the_search_in_page_links(owner_client, owner):
    for i in range(30):
        make_project(owner, f"Sekolah {i:02d}")

    first = owner_client.get(LIST_URL, {"q": "sekolah"})
    second = owner_client.get(LIST_URL, {"q": "sekolah", "page": 2})
    beyond = owner_client.get(LIST_URL, {"page": 99})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert "?q=sekolah&amp;page=2" in first.content.decode()
    assert beyond.context["page"].number == 2


# Session, user, paginator COUNT, the page itself, the count on the "Shared with me" tab.
# Pinned so that an N+1 shows at once. (The user's saved language rides in the session: no
# query of its own.)
LIST_QUERIES = 5


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_projects(owner_client, owner):
    def add_projects(count: int) -> None:
        for i in range(count):
            project = make_project(owner, f"Proyek {i}")
            make_rab(project, klasifikasi=1, subs_each=1, pekerjaan_each=2)

    add_projects(5)
    with_five = _list_queries(owner_client)
    add_projects(25)
    with_thirty = _list_queries(owner_client)

    assert with_five == with_thirty == LIST_QUERIES
    assert all(p.jumlah_pekerjaan == 2 for p in owner_client.get(LIST_URL).context["page"])


def test_list_answers_405_to_post(owner_client):
    assert owner_client.post(LIST_URL).status_code == 405


# --- create -----------------------------------------------------------------------------------


def test_create_page_shows_the_form_with_defaults(owner_client):
    response = owner_client.get(CREATE_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="date"' in content
    assert 'name="ppn_percent"' in content
    # Money and steps are text typed the reader's way (a number input refuses "1.500.000").
    assert re.search(
        r'<input type="text" name="pembulatan_step" value="10,000" [^>]*inputmode="numeric"',
        content,
    )
    assert re.search(r'<input type="text" name="anggaran_owner" [^>]*inputmode="decimal"', content)
    assert response.context["form"]["week_end_day"].value() == 6


def test_create_saves_the_project_for_the_user_and_opens_its_rab(owner_client, owner):
    response = owner_client.post(CREATE_URL, VALID_FORM)

    project = Project.objects.get(nama="Jembatan Sungai Citarum")
    assert response.status_code == 302
    assert response["Location"] == reverse("detail_project:rab", args=[project.pk])
    assert project.owner == owner
    assert project.anggaran_owner == Decimal("2500000000.50")
    assert project.tanggal_selesai == dt.date(2026, 8, 30)
    assert project.ppn_percent == Decimal("11")
    assert project.jadwal_version == 1  # its weekly periods were generated
    messages = [str(m) for m in owner_client.get(LIST_URL).context["messages"]]
    assert messages == ["Project “Jembatan Sungai Citarum” created."]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nama": ""}, "nama", "This field is required."),
        ({"tanggal_mulai": "not a date"}, "tanggal_mulai", "Enter a valid date."),
        (
            {"tanggal_mulai": "2026-05-10", "tanggal_selesai": "2026-05-09"},
            "tanggal_selesai",
            "The end date must be on or after the start date (10 May 2026).",
        ),
        (
            {"tanggal_mulai": "2026-01-01", "tanggal_selesai": "2036-01-01"},
            "tanggal_selesai",
            "A project can last at most 10 years",
        ),
        ({"anggaran_owner": "-1"}, "anggaran_owner", "The amount cannot be negative."),
        ({"ppn_percent": "-0.01"}, "ppn_percent", "PPN must be between 0 and 100 percent."),
        ({"ppn_percent": "100.01"}, "ppn_percent", "PPN must be between 0 and 100 percent."),
        ({"ppn_percent": "1000"}, "ppn_percent", "PPN must be between 0 and 100 percent."),
        ({"pembulatan_step": "0"}, "pembulatan_step", "The rounding step must be at least Rp 1."),
        ({"pembulatan_step": "-5"}, "pembulatan_step", "The rounding step must be at least Rp 1."),
        ({"week_end_day": "7"}, "week_end_day", "Select a valid choice."),
    ],
)
def test_create_refuses_invalid_input_with_a_field_error(
    owner_client, owner, changes, field, message
):
    response = owner_client.post(CREATE_URL, {**VALID_FORM, **changes})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert any(e.startswith(message) for e in errors[field])
    assert message in response.content.decode()
    assert not Project.objects.exists()


def test_create_accepts_exactly_ten_years(owner_client):
    data = {**VALID_FORM, "tanggal_mulai": "2026-01-01", "tanggal_selesai": "2035-12-31"}

    response = owner_client.post(CREATE_URL, data)

    assert response.status_code == 302
    assert Project.objects.get().durasi_hari == 3652


def test_create_accepts_a_one_day_project_and_zero_ppn(owner_client):
    data = {
        **VALID_FORM,
        "tanggal_selesai": VALID_FORM["tanggal_mulai"],
        "ppn_percent": "0",
        "anggaran_owner": "0",
    }

    assert owner_client.post(CREATE_URL, data).status_code == 302
    assert Project.objects.get().durasi_hari == 1


# --- edit -------------------------------------------------------------------------------------


def test_edit_page_shows_the_current_values(owner_client, project):
    response = owner_client.get(edit_url(project))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Gedung Serbaguna"' in content
    assert 'value="2026-01-05"' in content


def test_edit_saves_the_changes_and_returns_to_the_list(owner_client, project):
    data = {**VALID_FORM, "nama": "Gedung Serbaguna Tahap II", "ppn_percent": "12"}

    response = owner_client.post(edit_url(project), data)

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    project.refresh_from_db()
    assert project.nama == "Gedung Serbaguna Tahap II"
    assert project.ppn_percent == Decimal("12")
    assert project.tanggal_mulai == dt.date(2026, 2, 2)


def test_edit_with_errors_changes_nothing(owner_client, project):
    data = {**VALID_FORM, "nama": "Baru", "tanggal_selesai": "2025-01-01"}

    response = owner_client.post(edit_url(project), data)

    assert response.status_code == 200
    assert "The end date must be on or after the start date (2 Feb 2026)." in (
        response.content.decode()
    )
    project.refresh_from_db()
    assert project.nama == "Gedung Serbaguna"


def test_edit_rebuilds_the_time_scale_when_the_dates_change(owner_client, owner, project):
    tahapan_regenerate(project=project, user=owner, mode="weekly")
    same_dates = {
        **VALID_FORM,
        "tanggal_mulai": "2026-01-05",
        "tanggal_selesai": "2026-03-29",
        "nama": "Renamed",
    }
    owner_client.post(edit_url(project), same_dates)
    quiet = [str(m) for m in owner_client.get(LIST_URL).context["messages"]]

    owner_client.post(edit_url(project), {**same_dates, "tanggal_selesai": "2026-04-30"})
    loud = [str(m) for m in owner_client.get(LIST_URL).context["messages"]]

    assert quiet == ["Project “Renamed” saved."]
    assert len(loud) == 2
    assert "The project dates changed, so the weekly periods were rebuilt" in loud[1]
    last = TahapPelaksanaan.objects.filter(project=project).order_by("-urutan").first()
    assert last.tanggal_selesai == dt.date(2026, 4, 30)


def test_shortening_the_project_keeps_every_planned_proportion(owner, project):
    tahapan_regenerate(project=project, user=owner, mode="weekly")
    sub = SubKlasifikasi.objects.create(
        project=project,
        klasifikasi=Klasifikasi.objects.create(project=project, name="K"),
        name="S",
    )
    pekerjaan = Pekerjaan.objects.create(project=project, sub_klasifikasi=sub, uraian="Galian")
    last_week = TahapPelaksanaan.objects.filter(project=project).order_by("-urutan").first()
    PekerjaanTahapan.objects.create(
        pekerjaan=pekerjaan, tahapan=last_week, proporsi_volume=Decimal("40")
    )
    data = {
        "nama": project.nama,
        "tanggal_mulai": project.tanggal_mulai,
        "tanggal_selesai": dt.date(2026, 2, 1),
    }

    update = project_update(project=project, data=data, user=owner)

    assert len(update.messages) == 1
    assert "1 pekerjaan had work planned on days now outside the project" in update.messages[0]
    cells = PekerjaanTahapan.objects.filter(pekerjaan=pekerjaan)
    assert [str(c.proporsi_volume) for c in cells] == ["40.00"]
    assert cells[0].tahapan.tanggal_selesai == dt.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, False),
        ({"nama": "Lain", "ppn_percent": Decimal("12")}, False),
        ({"tanggal_mulai": dt.date(2026, 1, 6)}, True),
        ({"tanggal_selesai": dt.date(2026, 4, 30)}, True),
        ({"week_end_day": 0}, True),
    ],
)
def test_project_update_reports_whether_schedule_dates_changed(project, changes, expected):
    data = {
        "nama": project.nama,
        "tanggal_mulai": project.tanggal_mulai,
        "tanggal_selesai": project.tanggal_selesai,
        "week_end_day": project.week_end_day,
        **changes,
    }
    # A bound ModelForm has already copied the new values onto the instance; the service
    # must compare with the stored row, not with the instance.
    for name, value in data.items():
        setattr(project, name, value)

    assert project_update(project=project, data=data).schedule_dates_changed is expected
    project.refresh_from_db()
    assert all(getattr(project, name) == value for name, value in data.items())


# --- duplicate --------------------------------------------------------------------------------


def test_duplicate_page_proposes_a_name_for_the_copy(owner_client, project):
    response = owner_client.get(duplicate_url(project))

    assert response.status_code == 200
    assert response.context["form"]["nama"].value() == "Gedung Serbaguna (copy)"
    assert Project.objects.count() == 1


def test_duplicate_name_stays_within_the_column_length(owner_client, owner):
    long_one = make_project(owner, "x" * 200)

    proposed = owner_client.get(duplicate_url(long_one)).context["form"]["nama"].value()

    assert len(proposed) == 200
    assert proposed.endswith(" (copy)")


def test_duplicate_copies_the_rab_and_schedule_exactly(owner_client, owner, project):
    pekerjaan = make_rab(project, klasifikasi=2, subs_each=2, pekerjaan_each=3)
    make_schedule(project, pekerjaan, tahapan=2)
    TahapPelaksanaan.objects.create(
        project=project,
        nama="Serah terima",
        urutan=5,
        deskripsi="Tahap buatan sendiri",
        tanggal_mulai=dt.date(2026, 3, 23),
        tanggal_selesai=dt.date(2026, 3, 29),
    )
    Project.objects.filter(pk=project.pk).update(jadwal_mode=JadwalMode.DAILY, jadwal_version=7)
    project.refresh_from_db()

    response = owner_client.post(duplicate_url(project), {"nama": "Gedung Serbaguna B"})

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    copy = Project.objects.get(nama="Gedung Serbaguna B")
    assert copy.pk != project.pk
    assert copy.owner == owner
    for field in (
        "lokasi",
        "sumber_dana",
        "nama_client",
        "anggaran_owner",
        "tanggal_mulai",
        "tanggal_selesai",
        "week_end_day",
        "ppn_percent",
        "pembulatan_step",
        "jadwal_mode",
    ):
        assert getattr(copy, field) == getattr(project, field), field
    assert copy.jadwal_mode == JadwalMode.DAILY
    assert copy.jadwal_version == 0
    assert len(rab_snapshot(copy)) == 12
    assert rab_snapshot(copy) == rab_snapshot(project)
    assert schedule_snapshot(copy) == schedule_snapshot(project)
    assert len(schedule_snapshot(copy)[1]) == 24
    # The copy points only at its own rows, and the original kept all of its own.
    assert not PekerjaanTahapan.objects.filter(tahapan__project=copy).exclude(
        pekerjaan__project=copy
    )
    assert not SubKlasifikasi.objects.filter(project=copy).exclude(klasifikasi__project=copy)
    assert not Pekerjaan.objects.filter(project=copy).exclude(sub_klasifikasi__project=copy)
    assert PekerjaanTahapan.objects.filter(tahapan__project=project).count() == 24
    project.refresh_from_db()
    assert project.nama == "Gedung Serbaguna"
    assert project.jadwal_version == 7
    messages = [str(m) for m in owner_client.get(LIST_URL).context["messages"]]
    assert messages == ["Project “Gedung Serbaguna” copied as “Gedung Serbaguna B”."]


@pytest.mark.parametrize(
    ("selesai", "code"),
    [(dt.date(2025, 12, 31), "selesai_before_mulai"), (dt.date(2036, 1, 1), "project_too_long")],
)
def test_services_refuse_bad_dates_without_a_form(owner, project, selesai, code):
    data = {"nama": "Tanpa form", "tanggal_mulai": dt.date(2026, 1, 1), "tanggal_selesai": selesai}

    with pytest.raises(ValidationError) as create_error:
        project_create(owner=owner, data=data)
    with pytest.raises(ValidationError) as update_error:
        project_update(project=project, data=data)

    assert create_error.value.error_dict["tanggal_selesai"][0].code == code
    assert update_error.value.error_dict["tanggal_selesai"][0].code == code
    assert list(Project.objects.values_list("nama", flat=True)) == ["Gedung Serbaguna"]


def test_duplicate_of_an_empty_project_works(owner, project):
    copy = project_duplicate(project=project, owner=owner, nama="Kosong")

    assert copy.nama == "Kosong"
    assert not Pekerjaan.objects.filter(project=copy).exists()


def test_duplicate_refuses_an_empty_name(owner_client, project):
    response = owner_client.post(duplicate_url(project), {"nama": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"nama": ["This field is required."]}
    assert Project.objects.count() == 1


def _duplicate_queries(owner, nama: str, shape: dict[str, int], tahapan: int) -> int:
    project = make_project(owner, nama)
    make_schedule(project, make_rab(project, **shape), tahapan=tahapan)
    with CaptureQueriesContext(connection) as queries:
        copy = project_duplicate(project=project, owner=owner, nama=f"{nama} copy")
    assert rab_snapshot(copy) == rab_snapshot(project)
    assert schedule_snapshot(copy) == schedule_snapshot(project)
    return len(queries)


def test_duplicate_query_count_does_not_grow_with_the_project(owner):
    # Sizes stay under SQLite's 999-parameter batch (about 99 rows) so both backends agree.
    small = _duplicate_queries(
        owner, "Kecil", {"klasifikasi": 1, "subs_each": 1, "pekerjaan_each": 1}, tahapan=2
    )
    large = _duplicate_queries(
        owner, "Besar", {"klasifikasi": 3, "subs_each": 3, "pekerjaan_each": 9}, tahapan=40
    )

    assert small == large


# --- delete -----------------------------------------------------------------------------------


def test_delete_page_names_what_will_be_lost(owner_client, project):
    make_schedule(
        project, make_rab(project, klasifikasi=1, subs_each=2, pekerjaan_each=3), tahapan=4
    )

    response = owner_client.get(delete_url(project))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Delete “Gedung Serbaguna”?" in content
    assert "6 pekerjaan" in content
    assert "4 tahapan" in content
    assert "12 scheduled proportions" in content
    assert Project.objects.filter(pk=project.pk).exists()


def test_delete_removes_the_project_and_everything_under_it(owner_client, owner, project):
    make_schedule(
        project, make_rab(project, klasifikasi=1, subs_each=1, pekerjaan_each=2), tahapan=2
    )
    other = make_project(owner, "Tetap Ada")
    make_schedule(other, make_rab(other, klasifikasi=1, subs_each=1, pekerjaan_each=2), tahapan=2)

    response = owner_client.post(delete_url(project))

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert list(Project.objects.values_list("nama", flat=True)) == ["Tetap Ada"]
    for model in (Klasifikasi, SubKlasifikasi, Pekerjaan, TahapPelaksanaan):
        assert set(model.objects.values_list("project", flat=True)) == {other.pk}
    assert PekerjaanTahapan.objects.count() == 4
    messages = [str(m) for m in owner_client.get(LIST_URL).context["messages"]]
    assert messages == ["Project “Gedung Serbaguna” deleted."]


# --- who may do what --------------------------------------------------------------------------

PROJECT_PAGES = ["project_edit", "project_duplicate", "project_delete"]


def _snapshot_everything():
    return (
        list(Project.objects.order_by("pk").values()),
        Pekerjaan.objects.count(),
        PekerjaanTahapan.objects.count(),
    )


@pytest.mark.parametrize("name", PROJECT_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_users_project_is_not_found(outsider_client, project, name, method):
    make_schedule(
        project, make_rab(project, klasifikasi=1, subs_each=1, pekerjaan_each=1), tahapan=2
    )
    before = _snapshot_everything()
    url = reverse(f"dashboard:{name}", args=[project.pk])

    if method == "get":
        response = outsider_client.get(url)
    else:
        response = outsider_client.post(url, {**VALID_FORM, "nama": "Dicuri"})

    assert response.status_code == 404
    assert _snapshot_everything() == before


@pytest.mark.parametrize("name", PROJECT_PAGES)
def test_missing_project_is_not_found(owner_client, name):
    assert owner_client.get(reverse(f"dashboard:{name}", args=[999_999])).status_code == 404


@pytest.mark.parametrize(
    "url_of",
    [
        lambda p: LIST_URL,
        lambda p: CREATE_URL,
        lambda p: edit_url(p),
        lambda p: duplicate_url(p),
        lambda p: delete_url(p),
    ],
    ids=["list", "create", "edit", "duplicate", "delete"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_user_is_sent_to_the_login_page(client, project, url_of, method):
    before = _snapshot_everything()
    url = url_of(project)

    response = client.get(url) if method == "get" else client.post(url, VALID_FORM)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert _snapshot_everything() == before


@pytest.mark.parametrize(
    ("url_of", "data"),
    [
        (lambda p: CREATE_URL, VALID_FORM),
        (lambda p: edit_url(p), {**VALID_FORM, "nama": "Tanpa token"}),
        (lambda p: duplicate_url(p), {"nama": "Tanpa token"}),
        (lambda p: delete_url(p), {}),
    ],
    ids=["create", "edit", "duplicate", "delete"],
)
def test_post_without_csrf_token_is_refused(owner, project, url_of, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    before = _snapshot_everything()

    response = client.post(url_of(project), data)

    assert response.status_code == 403
    assert _snapshot_everything() == before


@pytest.mark.parametrize("name", PROJECT_PAGES)
def test_other_methods_are_not_allowed(owner_client, project, name):
    url = reverse(f"dashboard:{name}", args=[project.pk])

    assert owner_client.put(url).status_code == 405
    assert owner_client.delete(url).status_code == 405
    assert Project.objects.filter(pk=project.pk).exists()


def test_project_is_registered_in_the_admin(admin_client, project):
    changelist = admin_client.get(reverse("admin:dashboard_project_changelist"), {"q": "serba"})

    assert changelist.status_code == 200
    assert b"Gedung Serbaguna" in changelist.content


def test_a_new_project_gets_its_weekly_periods_at_once(owner_client, owner):
    response = owner_client.post(CREATE_URL, VALID_FORM)

    project = Project.objects.get(owner=owner, nama=VALID_FORM["nama"])
    assert response.status_code == 302
    tahapan = TahapPelaksanaan.objects.filter(project=project).order_by("urutan")
    assert tahapan.exists()
    assert {t.generation_mode for t in tahapan} == {"weekly"}
    assert tahapan.first().tanggal_mulai == project.tanggal_mulai
    assert tahapan.last().tanggal_selesai == project.tanggal_selesai
