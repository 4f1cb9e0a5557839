"""A request body larger than anything the app accepts is refused before it is read: without
nginx in front, a 50 MB upload must not be parsed into a temporary file first."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class CountingStream(io.BytesIO):
    """The request body; remembers how much of it was read."""

    def read(self, *args):
        data = super().read(*args)
        self.consumed = getattr(self, "consumed", 0) + len(data)
        return data


@pytest.fixture
def temporary_files(monkeypatch):
    """Every temporary upload file Django opens."""
    opened: list[str] = []
    original = TemporaryFileUploadHandler.new_file

    def new_file(self, *args, **kwargs):
        opened.append(args[1] if len(args) > 1 else kwargs.get("file_name", ""))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", new_file)
    return opened


def upload_request(client: Client, url: str, size: int, *, declare: bool = True):
    boundary = "jadwalboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="rab.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = head + b"a;" * (size // 2) + f"\r\n--{boundary}--\r\n".encode()
    stream = CountingStream(body)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": url,
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "wsgi.input": stream,
    }
    if declare:
        environ["CONTENT_LENGTH"] = str(len(body))
    response = client.generic(
        "POST",
        url,
        **{k: v for k, v in environ.items() if k not in ("REQUEST_METHOD", "PATH_INFO")},
    )
    return response, stream


def test_a_50_mb_upload_is_refused_with_413_before_it_is_read(
    owner_client, project, temporary_files
):
    url = reverse("detail_project:rab_import", args=[project.pk])

    response, stream = upload_request(owner_client, url, 50 * MB)

    assert response.status_code == 413
    assert "The file is 50.0 MB; the limit is 5 MB." in response.content.decode()
    assert getattr(stream, "consumed", 0) == 0
    assert temporary_files == []


def test_the_refusal_reads_in_indonesian(owner, project):
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(owner)
    url = reverse("detail_project:rab_import", args=[project.pk])

    response, _ = upload_request(client, url, 7 * MB)

    assert response.status_code == 413
    assert '<html lang="id">' in response.content.decode()
    assert "7,0 MB" in response.content.decode()


def test_under_the_api_the_refusal_is_json(owner_client, project):
    url = f"/detail_project/api/project/{project.pk}/jadwal/save/"

    response = owner_client.post(url, data=b"x" * (7 * MB), content_type="application/json")

    assert response.status_code == 413
    assert response.json()["ok"] is False


def test_a_body_without_a_declared_size_is_not_read_at_all(owner_client, project):
    url = reverse("detail_project:rab_import", args=[project.pk])

    response, stream = upload_request(owner_client, url, 3 * MB, declare=False)

    assert response.status_code == 200  # the form asks for a file
    assert getattr(stream, "consumed", 0) == 0


def test_an_ordinary_import_is_not_affected(owner_client, project):
    url = reverse("detail_project:rab_import", args=[project.pk])

    response, _ = upload_request(owner_client, url, 10 * 1024)

    assert response.status_code == 200
