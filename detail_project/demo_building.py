"""The second demo project: a two-storey village office, half built, behind schedule.

Why it exists: the sample project (`demo.py`) shows a real RAB and a real plan, but nothing has
been built on it, so its Kurva S has no realisasi, no deviasi, no kontrak kritis status, no
baselines and no SPI (SPEC §10). A planner trying the app needs a project in the middle of
construction to see those. This one is built the way a planner would build it, through the same
services as the pages:

1. the RAB (`seed_rab`): about forty pekerjaan of a ~200 m² two-storey building, each a real
   analysis of the bundled AHSP 2025 library picked by its kode (uraian and satuan come from the
   library). Volumes are plausible take-offs; the unit prices are *illustrative* 2025 prices
   typed by hand (a later step will derive them from the AHSP analyses);
2. the plan (`kontrak_rows`, `seed_plan`): 26 weeks, each pekerjaan spread over a run of weeks in
   construction order (persiapan, tanah, pondasi, struktur, dinding, atap, finishing, with MEP
   overlapping the end), every pekerjaan exactly 100 %, so the Kurva S is S-shaped;
3. the baselines (`seed_baselines`): "Kontrak" of that plan; then the field measurement (MC-0)
   changes a few volumes and moves a few pekerjaan one or two weeks later, saved as "MC-0", which
   is the current plan;
4. the realisasi (`realisasi_rows`, `seed_realisasi`): one weekly report for every week that has
   started, on plan at first, then slipping, crossing the kontrak kritis line for exactly one week
   just after the plan passes 70 %, then catching up to about -3 points.

All dates are relative to `today`: the project starts on a Monday 22 weeks before the Monday of
today's week, so today always falls in week 23 of 26 (three to four weeks before the last day)
and the status pattern is the same whatever the date. Nothing is random: the same `today` gives
the same project, and any `today` gives the same weekly figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ahsp.models import AhspAnalisis
from ahsp.services import catalogue_import
from ahsp.source import parse_ahsp_workbook
from dashboard.models import JadwalMode, Project
from detail_project import clock, money, scheduling
from detail_project.importing import ParsedRab
from detail_project.importing.ahsp_catalog import ahsp_analyses
from detail_project.importing.rab_parse import (
    ParsedKlasifikasi,
    ParsedPekerjaan,
    ParsedSubKlasifikasi,
)
from detail_project.models import Baseline, HargaDasar, Pekerjaan, TahapPelaksanaan
from detail_project.selectors.plans import generated_tahapan
from detail_project.services import ahsp_pricing
from detail_project.services.baseline import baseline_create
from detail_project.services.jadwal_save import CellChange, jadwal_save
from detail_project.services.jadwal_switch import tahapan_regenerate
from detail_project.services.rab import pekerjaan_update
from detail_project.services.rab_import import rab_import_apply
from detail_project.services.realisasi import realisasi_save

NAMA = "Pembangunan Gedung Kantor Desa 2 Lantai"
LOKASI = "Desa Sukamaju, Kecamatan Cibeber, Kabupaten Cianjur, Jawa Barat"
SUMBER_DANA = "APBDes Tahun Anggaran %(tahun)s"  # the year the work starts
NAMA_CLIENT = "Pemerintah Desa Sukamaju"
PPN = Decimal("11")
WEEK_END_DAY = 6  # Sunday
WEEKS = 26
TODAY_WEEK = 22  # 0-based: today falls in week 23 of 26
KONTRAK = ("Kontrak", Baseline.Jenis.KONTRAK)
MC0 = ("MC-0", Baseline.Jenis.MC0)
BUDGET_STEP = Decimal(25_000_000)  # the owner's budget: the RAB rounded up to this


@dataclass(frozen=True, slots=True)
class Item:
    """One pekerjaan: its AHSP kode, the kontrak volume and an illustrative harga satuan, the
    weeks of the kontrak plan (0-based first week, number of weeks) and what MC-0 changed."""

    kode: str
    volume: str
    harga: int
    start: int
    weeks: int
    mc0_volume: str | None = None
    mc0_shift: int = 0


# (klasifikasi, ((sub-klasifikasi, items), …)), in the order of the RAB. A ground floor of about
# 10 m × 10 m and an upper floor of the same size: ~200 m² of office. Every pekerjaan is priced
# by its AHSP analysis with the illustrative harga dasar of `data/harga_dasar_contoh.csv`;
# `harga` is the typed price it starts from while the import links it.
RAB: tuple[tuple[str, tuple[tuple[str, tuple[Item, ...]], ...]], ...] = (
    (
        "Pekerjaan Persiapan",
        (
            ("Pembersihan Lahan", (Item("1.1.3.1", "240.00", 11_500, 0, 1),)),
            (
                "Fasilitas Sementara",
                (
                    Item("1.1.2.1", "1", 950_000, 0, 1),  # papan nama
                    Item("1.1.2.4", "6.00", 1_450_000, 0, 2),  # direksi keet
                ),
            ),
        ),
    ),
    (
        "Pekerjaan Tanah",
        (
            ("Galian", (Item("1.2.1.1.1", "78.40", 98_500, 1, 3, mc0_volume="82.35"),)),
            (
                "Urugan",
                (
                    Item("1.3.1.2", "16.50", 312_000, 2, 2),  # pasir uruk
                    Item("1.3.1.1", "26.10", 41_000, 5, 2),  # urugan kembali
                ),
            ),
        ),
    ),
    (
        "Pekerjaan Pondasi",
        (
            (
                "Pondasi Batu Kali",
                (
                    Item("2.2.2.1.1", "12.80", 585_000, 2, 2),  # aanstamping
                    Item("2.2.2.1.6", "38.40", 1_185_000, 3, 3, mc0_volume="40.10"),
                ),
            ),
            (
                "Pondasi Telapak dan Sloof",
                (
                    Item("2.2.1.1.4", "1480.00", 17_800, 3, 3),  # pembesian
                    Item("2.2.1.3.3", "72.00", 168_000, 4, 3),  # bekisting sloof
                    Item("2.2.1.5.4", "14.60", 1_395_000, 4, 3),  # beton fc' 20 MPa
                ),
            ),
        ),
    ),
    (
        "Pekerjaan Struktur",
        (
            (
                "Struktur Lantai 1",
                (
                    Item("2.2.1.1.4", "4150.00", 17_800, 6, 4),  # tulangan utama
                    Item("2.2.1.1.3", "1620.00", 18_900, 6, 4),  # sengkang
                    Item("2.2.1.3.4", "62.40", 192_000, 6, 3),  # bekisting kolom
                    Item("2.2.1.3.5", "98.00", 215_000, 8, 3),  # bekisting balok
                    Item("2.2.1.3.6", "104.00", 228_000, 8, 3),  # bekisting plat
                    Item("2.2.1.5.5", "31.20", 1_465_000, 7, 4),  # beton fc' 21 MPa
                ),
            ),
            (
                "Struktur Lantai 2 dan Ring Balk",
                (
                    Item("2.2.1.1.4", "1560.00", 17_800, 10, 3),
                    Item("2.2.1.3.5", "64.00", 215_000, 10, 3),
                    Item("2.2.1.5.5", "10.40", 1_465_000, 11, 3),
                ),
            ),
        ),
    ),
    (
        "Pekerjaan Dinding",
        (
            (
                "Pasangan Dinding",
                (
                    Item("3.6.1.8", "436.00", 168_500, 9, 7, mc0_volume="448.50"),  # bata ½ batu
                    Item("2.2.1.10.1", "104.00", 118_000, 9, 7),  # kolom praktis
                ),
            ),
            (
                "Plesteran dan Acian",
                (
                    Item("3.7.4", "812.00", 71_500, 12, 7, mc0_volume="836.00"),
                    Item("3.7.8", "812.00", 41_500, 14, 6, mc0_volume="836.00"),
                ),
            ),
        ),
    ),
    (
        "Pekerjaan Atap",
        (
            (
                "Rangka Atap",
                (Item("2.1.1.2", "168.00", 295_000, 13, 3, mc0_shift=1),),  # baja ringan
            ),
            (
                "Penutup Atap",
                (
                    Item("3.1.1.4", "168.00", 148_000, 15, 3, mc0_shift=1),  # genteng beton
                    Item("3.2.1", "168.00", 58_000, 15, 2, mc0_shift=1),  # insulasi
                ),
            ),
        ),
    ),
    (
        "Pekerjaan Finishing",
        (
            (
                "Lantai",
                (
                    Item("3.9.8.3", "184.00", 178_000, 17, 5, mc0_volume="188.60", mc0_shift=1),
                    Item("3.10.1.4", "38.50", 205_000, 18, 3),  # dinding keramik toilet
                ),
            ),
            ("Plafon", (Item("3.5.2.1", "192.00", 142_000, 16, 5, mc0_shift=2),)),
            (
                "Pengecatan",
                (
                    Item("3.8.10.1", "640.00", 36_500, 21, 5),  # interior
                    Item("3.8.10.2", "236.00", 47_500, 21, 4),  # eksterior
                    Item("3.8.20.1", "192.00", 35_000, 21, 3, mc0_shift=1),  # plafon
                ),
            ),
            (
                "Kusen, Pintu dan Jendela",
                (
                    Item("3.11.3.4", "1.320", 17_850_000, 14, 4),  # kusen kayu
                    Item("3.11.1.6", "26.40", 965_000, 19, 4),  # jendela kaca aluminium
                    Item("3.11.1.11", "17.60", 1_385_000, 21, 3),  # daun pintu panel
                ),
            ),
        ),
    ),
    (
        "Pekerjaan MEP",
        (
            (
                "Instalasi Listrik",
                (
                    Item("5.3.1.1", "44", 395_000, 12, 11),  # titik lampu
                    Item("5.1.5.13", "26", 435_000, 13, 10),  # titik stop kontak
                    Item("5.1.2.24", "2", 1_750_000, 24, 2),  # MCB box
                ),
            ),
            (
                "Instalasi Air Bersih",
                (
                    Item("6.4.1.2", "68.00", 43_500, 11, 10),  # pipa PVC AW 3/4"
                    Item("6.1.1.8", "1", 3_950_000, 23, 2),  # tangki toren 1,5 m3
                ),
            ),
            (
                "Instalasi Air Kotor",
                (
                    Item("6.4.1.22", "42.00", 118_000, 15, 3),  # pipa PVC D 4"
                    Item("6.2.4.1", "1", 3_650_000, 20, 3),  # sumur resapan
                    Item("6.3.2", "4", 765_000, 22, 3),  # bak kontrol
                ),
            ),
        ),
    ),
)

# The kumulatif deviasi the weekly reports aim at, in hundredths of a point: on plan at first,
# slipping (SLIP ends the week before the plan first reaches 70 %), one week beyond the -5 line
# of kontrak kritis, then catching up (the last value holds to today). Every other week stays
# well inside its status band, so rounding to the displayed hundredths cannot change a status.
ON_PLAN_WEEKS = 5
SLIP = (-40, -85, -120, -190, -230, -215, -270, -335, -360, -410, -445)
KRITIS_DEVIASI = -550
CATCH_UP = (-430, -365, -310, -335, -290, -305)


def items() -> list[Item]:
    """Every pekerjaan of the RAB, in tree order."""
    return [item for _, subs in RAB for _, rows in subs for item in rows]


def building_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day: 26 weeks, Monday to Sunday, today in the 23rd week."""
    monday = today - dt.timedelta(days=today.weekday())
    start = monday - dt.timedelta(weeks=TODAY_WEEK)
    return start, start + dt.timedelta(weeks=WEEKS, days=-1)


# --- the RAB -------------------------------------------------------------------------------


def parsed_rab() -> ParsedRab:
    """The RAB with the kontrak volumes, uraian and satuan from the AHSP library."""
    library = {analysis.kode: analysis for analysis in ahsp_analyses()}
    parsed = ParsedRab()
    row = 0
    for klasifikasi_name, subs in RAB:
        klasifikasi = ParsedKlasifikasi(name=klasifikasi_name, row=None)
        for sub_name, rows in subs:
            sub = ParsedSubKlasifikasi(name=sub_name, row=None)
            for item in rows:
                analysis = library.get(item.kode)
                if analysis is None:  # pragma: no cover - the bundled library is known
                    raise LookupError(f"AHSP analysis {item.kode} is not in the library")
                row += 1
                sub.pekerjaan.append(
                    ParsedPekerjaan(
                        row=row,
                        kode=analysis.kode,
                        uraian=analysis.nama,
                        satuan=analysis.satuan,
                        volume=Decimal(item.volume),
                        harga_satuan=Decimal(item.harga),
                    )
                )
            klasifikasi.subs.append(sub)
        parsed.klasifikasi.append(klasifikasi)
    return parsed


def _budget(total_biaya_langsung: Decimal) -> Decimal:
    """The owner's budget: the RAB with PPN, rounded up to the next 25 million."""
    grand = total_biaya_langsung * (1 + PPN / 100)
    steps = (grand / BUDGET_STEP).to_integral_value(rounding=ROUND_CEILING)
    return (steps * BUDGET_STEP).quantize(money.CENT)


def document_fields(start: dt.date) -> dict[str, object]:
    """What the documents print in their header and signature blocks (a plausible village
    tender: the contract signed a week before the work starts)."""
    signed = start - dt.timedelta(days=7)
    return {
        "tahun_anggaran": start.year,
        "nomor_kontrak": f"027/{signed.month:02d}/SPK/DS-SKM/{signed.year}",
        "tanggal_kontrak": signed,
        "pemilik_ppk": "Kepala Desa Sukamaju",
        "kontraktor": "CV Karya Mandiri Sejahtera",
        "konsultan_pengawas": "CV Cipta Rekayasa Konsultan",
        "tanda_tangan": [
            {
                "peran": "Dibuat oleh, Kontraktor Pelaksana",
                "nama": "Ir. Bambang Sutrisno",
                "jabatan": "Direktur",
            },
            {
                "peran": "Diperiksa oleh, Konsultan Pengawas",
                "nama": "Dewi Lestari, S.T.",
                "jabatan": "Team Leader",
            },
            {
                "peran": "Disetujui oleh, Pejabat Pembuat Komitmen",
                "nama": "H. Asep Suryana",
                "jabatan": "NIP 19710312 199803 1 004",
            },
        ],
    }


def _project(user: AbstractBaseUser, today: dt.date) -> Project:
    """The one building project of `user`, found by its name; older duplicates are removed,
    and so is what a developer added to it (baselines, custom tahapan)."""
    start, end = building_dates(today)
    values = {
        "lokasi": LOKASI,
        "sumber_dana": SUMBER_DANA % {"tahun": start.year},
        "nama_client": NAMA_CLIENT,
        "tanggal_mulai": start,
        "tanggal_selesai": end,
        "week_end_day": WEEK_END_DAY,
        "ppn_percent": PPN,
        "pembulatan_step": 10_000,
        **document_fields(start),
    }
    existing = list(Project.objects.filter(owner=user, nama=NAMA).order_by("id"))
    if not existing:
        return Project.objects.create(owner=user, nama=NAMA, **values)
    project = existing[0]
    for extra in existing[1:]:
        extra.delete()
    for name, value in values.items():
        setattr(project, name, value)
    project.save()
    Baseline.objects.filter(project=project).delete()
    TahapPelaksanaan.objects.filter(project=project, is_auto_generated=False).delete()
    return project


def seed_rab(project: Project, user: AbstractBaseUser) -> list[Pekerjaan]:
    """Replace the project's RAB with the kontrak one, every pekerjaan priced by its AHSP
    analysis and the illustrative harga dasar; its pekerjaan in tree order."""
    ensure_catalogue()
    rab_import_apply(project=project, parsed=parsed_rab(), replace=True, link_ahsp=True, user=user)
    project.refresh_from_db()
    prices = {
        kode: price
        for kode, price in demo_prices().items()
        if kode
        in set(HargaDasar.objects.filter(project=project).values_list("kode_item", flat=True))
    }
    ahsp_pricing.harga_dasar_update(project=project, user=user, prices=prices)
    pekerjaan = pekerjaan_in_order(project)
    kontrak = [money.jumlah_harga(p.volume, p.harga_satuan) for p in pekerjaan]
    mc0 = [
        money.jumlah_harga(volume, p.harga_satuan)
        for p, volume in zip(pekerjaan, mc0_volumes(), strict=True)
    ]
    # Above the RAB both before and after MC-0 (which adds volume).
    total = money.round_rupiah(max(sum(kontrak, Decimal(0)), sum(mc0, Decimal(0))))
    project.anggaran_owner = _budget(total)
    project.save(update_fields=["anggaran_owner", "updated_at"])
    return pekerjaan


PRICE_LIST = Path(__file__).resolve().parent / "data" / "harga_dasar_contoh.csv"


def demo_prices() -> dict[str, Decimal]:
    """The illustrative harga dasar shipped for the demo (see the file's header)."""
    prices = {}
    for line in PRICE_LIST.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kode, harga, _ = line.split(";", 2)
        prices[kode.strip()] = Decimal(harga)
    return prices


def ensure_catalogue() -> None:
    """The demo is priced through the AHSP catalogue: load the shipped library if the
    database has none yet."""
    if not AhspAnalisis.objects.exists():
        catalogue_import(parse_ahsp_workbook())


def pekerjaan_in_order(project: Project) -> list[Pekerjaan]:
    return list(
        Pekerjaan.objects.filter(project=project).order_by(
            "sub_klasifikasi__klasifikasi__ordering_index",
            "sub_klasifikasi__ordering_index",
            "ordering_index",
        )
    )


# --- the plan ------------------------------------------------------------------------------


def spread(start: int, weeks: int) -> list[int]:
    """100 % over `weeks` weeks from `start`: ramping up, steady, ramping down (weights 1, 2,
    3, …, 3, 2, 1), in hundredths that add up to exactly 10000."""
    if start < 0 or weeks < 1 or start + weeks > WEEKS:
        raise ValueError(f"weeks {start}..{start + weeks - 1} are outside the project")
    weights = [min(i + 1, weeks - i, 3) for i in range(weeks)]
    row = [0] * WEEKS
    row[start : start + weeks] = scheduling.apportion(scheduling.FULL, weights)
    return row


def kontrak_rows() -> list[list[int]]:
    """The first plan, per pekerjaan in tree order: hundredths per week."""
    return [spread(item.start, item.weeks) for item in items()]


def mc0_rows() -> list[list[int]]:
    """The plan after MC-0: a few pekerjaan one or two weeks later."""
    return [spread(item.start + item.mc0_shift, item.weeks) for item in items()]


def mc0_volumes() -> list[Decimal]:
    return [Decimal(item.mc0_volume or item.volume) for item in items()]


def _tahapan_ids(project: Project) -> list[int]:
    ids = [row.pk for row in generated_tahapan(project)]
    if len(ids) != WEEKS:  # pragma: no cover - the dates make 26 weeks
        raise ValueError(f"the building project has {len(ids)} weeks, not {WEEKS}")
    return ids


def _changes(
    pekerjaan: Sequence[Pekerjaan],
    tahapan: Sequence[int],
    rows: Sequence[Sequence[int]],
    before: Sequence[Sequence[int]] | None = None,
) -> list[CellChange]:
    """The cells of `rows` that differ from `before` (all non-zero ones without it)."""
    changes = []
    for index, (row, values) in enumerate(zip(pekerjaan, rows, strict=True)):
        old = before[index] if before is not None else [0] * WEEKS
        for week, value in enumerate(values):
            if value != old[week]:
                changes.append(CellChange(row.pk, tahapan[week], value))
    return changes


def seed_plan(project: Project, user: AbstractBaseUser, pekerjaan: Sequence[Pekerjaan]) -> int:
    """Weekly tahapan, empty, then the kontrak plan in one save. Returns the cells written."""
    tahapan_regenerate(
        project=project, user=user, mode=JadwalMode.WEEKLY, convert_assignments=False
    )
    project.refresh_from_db()
    changes = _changes(pekerjaan, _tahapan_ids(project), kontrak_rows())
    result = jadwal_save(
        project=project, user=user, version=project.jadwal_version, changes=changes
    )
    return result.saved


def seed_baselines(
    project: Project, user: AbstractBaseUser, pekerjaan: Sequence[Pekerjaan]
) -> list[Baseline]:
    """The baseline "Kontrak" of the first plan; then MC-0 (volumes measured in the field, a few
    pekerjaan re-planned later) applied to the RAB and the plan, and saved as "MC-0"."""
    kontrak = baseline_create(project=project, user=user, nama=KONTRAK[0], jenis=KONTRAK[1])
    for row, volume in zip(pekerjaan, mc0_volumes(), strict=True):
        if volume != row.volume:
            pekerjaan_update(
                pekerjaan=row,
                kode_pekerjaan=row.kode_pekerjaan,
                uraian=row.uraian,
                satuan=row.satuan,
                volume=volume,
                harga_satuan=row.harga_satuan,
                user=user,
            )
    project.refresh_from_db()
    changes = _changes(pekerjaan, _tahapan_ids(project), mc0_rows(), before=kontrak_rows())
    jadwal_save(project=project, user=user, version=project.jadwal_version, changes=changes)
    mc0 = baseline_create(project=project, user=user, nama=MC0[0], jenis=MC0[1])
    return [kontrak, mc0]


# --- the realisasi -------------------------------------------------------------------------


def _cumulative(row: Sequence[int]) -> list[int]:
    """Running totals at the *start* of each week, and after the last: len(row) + 1 values."""
    totals = [0]
    for value in row:
        totals.append(totals[-1] + value)
    return totals


def target_deviasi(plan_kumulatif: Sequence[Fraction], reported: int) -> list[int]:
    """The kumulatif deviasi aimed at for each reported week (hundredths of a point), from the
    plan's kumulatif per week (hundredths of the project's cost, exact)."""
    crossing = next(
        (week for week, value in enumerate(plan_kumulatif) if _round_half_up(value) >= 7000),
        None,
    )
    if crossing is None or not ON_PLAN_WEEKS < crossing < reported - 1:
        raise ValueError("the demo plan must pass 70 % after the weeks on plan and before today")
    offset = len(SLIP) - (crossing - ON_PLAN_WEEKS)  # a longer slip repeats its first value
    deviasi = []
    for week in range(reported):
        if week < ON_PLAN_WEEKS:
            deviasi.append(0)
        elif week < crossing:
            deviasi.append(SLIP[max(0, week - ON_PLAN_WEEKS + offset)])
        elif week == crossing:
            deviasi.append(KRITIS_DEVIASI)
        else:
            deviasi.append(CATCH_UP[min(week - crossing - 1, len(CATCH_UP) - 1)])
    return deviasi


def realisasi_rows(
    weights: Sequence[Fraction], rows: Sequence[Sequence[int]], reported: int
) -> list[list[int]]:
    """Per pekerjaan the realisasi of each of the first `reported` weeks (hundredths).

    The work done by the end of week w is the plan as it stood at a moment τ(w) ≤ the end of
    week w, the same moment for every pekerjaan (the whole site runs late together), with τ
    chosen so that the project's kumulatif is the plan's plus `target_deviasi`. Between the
    ends of two weeks the plan grows linearly, so each pekerjaan's realisasi stays between 0
    and its plan (never above 100 %) and grows week by week. Weeks on plan copy the plan.
    """
    total = sum(weights, Fraction(0))
    cumulative = [_cumulative(row) for row in rows]
    # The project's kumulatif at the end of week k - 1 (k = 0 … WEEKS), hundredths of cost.
    plan = [
        sum((w * c[k] for w, c in zip(weights, cumulative, strict=True)), Fraction(0)) / total
        for k in range(WEEKS + 1)
    ]
    deviasi = target_deviasi(plan[1:], reported)
    done: list[list[int]] = [[0] * WEEKS for _ in rows]
    previous = [0] * len(rows)
    aim = Fraction(0)
    for week in range(reported):
        aim = max(aim, plan[week + 1] + deviasi[week])
        # The first week whose end reaches the aim: τ falls inside it.
        k = next(k for k in range(week + 1) if plan[k + 1] >= aim)
        share = (aim - plan[k]) / (plan[k + 1] - plan[k])
        for index, (row, c) in enumerate(zip(rows, cumulative, strict=True)):
            now = _round_half_up(c[k] + share * row[k])
            done[index][week] = now - previous[index]
            previous[index] = now
    return done


def _round_half_up(value: Fraction) -> int:
    """Half up, as the engine rounds (`divide_half_up`); values here are never negative."""
    return int(value + Fraction(1, 2))


def seed_realisasi(
    project: Project, user: AbstractBaseUser, pekerjaan: Sequence[Pekerjaan], today: dt.date
) -> int:
    """One realisasi report per week that has started, as a site manager would enter them.
    Returns the number of weeks reported."""
    tahapan = _tahapan_ids(project)
    start, _end = building_dates(today)
    reported = (today - start).days // 7 + 1
    weights = [Fraction(money.jumlah_harga(row.volume, row.harga_satuan)) for row in pekerjaan]
    done = realisasi_rows(weights, mc0_rows(), reported)
    project.refresh_from_db()
    version = project.jadwal_version
    for week in range(reported):
        changes = [
            CellChange(row.pk, tahapan[week], values[week])
            for row, values in zip(pekerjaan, done, strict=True)
            if values[week]
        ]
        result = realisasi_save(
            project=project, user=user, version=version, changes=changes, today=today
        )
        version = result.version
    return reported


# --- all of it -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuildingResult:
    project: Project
    pekerjaan: int
    cells: int
    baselines: list[Baseline]
    weeks_reported: int
    total_biaya_langsung: Decimal
    weeks: int = WEEKS


def building_exists(user: AbstractBaseUser) -> bool:
    """Has `user` the building project already (by its name)?"""
    return Project.objects.filter(owner=user, nama=NAMA).exists()


@transaction.atomic
def seed_building(*, user: AbstractBaseUser, today: dt.date | None = None) -> BuildingResult:
    """Create or refresh the building project of `user` (see the module docstring)."""
    today = today or clock.today()
    project = _project(user, today)
    pekerjaan = seed_rab(project, user)
    cells = seed_plan(project, user, pekerjaan)
    baselines = seed_baselines(project, user, pekerjaan)
    pekerjaan = pekerjaan_in_order(project)  # with the MC-0 volumes
    reported = seed_realisasi(project, user, pekerjaan, today)
    project.refresh_from_db()
    total = money.round_rupiah(
        sum((money.jumlah_harga(p.volume, p.harga_satuan) for p in pekerjaan), Decimal(0))
    )
    return BuildingResult(project, len(pekerjaan), cells, baselines, reported, total)
