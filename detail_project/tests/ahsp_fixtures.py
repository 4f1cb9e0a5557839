"""AHSP test data shared by the pricing, kebutuhan and page tests: a two-analysis catalogue,
an illustrative price list and the hand computation of a price."""

from __future__ import annotations

from decimal import Decimal

from ahsp.models import AhspAnalisis, AhspBaris
from detail_project.models import Pekerjaan
from detail_project.services import rab

SEMEN = "B.0062"


def make_analysis(kode: str, nama: str, lines: list[tuple[str, str, str, str, str]]):
    analisis = AhspAnalisis.objects.create(kode=kode, nama=nama, satuan="m3")
    AhspBaris.objects.bulk_create(
        AhspBaris(
            analisis=analisis,
            urutan=index,
            kategori=kategori,
            kode_item=kode_item,
            uraian=uraian,
            satuan=satuan,
            koefisien=Decimal(koefisien),
        )
        for index, (kategori, kode_item, uraian, satuan, koefisien) in enumerate(lines)
    )
    return analisis


def make_catalogue():
    """Two analyses sharing Pekerja and Semen Portland (the `catalogue` fixture)."""
    beton = make_analysis(
        "2.2.1.4.5",
        "1 m3 beton f'c 20 MPa",
        [
            ("tenaga", "L.01", "Pekerja", "OH", "1.65"),
            ("tenaga", "L.02", "Tukang batu", "OH", "0.275"),
            ("bahan", SEMEN, "Semen Portland", "kg", "371"),
            ("bahan", "B.0001", "Pasir beton", "kg", "698"),
            ("alat", "E.01", "Molen", "jam", "0.25"),
        ],
    )
    plester = make_analysis(
        "2.3.1.1",
        "1 m2 plesteran 1PC:4PP",
        [
            ("tenaga", "L.01", "Pekerja", "OH", "0.3"),
            ("bahan", SEMEN, "Semen Portland", "kg", "6.24"),
        ],
    )
    return beton, plester


PRICES = {
    "L.01": Decimal("120000"),
    "L.02": Decimal("150000"),
    SEMEN: Decimal("1700"),
    "B.0001": Decimal("300.50"),
    "E.01": Decimal("85000"),
}


def link(pekerjaan: Pekerjaan, kode: str, user) -> Pekerjaan:
    return rab.pekerjaan_update(
        pekerjaan=pekerjaan,
        kode_pekerjaan=pekerjaan.kode_pekerjaan,
        uraian=pekerjaan.uraian,
        satuan=pekerjaan.satuan,
        volume=pekerjaan.volume,
        harga_satuan=pekerjaan.harga_satuan,
        ahsp_kode=kode,
        user=user,
    )


def hand_price(lines: dict[str, Decimal], percent: Decimal) -> Decimal:
    d = sum((koef * PRICES[kode] for kode, koef in lines.items()), Decimal(0))
    return (d * (1 + percent / 100)).quantize(Decimal(1))


BETON_LINES = {
    "L.01": Decimal("1.65"),
    "L.02": Decimal("0.275"),
    SEMEN: Decimal("371"),
    "B.0001": Decimal("698"),
    "E.01": Decimal("0.25"),
}


def link_and_plan(project, pekerjaan, weekly, owner, cells: list[tuple[int, int, int]]) -> None:
    """Pekerjaan 0 and 1 on the beton analysis, 2 on plester, every item priced (`PRICES`), and
    the plan's cells (pekerjaan index, week index, hundredths) saved."""
    from detail_project.services import ahsp_pricing
    from detail_project.services.jadwal_save import CellChange, jadwal_save

    link(pekerjaan[0], "2.2.1.4.5", owner)
    link(pekerjaan[1], "2.2.1.4.5", owner)
    link(pekerjaan[2], "2.3.1.1", owner)
    ahsp_pricing.harga_dasar_update(project=project, user=owner, prices=PRICES)
    project.refresh_from_db()
    jadwal_save(
        project=project,
        user=owner,
        version=project.jadwal_version,
        changes=[CellChange(pekerjaan[p].pk, weekly[w].pk, h) for p, w, h in cells],
    )
    project.refresh_from_db()
