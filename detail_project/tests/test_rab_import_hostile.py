"""Uploads that tried to stall or break the import (issue 10): each is refused with a clear
message, quickly and whole; none leaves anything behind, and an import that fails at confirm
can be confirmed again."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from dashboard.models import Project
from detail_project.demo import SAMPLE_RAB
from detail_project.importing import sandbox
from detail_project.models import Pekerjaan, PendingImport
from detail_project.services import rab_import
from detail_project.tests import hostile_files
from detail_project.tests.test_rab_import_views import texts, token_of, upload

pytestmark = pytest.mark.django_db


def url(name: str, project: Project) -> str:
    return reverse(f"detail_project:{name}", args=[project.pk])


# --- the readers refuse on shape ---------------------------------------------------------


def test_rows_of_600_numbers_are_refused_by_their_width(owner_client, project):
    data = hostile_files.wide_rows_xlsx()
    assert len(data) < 200 * 1024  # small on the wire, 48 MB of XML

    response = upload(owner_client, project, data, name="rab.xlsx")

    body = response.content.decode()
    assert response.status_code == 200
    assert "row 1 has more than 256 cells" in body
    assert 'data-testid="confirm-import"' not in body
    assert PendingImport.objects.count() == 0


def test_more_rows_than_any_rab_are_refused(owner_client, project):
    response = upload(owner_client, project, hostile_files.many_short_rows_xlsx(), name="r.xlsx")

    assert "the worksheet has more than 100,000 rows" in response.content.decode()
    assert PendingImport.objects.count() == 0


def test_a_nul_after_the_first_8_kb_is_refused_at_the_preview(owner_client, project):
    data = hostile_files.csv_with_nul_after(9_000)
    assert b"\x00" not in data[:8192]

    response = upload(owner_client, project, data)

    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert "Remove the invisible control character U+0000 from this text." in body
    assert 'data-testid="confirm-import"' not in body
    assert PendingImport.objects.count() == 0


# --- the sandbox bounds whatever the readers did not foresee ------------------------------


@pytest.fixture
def one_second(settings):
    settings.RAB_IMPORT_PARSE_SECONDS = 1
    settings.RAB_IMPORT_PARSE_MEMORY_MB = 64


def test_a_child_that_runs_past_its_cpu_time_is_stopped(one_second):
    started = time.monotonic()

    outcome = sandbox.run_bounded("detail_project.tests.sandbox_targets:spin")

    assert isinstance(outcome, sandbox.Refused) and outcome.reason == "time"
    assert time.monotonic() - started < 10  # not the 300 s of a stuck worker


def test_a_child_that_asks_for_too_much_memory_is_refused(one_second):
    outcome = sandbox.run_bounded("detail_project.tests.sandbox_targets:hog")

    assert isinstance(outcome, sandbox.Refused) and outcome.reason == "memory"


def test_a_child_that_fails_reports_why(one_second):
    outcome = sandbox.run_bounded("detail_project.tests.sandbox_targets:fail")

    assert isinstance(outcome, sandbox.Refused) and outcome.reason == "died"
    assert "a bug in the parser" in outcome.detail


def test_the_child_answers_in_the_callers_language_with_its_arguments():
    from django.utils import translation

    with translation.override("id"):
        assert sandbox.run_bounded("detail_project.tests.sandbox_targets:language") == "id"
    echoed = sandbox.run_bounded("detail_project.tests.sandbox_targets:echo", b"\x00", n=1)
    assert echoed == ((b"\x00",), {"n": 1})


def test_an_upload_that_runs_out_of_time_is_explained(
    owner_client, project, one_second, monkeypatch
):
    monkeypatch.setattr(sandbox, "PARSE_TARGET", "detail_project.tests.sandbox_targets:spin")

    response = upload(owner_client, project, SAMPLE_RAB.read_bytes())

    body = response.content.decode()
    assert response.status_code == 200
    assert "reading it took longer than 1 second, far longer than any RAB needs" in body
    assert 'data-testid="confirm-import"' not in body
    assert PendingImport.objects.count() == 0


def test_an_upload_the_parser_chokes_on_is_a_message_not_a_500(
    owner_client, project, one_second, monkeypatch
):
    monkeypatch.setattr(sandbox, "PARSE_TARGET", "detail_project.tests.sandbox_targets:fail")

    response = upload(owner_client, project, SAMPLE_RAB.read_bytes())

    assert response.status_code == 200
    assert "it could not be read" in response.content.decode()


# --- a confirm that fails can be confirmed again ------------------------------------------


def test_a_confirm_that_fails_leaves_the_upload_to_confirm_again(
    owner_client, project, monkeypatch
):
    token = token_of(upload(owner_client, project, SAMPLE_RAB.read_bytes()))
    real_apply = rab_import.rab_import_apply
    calls = []

    def apply_failing_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseError("the database went away halfway")
        return real_apply(**kwargs)

    monkeypatch.setattr(rab_import, "rab_import_apply", apply_failing_once)
    owner_client.raise_request_exception = False

    failed = owner_client.post(url("rab_import_confirm", project), {"token": token})

    assert failed.status_code == 500
    assert Pekerjaan.objects.filter(project=project).count() == 0
    assert PendingImport.objects.filter(claimed=False).count() == 1  # the claim rolled back

    again = owner_client.post(url("rab_import_confirm", project), {"token": token})

    assert again.status_code == 302
    assert any("Imported 29 pekerjaan" in text for text in texts(again))
    assert Pekerjaan.objects.filter(project=project).count() == 29
    assert PendingImport.objects.count() == 0


def test_a_preview_made_by_one_server_is_confirmed_by_another(owner, project):
    """Nothing of the upload lives in the process that showed the preview: a second client
    (another app server would be the same) confirms it from the token alone."""
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(owner)
    second.force_login(owner)
    preview = first.post(
        url("rab_import", project),
        {"file": SimpleUploadedFile("rab.csv", SAMPLE_RAB.read_bytes()), "replace": "on"},
    )

    response = second.post(url("rab_import_confirm", project), {"token": token_of(preview)})

    assert response.status_code == 302
    assert Pekerjaan.objects.filter(project=project).count() == 29


def test_unconfirmed_uploads_are_forgotten_after_an_hour(owner_client, project):
    token_of(upload(owner_client, project, SAMPLE_RAB.read_bytes()))
    stale = PendingImport.objects.get().created_at - dt.timedelta(
        seconds=rab_import.PENDING_MAX_AGE + 120
    )
    PendingImport.objects.update(created_at=stale)

    token_of(upload(owner_client, project, SAMPLE_RAB.read_bytes()))

    assert PendingImport.objects.count() == 1


# --- what a valid-looking file may not do ---------------------------------------------------


def rekap_csv(rows: list[str]) -> bytes:
    header = "Uraian Pekerjaan;Kode AHSP;Satuan;Volume;Harga Satuan (Rp);Jumlah Harga (Rp)\n"
    return (header + "PERSIAPAN;;;;;\n  Umum;;;;;\n" + "".join(rows)).encode()


def test_an_uraian_longer_than_any_rab_needs_is_a_row_error(owner_client, project):
    data = rekap_csv([f"    {'x' * 2_001};1.1;m2;1;1.000;1.000\n"])

    response = upload(owner_client, project, data)

    body = response.content.decode()
    assert "is longer than 2,000 characters" in body
    assert 'data-testid="confirm-import"' not in body


def test_the_reading_stops_at_the_row_limit(project):
    """A file past 20,000 rows is refused, and nothing after the limit is even read (the
    summary row there is never seen), so a long file cannot buy CPU time."""
    from detail_project.importing import parse_rab_file

    rows = ["    Pekerjaan;1.1;m2;1;1.000;1.000\n"] * 20_001
    data = rekap_csv([*rows, "TOTAL BIAYA LANGSUNG;;;;;20.001.000\n"])

    parsed = parse_rab_file(data)

    messages = [issue.message for issue in parsed.errors]
    assert any("more than 20,000 rows" in message for message in messages)
    assert parsed.file_totals.total_biaya_langsung is None
