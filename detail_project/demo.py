"""Demo data: the `demo` user with the sample project, and large generated projects.

`seed_demo` is what `python3 dev.py up` runs: after it, a newcomer logs in as demo / demo12345
and finds a real RAB (the seed system's sample export) with its schedule, and a second project
in the middle of construction, with baselines and realisasi (`demo_building`). It is idempotent
— every run leaves the same user, the same two demo projects and the same rows — so it is safe
to run on every start. Each step is a small function taking the project; adding one is a line
in `seed_demo`.

`generate_large_project` builds a realistic project of any size from the AHSP 2025 library, for
benchmarks and for trying the grid with 1,000+ pekerjaan. It is deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from dashboard.models import Project
from dashboard.services import validate_project_dates
from detail_project import clock, money
from detail_project.demo_building import seed_building
from detail_project.demo_schedule import seed_sample_schedule
from detail_project.importing import ParsedRab, parse_rab_file
from detail_project.importing.ahsp_catalog import AhspAnalysis, ahsp_analyses, satuan_from_uraian
from detail_project.importing.jadwal_sample import parse_jadwal_sample
from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi
from detail_project.services.errors import ServiceError
from detail_project.services.rab_import import ImportSummary, rab_import_apply

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_RAB = DATA_DIR / "rekap_rab_160.csv"
SAMPLE_JADWAL = DATA_DIR / "jadwal_pekerjaan_160.csv"

DEMO_USERNAME = "demo"
DEMO_EMAIL = "demo@example.com"
# Fixed and documented (README, docs/IMPORT.md): a demo login anyone can use on a dev machine.
DEMO_PASSWORD = "demo12345"  # noqa: S105
DEMO_START = dt.date(2026, 1, 5)  # a Monday
DEMO_END = dt.date(2026, 11, 29)  # a Sunday: exactly 47 weeks, as the sample schedule
DEMO_WEEK_END_DAY = 6
DEMO_PPN = Decimal("10")


class Writer(Protocol):
    """Anything with `write(text)`: a file, sys.stdout, a management command's stdout."""

    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True, slots=True)
class DemoResult:
    user: AbstractBaseUser
    project: Project
    password: str
    rab: ImportSummary | None = None
    cells: int = 0
    building: Project | None = None  # the second project, mid-construction


def _say(stdout: Writer | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def load_sample_rab() -> ParsedRab:
    """The sample RAB, parsed; satuan filled from the uraian ("Pemasangan 1 m2 …" → m2).

    The seed system's export leaves every Satuan empty, but a demo should show units (the
    grid's volume display uses them), and the AHSP uraian states its unit. Imports of users'
    files never do this: they keep what the file says.
    """
    parsed = parse_rab_file(SAMPLE_RAB.read_bytes())
    if not parsed.is_valid:  # pragma: no cover - the bundled file is known good
        raise ServiceError(f"The bundled sample RAB does not parse: {parsed.errors[:3]}")
    for pekerjaan in parsed.pekerjaan():
        if not pekerjaan.satuan:
            pekerjaan.satuan = satuan_from_uraian(pekerjaan.uraian, default="")
    return parsed


def _demo_user() -> AbstractBaseUser:
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        username=DEMO_USERNAME, defaults={"email": DEMO_EMAIL}
    )
    # Set every run, so the password printed at the end is always the one that works.
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save()
    return user


def _demo_project(user: AbstractBaseUser, parsed: ParsedRab) -> Project:
    """The one demo project, found by its name; duplicates from older runs are removed."""
    meta = parsed.metadata
    nama = meta.nama or "Demo project"
    values = {
        "lokasi": meta.lokasi,
        "sumber_dana": meta.sumber_dana,
        "nama_client": meta.nama_client,
        "anggaran_owner": meta.anggaran or Decimal(0),
        "tanggal_mulai": DEMO_START,
        "tanggal_selesai": DEMO_END,
        "week_end_day": DEMO_WEEK_END_DAY,
        "ppn_percent": DEMO_PPN,
        "pembulatan_step": 10_000,
    }
    existing = list(Project.objects.filter(owner=user, nama=nama).order_by("id"))
    if existing:
        project = existing[0]
        for extra in existing[1:]:
            extra.delete()
        for name, value in values.items():
            setattr(project, name, value)
        project.save()
    else:
        project = Project.objects.create(owner=user, nama=nama, **values)
    return project


def _seed_rab(project: Project, parsed: ParsedRab) -> ImportSummary:
    return rab_import_apply(project=project, parsed=parsed, replace=True)


def demo_existing() -> DemoResult | None:
    """The demo user and its (first: the sample) project when both exist: `dev.py up` keeps
    them, with whatever the developer changed, unless asked to start afresh."""
    user = get_user_model().objects.filter(username=DEMO_USERNAME).first()
    project = Project.objects.filter(owner=user).order_by("id").first() if user else None
    if user is None or project is None:
        return None
    return DemoResult(user=user, project=project, password=DEMO_PASSWORD)


@transaction.atomic
def seed_demo(*, stdout: Writer | None = None, today: dt.date | None = None) -> DemoResult:
    """Create or refresh the demo user and its two projects. Safe to run any number of times.

    `today` places the building project's dates and realisasi (default: today in the project's
    time zone); the sample project has fixed dates."""
    today = today or clock.today()
    parsed = load_sample_rab()
    user = _demo_user()
    _say(stdout, gettext("User: %(username)s") % {"username": user.get_username()})
    project = _demo_project(user, parsed)
    _say(stdout, gettext("Project %(id)s: %(nama)s") % {"id": project.pk, "nama": project.nama})
    rab = _seed_rab(project, parsed)
    _say(
        stdout,
        gettext(
            "RAB: %(klasifikasi)s klasifikasi, %(subs)s sub-klasifikasi, %(pekerjaan)s "
            "pekerjaan, TOTAL BIAYA LANGSUNG %(total)s"
        )
        % {
            "klasifikasi": rab.klasifikasi_created,
            "subs": rab.sub_klasifikasi_created,
            "pekerjaan": rab.pekerjaan_created,
            "total": money.format_rupiah(rab.total_biaya_langsung),
        },
    )
    project.refresh_from_db()
    sample = parse_jadwal_sample(SAMPLE_JADWAL)
    cells = seed_sample_schedule(project=project, user=user, sample=sample)
    _say(
        stdout,
        gettext("Jadwal: %(weeks)s weekly tahapan, %(cells)s cells from the sample schedule")
        % {"weeks": sample.weeks, "cells": cells},
    )
    project.refresh_from_db()
    building = seed_building(user=user, today=today)
    _say(
        stdout,
        gettext(
            "Project %(id)s: %(nama)s (%(pekerjaan)s pekerjaan, TOTAL BIAYA LANGSUNG %(total)s, "
            "%(weeks)s weekly tahapan, baselines %(baselines)s, realisasi of %(reported)s weeks)"
        )
        % {
            "id": building.project.pk,
            "nama": building.project.nama,
            "pekerjaan": building.pekerjaan,
            "total": money.format_rupiah(building.total_biaya_langsung),
            "weeks": building.weeks,
            "baselines": ", ".join(b.nama for b in building.baselines),
            "reported": building.weeks_reported,
        },
    )
    return DemoResult(
        user=user,
        project=project,
        password=DEMO_PASSWORD,
        rab=rab,
        cells=cells,
        building=building.project,
    )


# --- large generated projects ------------------------------------------------------------

# Klasifikasi of a building project, each drawing its pekerjaan from the AHSP chapters that
# belong to it (kode prefixes). The first ten make a plausible gedung; more cycle on.
KLASIFIKASI_CHAPTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pekerjaan Persiapan", ("1.1.",)),
    ("Pekerjaan Tanah", ("1.2.", "1.3.", "1.4.", "1.5.")),
    ("Pekerjaan Pondasi", ("2.2.2.", "2.6.", "2.7.")),
    ("Pekerjaan Struktur Beton", ("2.2.1.", "2.4.", "2.5.")),
    ("Pekerjaan Dinding dan Plesteran", ("3.6.", "3.7.")),
    ("Pekerjaan Atap", ("3.1.", "3.2.", "3.3.", "3.4.", "2.1.")),
    ("Pekerjaan Lantai", ("3.9.", "3.10.")),
    ("Pekerjaan Kusen, Pintu dan Jendela", ("3.11.", "3.12.", "3.13.", "3.14.", "3.15.")),
    ("Pekerjaan Elektrikal", ("5.1.", "5.2.", "5.3.")),
    ("Pekerjaan Plumbing", ("6.4.", "6.5.")),
    ("Pekerjaan Plafon", ("3.5.",)),
    ("Pekerjaan Pengecatan", ("3.8.",)),
    ("Pekerjaan Sanitasi", ("3.18.", "6.1.", "6.2.", "6.3.", "6.6.")),
    ("Pekerjaan Mekanikal dan Elektronik", ("5.4.", "5.5.", "5.6.")),
    ("Pekerjaan Struktur Baja", ("2.3.",)),
    ("Pekerjaan Pembongkaran", ("1.6.",)),
    ("Pekerjaan Lansekap", ("4.",)),
    ("Pekerjaan Jalan dan Drainase", ("7.", "8.")),
    ("Pekerjaan Perpipaan Air Minum", ("9.",)),
    ("Pekerjaan Lain-lain", ("3.16.", "10.")),
)

# Per satuan: volume range, volume decimals, harga satuan range (rupiah).
_VOLUME_PRICE: dict[str, tuple[float, float, int, int, int]] = {
    "m3": (1, 350, 2, 150_000, 5_000_000),
    "m2": (5, 2_500, 2, 20_000, 1_500_000),
    "m": (5, 1_200, 2, 15_000, 900_000),
    "m'": (5, 1_200, 2, 15_000, 900_000),
    "kg": (50, 25_000, 2, 10_000, 60_000),
    "ton": (1, 200, 3, 1_000_000, 5_000_000),
    "ha": (0.1, 10, 3, 1_000_000, 5_000_000),
    "hari": (1, 120, 0, 50_000, 2_000_000),
    "ls": (1, 1, 0, 500_000, 5_000_000),
}
_COUNTED = (1, 60, 0, 25_000, 5_000_000)  # buah, unit, titik, set, batang …

LOKASI = ("Bandung", "Surabaya", "Semarang", "Makassar", "Medan", "Yogyakarta", "Denpasar")


def _volume_and_price(rng: random.Random, satuan: str) -> tuple[Decimal, Decimal]:
    low, high, places, price_low, price_high = _VOLUME_PRICE.get(satuan, _COUNTED)
    volume = Decimal(str(round(rng.uniform(low, high), places)))
    # Prices spread evenly on a log scale: many cheap items, a few expensive ones.
    price = price_low * (price_high / price_low) ** rng.random()
    harga = Decimal(str(price)).quantize(money.CENT, rounding=ROUND_HALF_UP)
    return volume.quantize(Decimal("0.001")), harga


def _pools(analyses: Sequence[AhspAnalysis]) -> list[tuple[str, list[AhspAnalysis]]]:
    pools = []
    for name, prefixes in KLASIFIKASI_CHAPTERS:
        pool = [a for a in analyses if a.kode.startswith(prefixes)]
        pools.append((name, pool or list(analyses)))
    return pools


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


@transaction.atomic
def generate_large_project(
    *,
    owner: AbstractBaseUser,
    pekerjaan: int = 1000,
    klasifikasi: int = 10,
    subs_per_klasifikasi: int = 5,
    seed: int = 1,
    start: dt.date = DEMO_START,
    days: int = 730,
    name: str = "",
    analyses: Sequence[AhspAnalysis] | None = None,
) -> Project:
    """A project with `pekerjaan` AHSP-based items spread evenly over the sub-klasifikasi.

    Uraian, kode and satuan come from the AHSP library (parsed once per process); volume and
    harga satuan are drawn per satuan from plausible ranges. Three bulk inserts in all.
    """
    if pekerjaan < 1 or klasifikasi < 1 or subs_per_klasifikasi < 1 or days < 1:
        raise ServiceError(
            gettext("pekerjaan, klasifikasi, subs-per-klasifikasi and days must be 1 or more.")
        )
    end = start + dt.timedelta(days=days - 1)
    try:
        validate_project_dates(tanggal_mulai=start, tanggal_selesai=end)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages)) from exc
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    pools = _pools(analyses if analyses is not None else ahsp_analyses())
    project = Project.objects.create(
        owner=owner,
        nama=name or f"Proyek Gedung {pekerjaan:,} Pekerjaan (seed {seed})".replace(",", "."),
        lokasi=rng.choice(LOKASI),
        sumber_dana="APBD",
        nama_client="Dinas Pekerjaan Umum dan Penataan Ruang",
        tanggal_mulai=start,
        tanggal_selesai=end,
        week_end_day=DEMO_WEEK_END_DAY,
    )

    k_rows = []
    for index in range(klasifikasi):
        base_name, _pool = pools[index % len(pools)]
        round_ = index // len(pools)
        k_rows.append(
            Klasifikasi(
                project=project,
                name=base_name if round_ == 0 else f"{base_name} (Tahap {round_ + 1})",
                ordering_index=index,
            )
        )
    k_rows = Klasifikasi.objects.bulk_create(k_rows)

    s_rows = [
        SubKlasifikasi(project=project, klasifikasi=k, name=f"Zona {j + 1}", ordering_index=j)
        for k in k_rows
        for j in range(subs_per_klasifikasi)
    ]
    s_rows = SubKlasifikasi.objects.bulk_create(s_rows, batch_size=2_000)

    p_rows = []
    for sub_index, (sub, count) in enumerate(
        zip(s_rows, _split(pekerjaan, len(s_rows)), strict=True)
    ):
        _name, pool = pools[(sub_index // subs_per_klasifikasi) % len(pools)]
        picks = rng.sample(pool, count) if count <= len(pool) else rng.choices(pool, k=count)
        for position, analysis in enumerate(picks):
            volume, harga = _volume_and_price(rng, analysis.satuan)
            p_rows.append(
                Pekerjaan(
                    project=project,
                    sub_klasifikasi=sub,
                    kode_pekerjaan=analysis.kode,
                    uraian=analysis.nama,
                    satuan=analysis.satuan,
                    volume=volume,
                    harga_satuan=harga,
                    ordering_index=position,
                )
            )
    Pekerjaan.objects.bulk_create(p_rows, batch_size=2_000)

    total = money.round_rupiah(sum((p.volume * p.harga_satuan for p in p_rows), Decimal(0)))
    # An owner's budget a little above the estimate, in whole millions.
    project.anggaran_owner = (total * Decimal("1.15") / 1_000_000).quantize(Decimal(1)) * 1_000_000
    project.save(update_fields=["anggaran_owner", "updated_at"])
    return project
