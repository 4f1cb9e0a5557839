"""The RAB, the import and the schedule API in Bahasa Indonesia, and the same in English.

The suite runs in English (LANGUAGE_CODE=en); these tests ask for Indonesian the way a browser
does (`Accept-Language: id`), or with `translation.override("id")` for code without a request.
Indonesian writes `Rp 8.012.739.981` and `12,5`; English `Rp 8,012,739,981` and `12.5`.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import unescape
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dashboard.models import Project
from detail_project import scheduling
from detail_project.demo import SAMPLE_RAB
from detail_project.importing import parse_rab_file
from detail_project.models import Pekerjaan, TahapPelaksanaan
from detail_project.scheduling import Period
from detail_project.services.rab_import import rab_import_apply
from detail_project.tests.conftest import JsonClient
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db

# Field names a message must never show a planner.
FIELD_NAMES = (
    "tanggal_mulai",
    "tanggal_selesai",
    "tahapan_id",
    "pekerjaan_id",
    "proporsi",
    "nama:",
)


@pytest.fixture
def sample(project):
    """The seed system's sample RAB (TOTAL BIAYA LANGSUNG Rp 8.012.739.981) with its PPN 10 %."""
    parsed = parse_rab_file(SAMPLE_RAB.read_bytes())
    rab_import_apply(project=project, parsed=parsed, replace=True, use_file_ppn=True)
    project.refresh_from_db()
    return project


@pytest.fixture
def english_client(owner) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(owner)
    return client


def rows_text(body: str, testid: str) -> list[str]:
    found = re.findall(rf'<tr[^>]*data-testid="{testid}"[^>]*>(.*?)</tr>', body, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in found]


def text_of(body: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def api_for(client: Client, project: Project) -> JsonClient:
    return JsonClient(client, project.pk)


# --- the RAB page -------------------------------------------------------------------------------


def test_the_rab_page_in_indonesian_writes_indonesian_numbers_and_words(indonesian_client, sample):
    response = indonesian_client.get(reverse("detail_project:rab", args=[sample.pk]))

    body = response.content.decode()
    assert '<html lang="id">' in body
    assert rows_text(body, "total-biaya-langsung") == [
        "TOTAL BIAYA LANGSUNG Rp 8.012.739.981 100,00"
    ]
    assert rows_text(body, "ppn") == ["PPN 10% Rp 801.273.998"]
    assert rows_text(body, "grand-total") == ["GRAND TOTAL Rp 8.814.013.979"]
    assert rows_text(body, "pembulatan") == [
        "PEMBULATAN (dibulatkan ke bawah ke kelipatan Rp 10.000) Rp 8.814.010.000"
    ]
    page = text_of(body)
    for words in ("Harga satuan (Rp)", "Jumlah harga (Rp)", "Impor RAB", "Proyek"):
        assert words in page
    assert "Unit price" not in page and "Amount (Rp)" not in page
    # A volume with three decimals and a bobot with two, the Indonesian way.
    first_row = rows_text(body, "pekerjaan-row")[0]
    assert re.search(r" \d{1,3}(\.\d{3})*,\d{3} ", first_row), first_row


def test_the_rab_page_in_english_writes_english_numbers_and_words(english_client, sample):
    response = english_client.get(reverse("detail_project:rab", args=[sample.pk]))

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert rows_text(body, "total-biaya-langsung") == [
        "TOTAL BIAYA LANGSUNG Rp 8,012,739,981 100.00"
    ]
    assert rows_text(body, "grand-total") == ["GRAND TOTAL Rp 8,814,013,979"]
    assert rows_text(body, "pembulatan") == [
        "PEMBULATAN (rounded down to a multiple of Rp 10,000) Rp 8,814,010,000"
    ]
    page = text_of(body)
    assert "Unit price (Rp)" in page and "Amount (Rp)" in page


def test_a_browser_asking_for_nothing_gets_indonesian(owner, sample, settings):
    settings.LANGUAGE_CODE = "id"
    client = Client()
    client.force_login(owner)

    body = client.get(reverse("detail_project:rab", args=[sample.pk])).content.decode()

    assert "Rp 8.012.739.981" in body and "Rencana Anggaran Biaya" in body


# --- the RAB forms ------------------------------------------------------------------------------


def test_the_pekerjaan_form_accepts_indonesian_decimals_in_indonesian(indonesian_client, project):
    make_rab(project, pekerjaan=1, klasifikasi=1, subs=1)
    sub = project.sub_klasifikasi.get()

    response = indonesian_client.post(
        reverse("detail_project:rab_pekerjaan_create", args=[project.pk, sub.pk]),
        {"uraian": "Galian tanah", "satuan": "m3", "volume": "1.500,5", "harga_satuan": "12,5"},
    )

    assert response.status_code == 302
    added = Pekerjaan.objects.get(uraian="Galian tanah")
    assert (added.volume, added.harga_satuan) == (Decimal("1500.5"), Decimal("12.5"))
    shown = indonesian_client.get(
        reverse("detail_project:rab_pekerjaan_edit", args=[project.pk, added.pk])
    ).content.decode()
    assert 'value="1.500,5"' in shown and "Koma untuk desimal" in shown


def test_a_refused_pekerjaan_says_why_in_indonesian(indonesian_client, project):
    make_rab(project, pekerjaan=1, klasifikasi=1, subs=1)
    sub = project.sub_klasifikasi.get()

    response = indonesian_client.post(
        reverse("detail_project:rab_pekerjaan_create", args=[project.pk, sub.pk]),
        {"uraian": "Galian", "volume": "seratus", "harga_satuan": "-1"},
    )

    page = text_of(response.content.decode())
    assert "Masukkan angka, misalnya 1.234,56." in page
    assert "Tidak boleh negatif." in page


def test_service_messages_name_the_field_as_the_page_does(project):
    from detail_project.services import rab as services
    from detail_project.services.errors import ServiceError

    make_rab(project, pekerjaan=1, klasifikasi=1, subs=1)
    sub = project.sub_klasifikasi.get()
    with translation.override("id"), pytest.raises(ServiceError) as refused:
        services.pekerjaan_create(
            sub_klasifikasi=sub, uraian="Galian", volume=Decimal(1), harga_satuan=Decimal(-1)
        )
    assert refused.value.message == "Harga satuan tidak boleh negatif."


# --- the import ---------------------------------------------------------------------------------


def upload(client: Client, project: Project):
    form = {
        "file": SimpleUploadedFile("rekap_rab_160.csv", SAMPLE_RAB.read_bytes()),
        "replace": "on",
    }
    return client.post(reverse("detail_project:rab_import", args=[project.pk]), form)


@pytest.mark.parametrize(
    ("language", "total", "ppn_notice", "set_to"),
    [
        ("id", "Rp 8.012.739.981", "Gunakan PPN berkas 10 %", "PPN diatur menjadi 10 %."),
        ("en", "Rp 8,012,739,981", "Use the file's PPN 10 %", "PPN set to 10 %."),
    ],
)
def test_the_import_preview_and_message_say_ppn_10_percent(
    owner, project, language, total, ppn_notice, set_to
):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(owner)

    response = upload(client, project)

    page = text_of(response.content.decode())
    assert "PPN 10 %" in page
    assert "1E+1" not in page
    assert total in page
    assert ppn_notice in page
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    confirmed = client.post(
        reverse("detail_project:rab_import_confirm", args=[project.pk]),
        {"token": token, "use_file_ppn": "on"},
    )
    messages = [str(m) for m in get_messages(confirmed.wsgi_request)]
    assert any(set_to in text and total in text for text in messages), messages
    assert not any("1E+1" in text for text in messages)


def test_import_problems_read_in_indonesian(indonesian_client, project):
    data = (
        b"klasifikasi;sub_klasifikasi;kode;uraian;satuan;volume;harga_satuan\n"
        b"A;B;;Galian;m3;dua;100\n"
        b"A;B;;Urukan;m3;2;-5\n"
    )
    form = {"file": SimpleUploadedFile("rab.csv", data), "replace": "on"}

    response = indonesian_client.post(reverse("detail_project:rab_import", args=[project.pk]), form)

    body = response.content.decode()
    assert "<td>2</td><td>volume</td><td>bukan angka (contoh yang benar: 1.234,56)" in body
    assert "<td>3</td><td>harga_satuan</td><td>tidak boleh negatif" in body
    assert "Berkas ini tidak dapat diimpor." in body


def test_import_notes_write_amounts_in_the_readers_format():
    data = (
        b"klasifikasi;sub_klasifikasi;kode;uraian;satuan;volume;harga_satuan\n"
        b"A;B;;Galian;m3;2;100\n"
        b";;;TOTAL BIAYA LANGSUNG;;;1.234\n"
    )
    with translation.override("id"):
        notes = parse_rab_file(data).warnings
    assert any("menurut berkas Rp 1.234, hasil impor Rp 200" in note for note in notes), notes
    with translation.override("en"):
        notes = parse_rab_file(data).warnings
    assert any("the file says Rp 1,234, the import gives Rp 200" in note for note in notes), notes


def test_import_rab_prints_indonesian(project):
    out = StringIO()
    with translation.override("id"):
        call_command("import_rab", str(SAMPLE_RAB), "--project", str(project.pk), stdout=out)
    assert "TOTAL BIAYA LANGSUNG Rp 8.012.739.981 sama dengan berkas" in out.getvalue()
    assert f"Diimpor ke proyek {project.pk}" in out.getvalue()


# --- the schedule: labels -----------------------------------------------------------------------


def test_weekly_and_monthly_tahapan_created_in_indonesian_have_indonesian_names(
    indonesian_client, project
):
    make_rab(project)
    api = api_for(indonesian_client, project)

    response = api.post("regenerate-tahapan/", {"mode": "weekly"})
    assert response.status_code == 200, response.json_body
    assert response.json_body["message"].startswith("Skala waktu diganti ke mingguan: 12 tahapan")
    names = list(TahapPelaksanaan.objects.filter(project=project).values_list("nama", flat=True))
    assert names[:2] == ["Minggu 1: 5 Jan - 11 Jan", "Minggu 2: 12 Jan - 18 Jan"]

    api.post("regenerate-tahapan/", {"mode": "monthly"})
    names = list(TahapPelaksanaan.objects.filter(project=project).values_list("nama", flat=True))
    assert names == ["Januari 2026", "Februari 2026", "Maret 2026"]


def test_kurva_s_labels_follow_the_language(indonesian_client, english_client, project):
    make_rab(project)
    indonesian = api_for(indonesian_client, project)
    english = api_for(english_client, project)

    def labels(api, scale):
        return [p["label"] for p in api.get(f"kurva-s/?scale={scale}").json_body["periods"]]

    assert labels(indonesian, "monthly") == ["Januari 2026", "Februari 2026", "Maret 2026"]
    assert labels(english, "monthly") == ["January 2026", "February 2026", "March 2026"]
    assert labels(indonesian, "weekly")[7] == "Minggu 8: 23 Feb - 1 Mar"
    assert labels(english, "weekly")[7] == "Week 8: 23 Feb - 1 Mar"
    assert labels(indonesian, "daily")[0] == "Hari 1, 5 Jan"


def test_every_month_and_abbreviation_is_indonesian():
    periods = [Period(dt, dt) for dt in _first_days_of_2026()]
    with translation.override("id"):
        monthly = [
            scheduling.period_label("monthly", 1, p, gettext=translation.gettext) for p in periods
        ]
        daily = [
            scheduling.period_label("daily", 1, p, gettext=translation.gettext) for p in periods
        ]
    assert monthly == [
        f"{name} 2026"
        for name in (
            "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
        ).split()
    ]
    assert [label.split()[-1] for label in daily] == (
        "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split()
    )


def _first_days_of_2026():
    import datetime as dt

    return [dt.date(2026, month, 1) for month in range(1, 13)]


# --- the schedule: errors -----------------------------------------------------------------------


def save(api, version, *changes):
    return api.post(
        "jadwal/save/",
        {
            "version": version,
            "changes": [{"pekerjaan_id": p, "tahapan_id": t, "proporsi": v} for p, t, v in changes],
        },
    )


def assert_no_field_names(message: str) -> None:
    for name in FIELD_NAMES:
        assert name not in message, message


def test_a_conflict_reads_in_indonesian(indonesian_client, project, pekerjaan, weekly):
    api = api_for(indonesian_client, project)
    version = project.jadwal_version
    assert save(api, version, (pekerjaan[0].pk, weekly[0].pk, "10,5")).status_code == 200

    response = save(api, version, (pekerjaan[0].pk, weekly[1].pk, 20))

    assert response.status_code == 409
    error = response.json_body["error"]
    assert error.startswith("Belum disimpan: 1 pekerjaan diubah orang lain")
    assert pekerjaan[0].kode_pekerjaan in error
    assert_no_field_names(error)


def test_an_unknown_tahapan_reads_in_indonesian(indonesian_client, project, pekerjaan, weekly):
    api = api_for(indonesian_client, project)

    response = save(api, project.jadwal_version, (pekerjaan[0].pk, 987654, 10))

    assert response.status_code == 400
    error = response.json_body["error"]
    assert error == "Tidak ada yang disimpan: tahapan 987654 tidak ada di proyek ini."
    assert_no_field_names(error)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"tanggal_mulai": "2026-02-01", "tanggal_selesai": "2026-01-01"},
            "Tanggal selesai harus sama dengan atau sesudah tanggal mulai (1 Feb 2026).",
        ),
        (
            {"tanggal_mulai": "2025-12-01", "tanggal_selesai": "2026-01-10"},
            "Tanggal harus berada dalam rentang proyek (5 Jan 2026 … 29 Mar 2026).",
        ),
        (
            {"tanggal_mulai": "2026-01-05"},
            "Isi tanggal mulai dan tanggal selesai sekaligus, atau kosongkan keduanya.",
        ),
        ({"nama": "   "}, "Beri nama tahapan ini."),
    ],
)
def test_tahapan_rules_read_in_indonesian_without_field_names(
    indonesian_client, project, weekly, fields, message
):
    api = api_for(indonesian_client, project)

    response = api.post("tahapan/", {"nama": "Persiapan", **fields})

    assert response.status_code == 400
    assert response.json_body["error"] == message
    assert_no_field_names(response.json_body["error"])


def test_a_tahapan_date_rule_in_english_names_no_field(api, project, weekly):
    response = api.post(
        "tahapan/",
        {"nama": "Persiapan", "tanggal_mulai": "2026-02-01", "tanggal_selesai": "2026-01-01"},
    )

    assert response.json_body["error"] == (
        "The end date must be on or after the start date (1 Feb 2026)."
    )


def test_a_bad_percentage_reads_in_indonesian(indonesian_client, project, pekerjaan, weekly):
    api = api_for(indonesian_client, project)

    response = save(api, project.jadwal_version, (pekerjaan[0].pk, weekly[0].pk, "120,5"))

    assert response.status_code == 400
    error = response.json_body["error"]
    assert "Persentase paling besar 100 (120,5)." in error
    assert f"pekerjaan {pekerjaan[0].pk}, tahapan {weekly[0].pk}" in error


def test_pydantic_problems_are_said_in_indonesian_after_the_json_path(
    indonesian_client, project, weekly
):
    api = api_for(indonesian_client, project)

    response = api.post("tahapan/", {"nama": "Persiapan", "urutan": -1, "warna": "merah"})

    assert response.status_code == 400
    assert response.json_body["error"].startswith("urutan: paling kecil 0 (dan 1 masalah lain)")
    assert "warna: isian ini tidak dikenal dalam permintaan" in response.json_body["errors"]


def test_api_answers_outside_views_read_in_indonesian(indonesian_client, project):
    base = f"/detail_project/api/project/{project.pk}/"

    broken = indonesian_client.post(
        base + "jadwal/save/", data="{not json", content_type="application/json"
    )
    assert json.loads(broken.content)["error"] == "Isi permintaan bukan JSON yang valid."
    missing = indonesian_client.get(base + "no-such-endpoint/")
    assert json.loads(missing.content) == {"ok": False, "error": "Tidak ditemukan."}
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="id").get(base + "jadwal/")
    assert anonymous.status_code == 401
    assert json.loads(anonymous.content)["error"] == "Perlu masuk: silakan masuk terlebih dahulu."
