"""The data model is a contract (SPEC §3, the deployment guide's SQL): names, tables, indexes,
constraints and the named migrations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from dashboard.models import Project
from detail_project.models import (
    Klasifikasi,
    Pekerjaan,
    PekerjaanTahapan,
    SubKlasifikasi,
    TahapPelaksanaan,
)

pytestmark = pytest.mark.django_db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def pekerjaan(project):
    klasifikasi = Klasifikasi.objects.create(project=project, name="K1")
    sub = SubKlasifikasi.objects.create(project=project, klasifikasi=klasifikasi, name="K1.1")
    return Pekerjaan.objects.create(
        project=project,
        sub_klasifikasi=sub,
        uraian="Galian tanah",
        volume=Decimal("12.500"),
        harga_satuan=Decimal("85000.00"),
    )


def test_the_tables_have_the_names_the_guide_queries():
    assert Pekerjaan._meta.db_table == "detail_project_pekerjaan"
    assert TahapPelaksanaan._meta.db_table == "detail_project_tahappelaksanaan"
    assert PekerjaanTahapan._meta.db_table == "detail_project_pekerjaan_tahapan"
    tables = connection.introspection.table_names()
    assert {
        "detail_project_pekerjaan",
        "detail_project_tahappelaksanaan",
        "detail_project_pekerjaan_tahapan",
    } <= set(tables)


def test_the_columns_are_the_ones_the_guide_lists():
    with connection.cursor() as cursor:
        tahapan = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, "detail_project_tahappelaksanaan"
            )
        }
        cells = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, "detail_project_pekerjaan_tahapan"
            )
        }
    assert {
        "id", "project_id", "nama", "urutan", "deskripsi", "tanggal_mulai", "tanggal_selesai",
        "created_at", "updated_at", "is_auto_generated", "generation_mode",
    } <= tahapan  # fmt: skip
    assert {
        "id", "pekerjaan_id", "tahapan_id", "proporsi_volume", "created_at", "updated_at",
    } == cells  # fmt: skip


def test_the_tahapan_indexes_exist():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, "detail_project_tahappelaksanaan"
        )
    indexed = [tuple(c["columns"]) for c in constraints.values() if c["index"]]
    assert ("project_id", "is_auto_generated") in indexed
    assert ("project_id", "generation_mode") in indexed


def test_the_named_migrations_exist():
    names = {path.stem for path in MIGRATIONS.glob("0*.py")}
    assert any(name.endswith("_add_tahapan_models") for name in names)
    assert any(name.endswith("_add_tahapan_flags") for name in names)


def test_a_pekerjaan_cannot_be_in_the_same_tahapan_twice(pekerjaan, project):
    tahapan = TahapPelaksanaan.objects.create(project=project, nama="T1")
    PekerjaanTahapan.objects.create(pekerjaan=pekerjaan, tahapan=tahapan, proporsi_volume=10)
    assert refused(
        lambda: PekerjaanTahapan.objects.create(
            pekerjaan=pekerjaan, tahapan=tahapan, proporsi_volume=20
        )
    )


@pytest.mark.parametrize("value", ["0", "-1", "100.01"])
def test_a_proportion_must_be_above_0_and_at_most_100(pekerjaan, project, value):
    tahapan = TahapPelaksanaan.objects.create(project=project, nama="T1")
    assert refused(
        lambda: PekerjaanTahapan.objects.create(
            pekerjaan=pekerjaan, tahapan=tahapan, proporsi_volume=Decimal(value)
        )
    )


def test_tahapan_names_are_unique_within_a_project_only(project, outsider):
    TahapPelaksanaan.objects.create(project=project, nama="Minggu 1")
    other = Project.objects.create(
        owner=outsider, nama="Lain", tanggal_mulai="2026-01-01", tanggal_selesai="2026-02-01"
    )
    TahapPelaksanaan.objects.create(project=other, nama="Minggu 1")
    assert refused(lambda: TahapPelaksanaan.objects.create(project=project, nama="Minggu 1"))


def test_dates_may_not_run_backwards(project, owner):
    assert refused(
        lambda: TahapPelaksanaan.objects.create(
            project=project,
            nama="Mundur",
            tanggal_mulai=dt.date(2026, 2, 1),
            tanggal_selesai=dt.date(2026, 1, 1),
        )
    )
    assert refused(
        lambda: Project.objects.create(
            owner=owner, nama="X", tanggal_mulai="2026-02-01", tanggal_selesai="2026-01-01"
        )
    )


@pytest.mark.parametrize(
    ("field", "value"), [("volume", Decimal("-1")), ("harga_satuan", Decimal("-0.01"))]
)
def test_volume_and_price_are_never_negative(pekerjaan, field, value):
    def save():
        Pekerjaan.objects.filter(pk=pekerjaan.pk).update(**{field: value})

    assert refused(save)


@pytest.mark.parametrize(
    ("field", "value"),
    [("week_end_day", 7), ("ppn_percent", Decimal("101")), ("anggaran_owner", Decimal("-5"))],
)
def test_project_settings_stay_in_range(project, field, value):
    assert refused(lambda: Project.objects.filter(pk=project.pk).update(**{field: value}))


def test_deleting_a_tahapan_or_a_pekerjaan_removes_its_cells(pekerjaan, project):
    tahapan = TahapPelaksanaan.objects.create(project=project, nama="T1")
    PekerjaanTahapan.objects.create(pekerjaan=pekerjaan, tahapan=tahapan, proporsi_volume=10)
    tahapan.delete()
    assert not PekerjaanTahapan.objects.exists()

    tahapan = TahapPelaksanaan.objects.create(project=project, nama="T2")
    PekerjaanTahapan.objects.create(pekerjaan=pekerjaan, tahapan=tahapan, proporsi_volume=10)
    pekerjaan.delete()
    assert not PekerjaanTahapan.objects.exists()


def test_money_and_proportions_are_decimal(pekerjaan, project):
    tahapan = TahapPelaksanaan.objects.create(project=project, nama="T1")
    cell = PekerjaanTahapan.objects.create(
        pekerjaan=pekerjaan, tahapan=tahapan, proporsi_volume=Decimal("33.33")
    )
    cell.refresh_from_db()
    pekerjaan.refresh_from_db()
    project.refresh_from_db()
    assert cell.proporsi_volume == Decimal("33.33")
    assert pekerjaan.volume == Decimal("12.500")
    assert pekerjaan.harga_satuan == Decimal("85000.00")
    assert isinstance(project.anggaran_owner, Decimal)
    assert project.ppn_percent == Decimal("11")


def test_project_duration_includes_both_ends(project):
    assert project.durasi_hari == (project.tanggal_selesai - project.tanggal_mulai).days + 1
    assert str(project) == project.nama
