"""The dashboard in Bahasa Indonesia and in English: words, numbers and dates (SPEC §12).

The suite runs in English (LANGUAGE_CODE=en); these tests ask for Indonesian the way a browser
does (`Accept-Language: id`) or, below the views, with `translation.override("id")`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from dashboard.forms import ProjectDuplicateForm, ProjectForm
from dashboard.models import JadwalMode, Project
from dashboard.services import validate_project_dates
from dashboard.templatetags.dashboard_numbers import rupiah

LIST_URL = reverse("dashboard:project_list")
CREATE_URL = reverse("dashboard:project_create")
ID = {"accept-language": "id"}
EN = {"accept-language": "en"}

FIELD_NAMES = ("tanggal_selesai", "tanggal_mulai", "anggaran_owner", "ppn_percent")

FORM = {
    "nama": "Jembatan Sungai Citarum",
    "lokasi": "Karawang",
    "sumber_dana": "APBN",
    "nama_client": "Kementerian PUPR",
    "tanggal_mulai": "2026-01-05",
    "tanggal_selesai": "2026-08-30",
    "week_end_day": "6",
    "ppn_percent": "11",
    "pembulatan_step": "10000",
}


def page(client, url: str, headers: dict[str, str]) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def input_value(html: str, name: str) -> str:
    match = re.search(rf'<input type="text" name="{name}" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


# --- the project list -------------------------------------------------------------------------


def test_project_list_in_indonesian(owner_client, project):
    html = page(owner_client, LIST_URL, ID)

    assert '<html lang="id">' in html
    assert '<h1 class="h3 mb-0 me-auto">Proyek</h1>' in html
    for word in ("Lokasi", "Anggaran owner", "Tanggal", "Diperbarui", "Aksi", "Proyek baru"):
        assert f">{word}<" in html, word
    assert "Rp 1.000.000.000" in html
    assert "5 Jan 2026 – 29 Mar 2026" in html
    assert "84 hari" in html
    assert ">Ubah</a>" in html
    assert ">Hapus</a>" in html
    for english in ("New project", "Location", "Owner's budget", "84 days", "1,000,000,000"):
        assert english not in html, english


def test_project_list_in_english(owner_client, project):
    html = page(owner_client, LIST_URL, EN)

    assert '<html lang="en">' in html
    assert '<h1 class="h3 mb-0 me-auto">Projects</h1>' in html
    assert ">Owner's budget<" in html
    assert "Rp 1,000,000,000" in html
    assert "5 Jan 2026 – 29 Mar 2026" in html
    assert "84 days" in html
    assert "Proyek baru" not in html


def test_project_list_writes_indonesian_months_and_grouped_counts(owner_client, owner):
    Project.objects.create(
        owner=owner,
        nama="Pasar Induk",
        anggaran_owner=Decimal("2750000000.50"),
        tanggal_mulai=dt.date(2026, 5, 4),
        tanggal_selesai=dt.date(2029, 12, 30),
    )

    indonesian = page(owner_client, LIST_URL, ID)
    english = page(owner_client, LIST_URL, EN)

    assert "4 Mei 2026 – 30 Des 2029" in indonesian
    assert "1.337 hari" in indonesian
    assert "Rp 2.750.000.000,50" in indonesian
    assert "4 May 2026 – 30 Dec 2029" in english
    assert "1,337 days" in english
    assert "Rp 2,750,000,000.50" in english


def test_empty_project_list_in_indonesian(owner_client):
    html = page(owner_client, LIST_URL, ID)

    assert "Belum ada proyek" in html
    assert "Buat proyek, susun RAB-nya" in html


def test_rupiah_filter_follows_the_active_language():
    with translation.override("id"):
        assert rupiah(Decimal("1500000000.00")) == "Rp 1.500.000.000"
        assert rupiah(Decimal("1234.5")) == "Rp 1.234,50"
    with translation.override("en"):
        assert rupiah(Decimal("1500000000")) == "Rp 1,500,000,000"
    assert rupiah(None) == rupiah("") == rupiah("abc") == ""


# --- the project form -------------------------------------------------------------------------


def test_project_form_in_indonesian(owner_client):
    html = page(owner_client, CREATE_URL, ID)

    for label in (
        "Nama proyek",
        "Lokasi",
        "Sumber dana",
        "Anggaran owner (Rp)",
        "Tanggal mulai",
        "Tanggal selesai",
        "Minggu berakhir pada hari",
        "PPN (%)",
        "Pembulatan (Rp)",
    ):
        assert re.search(
            rf'<label class="form-label" for="id_\w+">{re.escape(label)}</label>', html
        )
    assert '<option value="0">Senin</option>' in html
    assert '<option value="6" selected>Minggu</option>' in html
    assert ">Buat proyek</button>" in html
    assert ">Batal</a>" in html
    assert input_value(html, "pembulatan_step") == "10.000"
    assert input_value(html, "ppn_percent") == "11"
    for english in ("Week ends on", "Start date", "Create project", "Sunday"):
        assert english not in html, english


def test_project_form_in_english(owner_client):
    html = page(owner_client, CREATE_URL, EN)

    for label in ("Project name", "Owner&#x27;s budget (Rp)", "Start date", "End date"):
        assert f">{label}</label>" in html, label
    assert ">Week ends on</label>" in html
    assert '<option value="6" selected>Sunday</option>' in html
    assert input_value(html, "pembulatan_step") == "10,000"


def test_edit_form_shows_the_stored_amounts_the_readers_way(owner_client, project):
    Project.objects.filter(pk=project.pk).update(
        anggaran_owner=Decimal("1500000000"), ppn_percent=Decimal("11.5")
    )
    url = reverse("dashboard:project_edit", args=[project.pk])

    indonesian = page(owner_client, url, ID)
    english = page(owner_client, url, EN)

    assert input_value(indonesian, "anggaran_owner") == "1.500.000.000"
    assert input_value(indonesian, "ppn_percent") == "11,5"
    assert input_value(english, "anggaran_owner") == "1,500,000,000"
    assert input_value(english, "ppn_percent") == "11.5"


@pytest.mark.parametrize(
    ("headers", "typed"),
    [
        (ID, "1.500.000.000"),
        (ID, "1500000000"),
        (ID, "Rp 1.500.000.000"),
        (EN, "1,500,000,000"),
        (EN, "1500000000"),
    ],
)
def test_anggaran_owner_typed_the_readers_way_is_saved_exactly(owner_client, headers, typed):
    response = owner_client.post(CREATE_URL, {**FORM, "anggaran_owner": typed}, headers=headers)

    assert response.status_code == 302, response.context["form"].errors
    assert Project.objects.get().anggaran_owner == Decimal("1500000000")


@pytest.mark.parametrize("typed", ["11,5", "11.5"])
def test_ppn_with_a_comma_or_a_dot_in_indonesian(owner_client, typed):
    data = {**FORM, "anggaran_owner": "0", "ppn_percent": typed, "pembulatan_step": "10.000"}

    response = owner_client.post(CREATE_URL, data, headers=ID)

    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert project.ppn_percent == Decimal("11.5")
    assert project.pembulatan_step == 10_000


def test_a_grouped_amount_never_reads_as_decimals_in_indonesian(owner_client):
    response = owner_client.post(
        CREATE_URL, {**FORM, "anggaran_owner": "1.500.000.000"}, headers=ID
    )

    assert response.status_code == 302
    assert "decimal places" not in response.content.decode()


def test_invalid_amount_says_so_in_indonesian(owner_client):
    response = owner_client.post(
        CREATE_URL, {**FORM, "anggaran_owner": "-1", "ppn_percent": "101"}, headers=ID
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nilainya tidak boleh negatif." in html
    assert "PPN harus antara 0 dan 100 persen." in html
    assert not Project.objects.exists()


# --- messages name what the planner sees ------------------------------------------------------


def test_date_rule_in_indonesian_names_the_dates_as_seen():
    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_project_dates(
            tanggal_mulai=dt.date(2026, 1, 5), tanggal_selesai=dt.date(2026, 1, 4)
        )

    (message,) = error.value.message_dict["tanggal_selesai"]
    assert message == ("Tanggal selesai harus sama dengan atau sesudah tanggal mulai (5 Jan 2026).")
    assert not any(name in message for name in FIELD_NAMES)
    assert "2026-01-05" not in message


def test_date_rule_in_english():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_project_dates(
            tanggal_mulai=dt.date(2026, 1, 5), tanggal_selesai=dt.date(2026, 1, 4)
        )

    assert error.value.message_dict["tanggal_selesai"] == [
        "The end date must be on or after the start date (5 Jan 2026)."
    ]


def test_too_long_project_in_indonesian_gives_the_last_date_the_readers_way():
    with translation.override("id"), pytest.raises(ValidationError) as error:
        validate_project_dates(
            tanggal_mulai=dt.date(2026, 8, 1), tanggal_selesai=dt.date(2037, 1, 1)
        )

    (message,) = error.value.message_dict["tanggal_selesai"]
    assert message.startswith("Proyek paling lama 10 tahun")
    assert "3.650 kolom" in message
    assert message.endswith("31 Jul 2036.")
    assert not any(name in message for name in FIELD_NAMES)


def test_date_rule_on_the_indonesian_form_is_under_tanggal_selesai(owner_client):
    data = {**FORM, "anggaran_owner": "0", "tanggal_selesai": "2026-01-04"}

    response = owner_client.post(CREATE_URL, data, headers=ID)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["tanggal_selesai"] == [
        "Tanggal selesai harus sama dengan atau sesudah tanggal mulai (5 Jan 2026)."
    ]
    assert "Tanggal selesai harus sama dengan atau sesudah tanggal mulai (5 Jan 2026)." in html


def test_view_messages_in_indonesian(owner_client, project):
    owner_client.post(reverse("dashboard:project_delete", args=[project.pk]), headers=ID)

    messages = [str(m) for m in owner_client.get(LIST_URL, headers=ID).context["messages"]]

    assert messages == ["Proyek “Gedung Serbaguna” dihapus."]


# --- confirmation pages -----------------------------------------------------------------------


def test_delete_confirmation_in_indonesian(owner_client, project):
    html = page(owner_client, reverse("dashboard:project_delete", args=[project.pk]), ID)

    assert "Hapus “Gedung Serbaguna”?" in html
    assert "0 proporsi terjadwal" in html
    assert ">Hapus proyek</button>" in html


def test_duplicate_confirmation_in_indonesian(owner_client, project):
    response = owner_client.get(
        reverse("dashboard:project_duplicate", args=[project.pk]), headers=ID
    )

    assert response.context["form"]["nama"].value() == "Gedung Serbaguna (salinan)"
    assert ">Nama salinan</label>" in response.content.decode()
    assert ">Duplikat</button>" in response.content.decode()


def test_default_copy_name_fits_the_column_in_every_language(project):
    project.nama = "x" * 200
    with translation.override("id"):
        name = ProjectDuplicateForm.default_name(project)
    assert len(name) == 200
    assert name.endswith(" (salinan)")


# --- model words ------------------------------------------------------------------------------


def test_time_scales_and_weekdays_in_indonesian():
    with translation.override("id"):
        assert [str(label) for label in JadwalMode.labels] == [
            "Harian",
            "Mingguan",
            "Bulanan",
            "Kustom",
        ]
        assert str(Project._meta.get_field("week_end_day").verbose_name) == (
            "minggu berakhir pada hari"
        )
        assert str(Project._meta.verbose_name) == "proyek"
        form = ProjectForm()
        assert str(form.fields["anggaran_owner"].label) == "Anggaran owner (Rp)"
