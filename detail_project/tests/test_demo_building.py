"""The second demo project: a two-storey building, its S-shaped plan, Kontrak and MC-0
baselines, and realisasi that runs late into exactly one kontrak kritis week."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command

from dashboard.models import Project
from detail_project import money, scheduling
from detail_project.demo import seed_demo
from detail_project.demo_building import NAMA
from detail_project.importing.ahsp_catalog import ahsp_analyses
from detail_project.models import (
    Baseline,
    HargaDasar,
    Klasifikasi,
    Pekerjaan,
    PekerjaanAhspBaris,
    PekerjaanTahapan,
    RealisasiHarian,
    SubKlasifikasi,
    TahapPelaksanaan,
)
from detail_project.selectors.kurva_s import kurva_s_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)  # a Monday
KLASIFIKASI = [
    "Pekerjaan Persiapan",
    "Pekerjaan Tanah",
    "Pekerjaan Pondasi",
    "Pekerjaan Struktur",
    "Pekerjaan Dinding",
    "Pekerjaan Atap",
    "Pekerjaan Finishing",
    "Pekerjaan MEP",
]


@pytest.fixture
def building() -> Project:
    return seed_demo(today=TODAY).building


def weekly_tahapan(project: Project) -> list[TahapPelaksanaan]:
    return list(
        TahapPelaksanaan.objects.filter(project=project, is_auto_generated=True).order_by(
            "tanggal_mulai"
        )
    )


def statuses(project: Project, today: dt.date) -> list[str | None]:
    return [p["status"] for p in kurva_s_data(project, today=today)["periods"]]


def rab_totals(project: Project) -> money.RabTotals:
    rows = Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan")
    return money.rab_totals(
        [money.jumlah_harga(v, h) for v, h in rows],
        ppn_percent=project.ppn_percent,
        pembulatan_step=project.pembulatan_step,
    )


def test_seed_demo_also_builds_a_two_storey_building_from_the_ahsp_library(building):
    assert building.nama == NAMA == "Pembangunan Gedung Kantor Desa 2 Lantai"
    assert building.lokasi and building.nama_client
    assert "APBDes" in building.sumber_dana
    assert building.ppn_percent == Decimal("11") and building.week_end_day == 6
    totals = rab_totals(building)
    assert totals.grand_total < building.anggaran_owner < totals.grand_total * Decimal("1.05")
    assert Decimal(800_000_000) < totals.total_biaya_langsung < Decimal(1_200_000_000)

    names = list(
        Klasifikasi.objects.filter(project=building)
        .order_by("ordering_index")
        .values_list("name", flat=True)
    )
    assert names == KLASIFIKASI
    for klasifikasi in Klasifikasi.objects.filter(project=building):
        assert SubKlasifikasi.objects.filter(klasifikasi=klasifikasi).exists()
    library = {a.kode: a for a in ahsp_analyses()}
    pekerjaan = list(Pekerjaan.objects.filter(project=building))
    assert 30 <= len(pekerjaan) <= 45
    for item in pekerjaan:
        analysis = library[item.kode_pekerjaan]
        assert (item.uraian, item.satuan) == (analysis.nama, analysis.satuan)
        assert item.volume > 0 and item.harga_satuan > 0
        assert item.ahsp.kode == item.kode_pekerjaan  # priced by its own analysis
    # Every price is the engine's, from the lines and the illustrative harga dasar.
    prices = dict(HargaDasar.objects.filter(project=building).values_list("kode_item", "harga"))
    assert all(prices.values())  # the price list covers every item
    for item in pekerjaan:
        lines = [
            scheduling.Line(line.kategori, line.kode_item, line.koefisien)
            for line in PekerjaanAhspBaris.objects.filter(pekerjaan=item)
        ]
        assert lines
        expected = scheduling.price(lines, prices, building.overhead_profit_percent)
        assert item.harga_satuan == expected.harga_satuan


def test_the_dates_put_today_in_week_23_of_26_for_any_today():
    for today in (TODAY, dt.date(2026, 7, 15), dt.date(2027, 1, 3), dt.date(2026, 2, 28)):
        project = seed_demo(today=today).building
        start, end = project.tanggal_mulai, project.tanggal_selesai
        assert start.weekday() == 0 and end.weekday() == 6
        assert (end - start).days + 1 == 26 * 7
        assert 21 <= (end - today).days <= 27
        week = weekly_tahapan(project)[22]
        assert week.tanggal_mulai <= today <= week.tanggal_selesai


def test_every_pekerjaan_is_planned_exactly_100_percent_on_26_weeks_in_an_s_curve(building):
    weeks = weekly_tahapan(building)
    assert len(weeks) == 26
    assert building.jadwal_mode == "weekly"
    for pekerjaan in Pekerjaan.objects.filter(project=building):
        cells = PekerjaanTahapan.objects.filter(pekerjaan=pekerjaan)
        assert sum(c.proporsi_volume for c in cells) == Decimal("100.00"), pekerjaan
    periods = kurva_s_data(building, today=TODAY)["periods"]
    kumulatif = [p["rencana_kumulatif"] for p in periods]
    assert kumulatif[-1] == 100.00
    assert kumulatif == sorted(kumulatif)
    weekly = [p["rencana"] for p in periods]
    # S-shaped: slow start and end, fastest in the middle.
    busiest = weekly.index(max(weekly))
    assert 6 <= busiest <= 18
    assert max(weekly[:3]) < max(weekly) / 3 and max(weekly[-2:]) < max(weekly) / 3
    assert kumulatif[8] < 50 < kumulatif[16]


def test_kontrak_and_mc0_baselines_differ_and_the_plan_is_the_mc0_one(building):
    baselines = list(Baseline.objects.filter(project=building).order_by("created_at", "id"))
    assert [(b.nama, b.jenis) for b in baselines] == [("Kontrak", "kontrak"), ("MC-0", "mc0")]
    kontrak, mc0 = baselines
    assert kontrak.total_biaya < mc0.total_biaya  # the field measurement added volume
    data = kurva_s_data(building, baselines=[kontrak.pk, mc0.pk], today=TODAY)
    curves = {item["nama"]: item["kumulatif"] for item in data["baselines"]}
    rencana = [p["rencana_kumulatif"] for p in data["periods"]]
    assert curves["Kontrak"] != curves["MC-0"]
    assert curves["MC-0"] == rencana
    assert curves["Kontrak"][-1] == curves["MC-0"][-1] == 100.00
    # Re-planned later: the kontrak curve runs ahead of MC-0 in the second half.
    assert all(k >= m for k, m in zip(curves["Kontrak"][12:], rencana[12:], strict=True))


@pytest.mark.parametrize(
    "today",
    [TODAY, dt.date(2026, 7, 15), dt.date(2027, 1, 6), dt.date(2026, 3, 29)],
    ids=str,
)
def test_realisasi_runs_late_into_exactly_one_kritis_week(today):
    project = seed_demo(today=today).building
    found = statuses(project, today)
    assert found.count("kritis") == 1
    assert found.count("terlambat") >= 2
    assert found[:5] == ["normal"] * 5
    assert set(found[:23]) <= {"normal", "terlambat", "kritis"}
    assert found[23:] == [None, None, None]  # weeks that have not started
    kritis = found.index("kritis")
    assert found[kritis + 1 : 23] == ["terlambat"] * (22 - kritis)
    for row in RealisasiHarian.objects.filter(project=project):
        assert 0 < row.total <= 10_000
        assert row.mulai + dt.timedelta(days=len(row.hari) // 2 - 1) <= today


def test_the_status_pattern_is_the_same_whatever_today_is():
    first = kurva_s_data(seed_demo(today=TODAY).building, today=TODAY)["periods"]
    july = dt.date(2026, 7, 15)
    second = kurva_s_data(seed_demo(today=july).building, today=july)["periods"]
    fields = ("rencana_kumulatif", "realisasi_kumulatif", "deviasi_kumulatif", "status")
    assert [[p[f] for f in fields] for p in first] == [[p[f] for f in fields] for p in second]


def test_the_kritis_week_checks_out_by_hand_from_the_database_rows(building):
    periods = kurva_s_data(building, today=TODAY)["periods"]
    index = [p["status"] for p in periods].index("kritis")
    week = weekly_tahapan(building)[index]
    first_weeks = [t.pk for t in weekly_tahapan(building)[: index + 1]]

    bobot = {
        p.pk: Fraction(p.volume) * Fraction(p.harga_satuan)
        for p in Pekerjaan.objects.filter(project=building)
    }
    planned = dict.fromkeys(bobot, Fraction(0))  # percent of each pekerjaan's volume
    for cell in PekerjaanTahapan.objects.filter(tahapan_id__in=first_weeks):
        planned[cell.pekerjaan_id] += Fraction(cell.proporsi_volume)
    done = dict.fromkeys(bobot, Fraction(0))
    for row in RealisasiHarian.objects.filter(project=building):
        data = bytes(row.hari)
        for day in range(len(data) // 2):
            if row.mulai + dt.timedelta(days=day) <= week.tanggal_selesai:
                hundredths = int.from_bytes(data[2 * day : 2 * day + 2], "little")
                done[row.pekerjaan_id] += Fraction(hundredths, 100)
    total = sum(bobot.values())
    rencana = sum(bobot[pk] * planned[pk] for pk in bobot) / total
    realisasi = sum(bobot[pk] * done[pk] for pk in bobot) / total
    deviasi = realisasi - rencana

    period = periods[index]
    assert abs(float(rencana) - period["rencana_kumulatif"]) <= 0.01
    assert abs(float(realisasi) - period["realisasi_kumulatif"]) <= 0.01
    assert abs(float(deviasi) - period["deviasi_kumulatif"]) <= 0.01
    # Permen PU 07/PRT/M/2011: below 70 % planned, kritis beyond -10; from 70 %, beyond -5.
    assert (rencana < 70 and deviasi < -10) or (rencana >= 70 and deviasi < -5)
    assert rencana >= 70 and -6 < deviasi < -5
    previous = periods[index - 1]
    assert previous["rencana_kumulatif"] < 70 or previous["deviasi_kumulatif"] >= -5


def test_seed_demo_twice_leaves_one_building_project_with_the_same_data(building):
    owner = building.owner
    before = kurva_s_data(building, today=TODAY)
    counts = (
        Pekerjaan.objects.filter(project=building).count(),
        PekerjaanTahapan.objects.filter(pekerjaan__project=building).count(),
        RealisasiHarian.objects.filter(project=building).count(),
        Baseline.objects.filter(project=building).count(),
    )
    Project.objects.create(
        owner=owner, nama=NAMA, tanggal_mulai=TODAY, tanggal_selesai=TODAY
    )  # a stray copy, as an interrupted older run might leave
    Baseline.objects.filter(project=building, nama="MC-0").update(nama="MC-0 lama")

    again = seed_demo(today=TODAY).building

    assert again.pk == building.pk
    assert Project.objects.filter(owner=owner, nama=NAMA).count() == 1
    assert (
        Pekerjaan.objects.filter(project=again).count(),
        PekerjaanTahapan.objects.filter(pekerjaan__project=again).count(),
        RealisasiHarian.objects.filter(project=again).count(),
        Baseline.objects.filter(project=again).count(),
    ) == counts
    after = kurva_s_data(again, today=TODAY)
    fields = ("label", "rencana_kumulatif", "realisasi_kumulatif", "deviasi_kumulatif", "status")
    assert [[p[f] for f in fields] for p in after["periods"]] == [
        [p[f] for f in fields] for p in before["periods"]
    ]
    assert after["total_biaya"] == before["total_biaya"]


def test_the_seed_command_names_the_building_project():
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert NAMA in text and "Kontrak, MC-0" in text
    assert "demo / demo12345" in text
