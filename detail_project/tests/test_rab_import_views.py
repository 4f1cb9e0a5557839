"""RAB import through the browser: upload → preview → confirm, and who may do it."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.models import Project
from detail_project import money
from detail_project.demo import SAMPLE_RAB
from detail_project.models import Pekerjaan, PendingImport

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def url(name: str, project: Project) -> str:
    return reverse(f"detail_project:{name}", args=[project.pk])


def upload(client: Client, project: Project, data: bytes, name: str = "rab.csv", **extra):
    form = {"file": SimpleUploadedFile(name, data), "replace": "on", **extra}
    return client.post(url("rab_import", project), form)


def token_of(response) -> str:
    match = TOKEN.search(response.content.decode())
    assert match, "the preview offers no Confirm"
    return match.group(1)


def pending_uploads() -> list[str]:
    """The uploads waiting for a confirm (in the database, where every app server sees them)."""
    return sorted(PendingImport.objects.values_list("filename", flat=True))


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE_RAB.read_bytes()


@pytest.fixture
def other_project(outsider) -> Project:
    return Project.objects.create(
        owner=outsider,
        nama="Proyek Lain",
        tanggal_mulai=dt.date(2026, 1, 5),
        tanggal_selesai=dt.date(2026, 6, 28),
    )


def test_the_upload_page_offers_the_form_and_both_templates(owner_client, project):
    response = owner_client.get(url("rab_import", project))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'name="replace"' in body and "checked" in body
    assert "?format=xlsx" in body and "?format=csv" in body


def test_upload_preview_confirm_imports_the_sample(owner_client, project, sample_bytes, settings):
    response = upload(owner_client, project, sample_bytes, name="rekap_rab_160.csv")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="count-klasifikasi">3<' in body
    assert 'data-testid="count-sub-klasifikasi">5<' in body
    assert 'data-testid="count-pekerjaan">29<' in body
    assert "Rp 8,012,739,981" in body and "Rp 8,814,013,979" in body and "Rp 8,814,010,000" in body
    assert "PPN 10 %" in body
    assert 'data-testid="totals-match"' in body
    assert 'data-testid="confirm-import"' in body
    assert Pekerjaan.objects.filter(project=project).count() == 0  # nothing before Confirm
    assert len(pending_uploads()) == 1

    response = owner_client.post(
        url("rab_import_confirm", project), {"token": token_of(response), "use_file_ppn": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("rab", project)
    assert any("Imported 29 pekerjaan" in text for text in texts(response))
    assert pending_uploads() == []
    project.refresh_from_db()
    assert project.ppn_percent == Decimal("10.00")
    rows = Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan")
    totals = money.rab_totals(
        [money.jumlah_harga(v, h) for v, h in rows],
        ppn_percent=project.ppn_percent,
        pembulatan_step=project.pembulatan_step,
    )
    assert totals.grand_total == Decimal("8814013979")


def test_a_bad_file_shows_every_row_error_and_no_confirm(owner_client, project, settings):
    data = (
        b"klasifikasi;sub_klasifikasi;kode;uraian;satuan;volume;harga_satuan\n"
        b"A;B;;Galian;m3;dua;100\n"
        b"A;B;;Urukan;m3;2;-5\n"
    )
    response = upload(owner_client, project, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert "<td>2</td><td>volume</td><td>is not a number" in body
    assert "<code>dua</code>" in body
    assert "<td>3</td><td>harga_satuan</td><td>cannot be negative" in body
    assert 'data-testid="confirm-import"' not in body
    assert pending_uploads() == []


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "rab.xlsx", "This is a PNG image"),
        (b"%PDF-1.4\n1 0 obj", "rab.csv", "This is a PDF document"),
        (b"", "rab.csv", "The file is empty."),
        (b"nama;harga\nx;1\n", "rab.csv", "No header row found"),
    ],
)
def test_files_that_are_not_a_rab_are_explained(owner_client, project, data, name, message):
    response = upload(owner_client, project, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Pekerjaan.objects.filter(project=project).count() == 0


def test_a_10_mb_file_is_refused_before_it_is_read(owner_client, project):
    response = upload(owner_client, project, b"\x01junk" * (2 * 1024 * 1024), name="big.csv")
    assert response.status_code == 413
    assert "The file is 10.0 MB; the limit is 5 MB." in response.content.decode()
    assert pending_uploads() == []


def test_a_file_just_over_the_limit_is_refused_by_the_form(owner_client, project):
    response = upload(owner_client, project, b"a;" * (2_700_000), name="big.csv")
    assert response.status_code == 200
    assert "the limit is 5 MB" in response.content.decode()
    assert pending_uploads() == []


def test_other_file_types_are_refused_by_name(owner_client, project):
    response = upload(owner_client, project, b"hello", name="rab.pdf")
    assert "Only .xlsx and .csv files can be imported" in response.content.decode()


def test_the_preview_warns_what_a_replace_deletes(owner_client, project, sample_bytes):
    first = upload(owner_client, project, sample_bytes)
    owner_client.post(url("rab_import_confirm", project), {"token": token_of(first)})
    response = upload(owner_client, project, sample_bytes)
    body = response.content.decode()
    assert 'data-testid="replace-notice"' in body
    assert "3 klasifikasi and 29 pekerjaan are deleted" in body


def test_append_keeps_the_current_rab(owner_client, project, sample_bytes):
    first = upload(owner_client, project, sample_bytes)
    owner_client.post(url("rab_import_confirm", project), {"token": token_of(first)})
    response = owner_client.post(
        url("rab_import", project), {"file": SimpleUploadedFile("rab.csv", sample_bytes)}
    )
    assert 'data-testid="append-notice"' in response.content.decode()
    owner_client.post(url("rab_import_confirm", project), {"token": token_of(response)})
    assert Pekerjaan.objects.filter(project=project).count() == 58


def test_a_confirmed_preview_cannot_be_imported_twice(owner_client, project, sample_bytes):
    token = token_of(upload(owner_client, project, sample_bytes))
    owner_client.post(url("rab_import_confirm", project), {"token": token})
    again = owner_client.post(url("rab_import_confirm", project), {"token": token})
    assert again.status_code == 302 and again["Location"] == url("rab_import", project)
    assert any("already imported" in text for text in texts(again))
    assert Pekerjaan.objects.filter(project=project).count() == 29


def test_cancel_forgets_the_upload(owner_client, project, sample_bytes, settings):
    token = token_of(upload(owner_client, project, sample_bytes))
    response = owner_client.post(url("rab_import_cancel", project), {"token": token})
    assert response.status_code == 302
    assert pending_uploads() == []
    owner_client.post(url("rab_import_confirm", project), {"token": token})
    assert Pekerjaan.objects.filter(project=project).count() == 0


def test_another_users_preview_token_cannot_be_confirmed(
    owner_client, outsider_client, project, other_project, sample_bytes, settings
):
    token = token_of(upload(owner_client, project, sample_bytes))
    response = outsider_client.post(url("rab_import_confirm", other_project), {"token": token})
    assert response.status_code == 302
    assert any("expired or is not valid" in text for text in texts(response))
    assert Pekerjaan.objects.count() == 0
    assert len(pending_uploads()) == 1  # still the owner's to confirm
    owner_client.post(url("rab_import_confirm", project), {"token": token})
    assert Pekerjaan.objects.filter(project=project).count() == 29


def test_a_token_for_another_project_of_the_same_user_is_refused(
    owner_client, owner, project, sample_bytes
):
    second = Project.objects.create(
        owner=owner,
        nama="Dua",
        tanggal_mulai=project.tanggal_mulai,
        tanggal_selesai=project.tanggal_selesai,
    )
    token = token_of(upload(owner_client, project, sample_bytes))
    owner_client.post(url("rab_import_confirm", second), {"token": token})
    assert Pekerjaan.objects.count() == 0


def test_a_forged_token_is_refused(owner_client, project):
    response = owner_client.post(url("rab_import_confirm", project), {"token": "abc:def"})
    assert response.status_code == 302
    assert Pekerjaan.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "rab_import"),
        ("post", "rab_import"),
        ("post", "rab_import_confirm"),
        ("post", "rab_import_cancel"),
        ("get", "rab_import_template"),
    ],
)
def test_it_rejects_outsider_on_every_import_url(outsider_client, project, method, name):
    response = getattr(outsider_client, method)(url(name, project), {"token": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "rab_import"),
        ("post", "rab_import"),
        ("post", "rab_import_confirm"),
        ("post", "rab_import_cancel"),
        ("get", "rab_import_template"),
    ],
)
def test_it_redirects_anonymous_to_login(client, project, method, name):
    response = getattr(client, method)(url(name, project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_confirm_and_cancel_are_post_only(owner_client, project):
    assert owner_client.get(url("rab_import_confirm", project)).status_code == 405
    assert owner_client.get(url("rab_import_cancel", project)).status_code == 405


def test_uploads_need_the_csrf_token(owner, project, sample_bytes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = upload(client, project, sample_bytes)
    assert response.status_code == 403
    response = client.post(url("rab_import_confirm", project), {"token": "x"})
    assert response.status_code == 403


def test_the_xlsx_template_downloads(owner_client, project):
    response = owner_client.get(url("rab_import_template", project), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="template_rab.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["klasifikasi", "sub_klasifikasi", "kode", "uraian"]


def test_the_csv_template_downloads_and_imports_back(owner_client, project):
    response = owner_client.get(url("rab_import_template", project), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    preview = upload(owner_client, project, response.content, name="template_rab.csv")
    owner_client.post(url("rab_import_confirm", project), {"token": token_of(preview)})
    assert Pekerjaan.objects.filter(project=project).count() == 4


def test_an_unknown_template_format_is_a_400(owner_client, project):
    response = owner_client.get(url("rab_import_template", project), {"format": "pdf"})
    assert response.status_code == 400
