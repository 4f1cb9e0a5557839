"""Fixtures for the schedule API tests: a small RAB with a weekly schedule, a JSON client, and
the owner's client in Indonesian."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from detail_project.models import PekerjaanTahapan, TahapPelaksanaan
from detail_project.services import jadwal_switch
from detail_project.tests.factories import make_rab

API = "/detail_project/api/project/{project_id}/"


class JsonClient:
    """Calls the API the way the grid does: JSON bodies, JSON answers."""

    def __init__(self, client: Client, project_id: int) -> None:
        self.client = client
        self.base = API.format(project_id=project_id)

    def call(self, method: str, path: str, body: Any = None, **extra: Any):
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        response = getattr(self.client, method)(self.base + path, **kwargs, **extra)
        response.json_body = response.json() if response.content else None
        return response

    def get(self, path: str, **extra: Any):
        return self.call("get", path, **extra)

    def post(self, path: str, body: Any = None, **extra: Any):
        return self.call("post", path, body, **extra)

    def put(self, path: str, body: Any = None, **extra: Any):
        return self.call("put", path, body, **extra)

    def delete(self, path: str, **extra: Any):
        return self.call("delete", path, **extra)


@pytest.fixture
def pekerjaan(project):
    return make_rab(project, pekerjaan=6)


@pytest.fixture
def weekly(project, pekerjaan, owner):
    """The fixture project (12 weeks, Monday 2026-01-05 … Sunday 2026-03-29) in weekly mode."""
    jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
    project.refresh_from_db()
    return list(TahapPelaksanaan.objects.filter(project=project).order_by("urutan"))


@pytest.fixture
def indonesian_client(owner) -> Client:
    """The owner's browser asking for Indonesian (the suite itself runs in English)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(owner)
    return client


@pytest.fixture
def api(owner_client, project) -> JsonClient:
    return JsonClient(owner_client, project.pk)


@pytest.fixture
def outsider_api(outsider_client, project) -> JsonClient:
    return JsonClient(outsider_client, project.pk)


def cells_of(project) -> dict[tuple[int, int], str]:
    """The schedule as {(pekerjaan_id, tahapan_id): "33.33"} straight from the database."""
    return {
        (p, t): f"{v:.2f}"
        for p, t, v in PekerjaanTahapan.objects.filter(tahapan__project=project).values_list(
            "pekerjaan_id", "tahapan_id", "proporsi_volume"
        )
    }


def totals_of(project) -> dict[int, int]:
    """Each pekerjaan's total in hundredths."""
    totals: dict[int, int] = {}
    for (p, _), value in cells_of(project).items():
        totals[p] = totals.get(p, 0) + int(Decimal(value) * 100)
    return totals


@pytest.fixture
def other_schedule(outsider):
    """Someone else's project with a weekly schedule: (one of its pekerjaan, one of its
    tahapan)."""
    from dashboard.models import Project

    other = Project.objects.create(
        owner=outsider, nama="Lain", tanggal_mulai="2026-01-05", tanggal_selesai="2026-02-01"
    )
    rows = make_rab(other, pekerjaan=1)
    jadwal_switch.tahapan_regenerate(project=other, user=outsider, mode="weekly")
    return rows[0], TahapPelaksanaan.objects.filter(project=other).first()


@pytest.fixture
def other_baseline(other_schedule, outsider):
    from detail_project.services.baseline import baseline_create

    return baseline_create(
        project=other_schedule[0].project, user=outsider, nama="Kontrak", jenis="kontrak"
    )


@pytest.fixture
def catalogue(db):
    """Two AHSP analyses (beton 2.2.1.4.5, plester 2.3.1.1) in the catalogue."""
    from detail_project.tests.ahsp_fixtures import make_catalogue

    return make_catalogue()
