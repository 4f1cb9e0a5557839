"""The demo seed, the import command and the large-project generator, through call_command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from dashboard.models import Project
from detail_project import money
from detail_project.demo import (
    DEMO_PASSWORD,
    SAMPLE_RAB,
    generate_large_project,
    seed_demo,
)
from detail_project.demo_building import NAMA as BUILDING_NAMA
from detail_project.importing.ahsp_catalog import ahsp_analyses
from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot(project: Project) -> list[tuple]:
    return list(
        Pekerjaan.objects.filter(project=project)
        .order_by(
            "sub_klasifikasi__klasifikasi__ordering_index",
            "sub_klasifikasi__ordering_index",
            "ordering_index",
        )
        .values_list(
            "sub_klasifikasi__klasifikasi__name",
            "sub_klasifikasi__name",
            "kode_pekerjaan",
            "uraian",
            "satuan",
            "volume",
            "harga_satuan",
        )
    )


def totals(project: Project) -> money.RabTotals:
    rows = Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan")
    return money.rab_totals(
        [money.jumlah_harga(v, h) for v, h in rows],
        ppn_percent=project.ppn_percent,
        pembulatan_step=project.pembulatan_step,
    )


# --- seed_demo -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_twice_leaves_one_user_and_the_same_two_projects():
    first_output = run("seed_demo")
    user = get_user_model().objects.get(username="demo")
    project = Project.objects.get(owner=user, nama="Project  test 4")
    first = snapshot(project)
    run("seed_demo")
    assert get_user_model().objects.filter(username="demo").count() == 1
    assert sorted(Project.objects.filter(owner=user).values_list("nama", flat=True)) == [
        BUILDING_NAMA,
        "Project  test 4",
    ]
    project = Project.objects.get(owner=user, nama="Project  test 4")
    assert snapshot(project) == first
    assert len(first) == 29
    assert Klasifikasi.objects.filter(project=project).count() == 3
    assert SubKlasifikasi.objects.filter(project=project).count() == 5
    assert "demo / demo12345" in first_output


@pytest.mark.django_db
def test_seed_demo_builds_the_sample_project_with_its_totals():
    result = seed_demo()
    project = result.project
    assert result.password == DEMO_PASSWORD
    assert authenticate(username="demo", password=DEMO_PASSWORD) == result.user
    assert project.nama == "Project  test 4"
    assert project.nama_client == "Client 8 (instansi client 8)"
    assert project.sumber_dana == "Pemilik 8"
    assert project.anggaran_owner == Decimal("1000000008.00")
    assert (project.tanggal_mulai, project.tanggal_selesai) == (
        dt.date(2026, 1, 5),
        dt.date(2026, 11, 29),
    )
    assert project.week_end_day == 6 and project.ppn_percent == Decimal("10")
    result_totals = totals(project)
    assert result_totals.total_biaya_langsung == Decimal("8012739981")
    assert result_totals.ppn == Decimal("801273998")
    assert result_totals.grand_total == Decimal("8814013979")
    assert result_totals.pembulatan == Decimal("8814010000")
    # The export has no satuan; the demo reads it from the AHSP uraian.
    satuan = dict(Pekerjaan.objects.filter(project=project).values_list("kode_pekerjaan", "satuan"))
    assert satuan["3.6.1.1"] == "m2" and satuan["2.2.1.1.3"] == "kg"


@pytest.mark.django_db
def test_seed_demo_resets_a_changed_password_and_project():
    result = seed_demo()
    result.user.set_password("something else")
    result.user.save()
    Pekerjaan.objects.filter(project=result.project).first().delete()
    Project.objects.filter(pk=result.project.pk).update(ppn_percent=Decimal("11"))
    again = seed_demo()
    assert again.project.pk == result.project.pk
    assert authenticate(username="demo", password=DEMO_PASSWORD) is not None
    assert Pekerjaan.objects.filter(project=again.project).count() == 29
    assert again.project.ppn_percent == Decimal("10")


@pytest.mark.django_db
def test_seed_demo_if_missing_keeps_the_demo_as_the_developer_changed_it():
    result = seed_demo()
    Pekerjaan.objects.filter(project=result.project).first().delete()
    Project.objects.filter(pk=result.project.pk).update(ppn_percent=Decimal("11"))

    output = run("seed_demo", "--if-missing")

    assert "Demo kept as it is" in output
    project = Project.objects.get(pk=result.project.pk)
    assert Pekerjaan.objects.filter(project=project).count() == 28
    assert project.ppn_percent == Decimal("11")


@pytest.mark.django_db
def test_seed_demo_if_missing_creates_the_demo_the_first_time():
    output = run("seed_demo", "--if-missing")

    assert "demo / demo12345" in output
    mine = Pekerjaan.objects.filter(project__owner__username="demo")
    assert mine.filter(project__nama="Project  test 4").count() == 29
    assert mine.filter(project__nama=BUILDING_NAMA).exists()


# --- import_rab ----------------------------------------------------------------------------


def test_import_rab_into_a_project(project):
    output = run("import_rab", str(SAMPLE_RAB), "--project", str(project.pk))
    assert "matches the file's Rp 8,012,739,981" in output
    assert Pekerjaan.objects.filter(project=project).count() == 29
    run("import_rab", str(SAMPLE_RAB), "--project", str(project.pk))
    assert Pekerjaan.objects.filter(project=project).count() == 58  # appended
    run("import_rab", str(SAMPLE_RAB), "--project", str(project.pk), "--replace", "--use-file-ppn")
    project.refresh_from_db()
    assert Pekerjaan.objects.filter(project=project).count() == 29
    assert totals(project).pembulatan == Decimal("8814010000")


def test_import_rab_for_an_owner_creates_a_project_from_the_file(owner):
    output = run("import_rab", str(SAMPLE_RAB), "--owner", owner.username)
    project = Project.objects.get(owner=owner)
    assert f"project {project.pk}" in output
    assert project.nama == "Project  test 4"
    assert project.nama_client == "Client 8 (instansi client 8)"
    assert project.sumber_dana == "Pemilik 8"
    assert project.anggaran_owner == Decimal("1000000008.00")
    assert project.ppn_percent == Decimal("10.00")
    today = timezone.localdate()
    assert (project.tanggal_mulai, project.tanggal_selesai) == (
        today,
        today + dt.timedelta(days=180),
    )
    assert totals(project).grand_total == Decimal("8814013979")


def test_import_rab_for_an_owner_takes_dates_and_a_name(owner):
    run(
        "import_rab",
        str(SAMPLE_RAB),
        "--owner",
        owner.username,
        "--start",
        "2026-02-02",
        "--end",
        "2026-12-27",
        "--name",
        "Gedung Kantor",
    )
    project = Project.objects.get(owner=owner)
    assert project.nama == "Gedung Kantor"
    assert (project.tanggal_mulai, project.tanggal_selesai) == (
        dt.date(2026, 2, 2),
        dt.date(2026, 12, 27),
    )


def test_import_rab_dry_run_writes_nothing(project, owner):
    output = run("import_rab", str(SAMPLE_RAB), "--project", str(project.pk), "--dry-run")
    assert "Dry run: would append to project" in output
    assert "29 pekerjaan" in output
    output = run("import_rab", str(SAMPLE_RAB), "--owner", owner.username, "--dry-run")
    assert "Dry run: would create project “Project  test 4”" in output
    assert Pekerjaan.objects.count() == 0
    assert Project.objects.filter(owner=owner).count() == 1  # the fixture's only


def test_import_rab_refuses_a_bad_file_with_the_row_report(project, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "klasifikasi;uraian;volume;harga_satuan\nA;Galian;dua;100\nA;Urukan;2;-1\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        run("import_rab", str(bad), "--project", str(project.pk))
    message = str(caught.value)
    assert "row 2, volume: is not a number" in message and "[dua]" in message
    assert "row 3, harga_satuan: cannot be negative" in message
    assert Pekerjaan.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "999999"], "Project 999999 does not exist"),
        (["--owner", "nobody"], "No user named “nobody”"),
    ],
)
def test_import_rab_names_a_missing_target(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("import_rab", str(SAMPLE_RAB), *args)


def test_import_rab_names_a_missing_file(project, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_rab", str(tmp_path / "nope.csv"), "--project", str(project.pk))


# --- generate_large_project ----------------------------------------------------------------


def test_generate_large_project_makes_ahsp_pekerjaan(owner):
    output = run("generate_large_project", "--pekerjaan", "50", "--owner", owner.username)
    project = Project.objects.get(pk=int(output.strip()))
    assert project.owner == owner
    pekerjaan = list(Pekerjaan.objects.filter(project=project))
    assert len(pekerjaan) == 50
    library = {a.kode: a for a in ahsp_analyses()}
    for item in pekerjaan:
        analysis = library[item.kode_pekerjaan]
        assert item.uraian == analysis.nama
        assert item.satuan == analysis.satuan
        assert item.volume > 0
        assert Decimal("10000") <= item.harga_satuan <= Decimal("5000000")
    assert Klasifikasi.objects.filter(project=project).count() == 10
    assert SubKlasifikasi.objects.filter(project=project).count() == 50
    assert project.durasi_hari == 730


def test_generate_large_project_is_deterministic_per_seed(owner):
    first = generate_large_project(owner=owner, pekerjaan=30, klasifikasi=3, seed=7, days=100)
    second = generate_large_project(owner=owner, pekerjaan=30, klasifikasi=3, seed=7, days=100)
    other = generate_large_project(owner=owner, pekerjaan=30, klasifikasi=3, seed=8, days=100)
    assert snapshot(first) == snapshot(second)
    assert snapshot(first) != snapshot(other)
    assert [k.name for k in Klasifikasi.objects.filter(project=first)] == [
        "Pekerjaan Persiapan",
        "Pekerjaan Tanah",
        "Pekerjaan Pondasi",
    ]


def test_generate_large_project_refuses_an_unknown_owner(db):
    with pytest.raises(CommandError, match="No user named"):
        run("generate_large_project", "--pekerjaan", "5", "--owner", "nobody")


def test_generate_large_project_refuses_a_project_longer_than_ten_years(owner):
    with pytest.raises(CommandError, match="at most 10 years"):
        run(
            "generate_large_project",
            "--pekerjaan",
            "5",
            "--owner",
            owner.username,
            "--days",
            "4000",
        )
    assert not Project.objects.filter(owner=owner).exists()
