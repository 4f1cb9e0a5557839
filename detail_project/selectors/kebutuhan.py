"""Rekap kebutuhan for `GET rekap-kebutuhan-enhanced/`, the Kebutuhan tab and its xlsx: per
period of the schedule's axis, every resource item's quantity and cost (SPEC §13).

The figures come from `scheduling.kebutuhan` over the same axis as the Kurva S (the plan
projected onto the periods of `scale`); this module only reads the database, in a constant
number of queries, and rounds once for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ahsp.models import KATEGORI_ORDER, Kategori
from dashboard.models import Project
from detail_project import scheduling
from detail_project.models import HargaDasar, Pekerjaan, PekerjaanAhspBaris
from detail_project.selectors.kurva_s import ScheduleAxis, schedule_axis, slot_tahapan

QUANTITY_PLACES = Decimal("0.000001")
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Item:
    kode: str
    kategori: str
    uraian: str
    satuan: str
    harga: Decimal


@dataclass
class Rekap:
    found: ScheduleAxis
    items: dict[str, Item]  # by kode_item, in display order
    needs: dict[str, scheduling.Need]
    linked: int  # pekerjaan priced by AHSP
    pekerjaan: int


def rekap(project: Project, *, scale: str | None = None, kategori: str | None = None) -> Rekap:
    """Every item's exact need per slot of the axis of `scale` (default: the grid's)."""
    found = schedule_axis(project, scale)
    width = len(found.axis.slots)
    volumes = dict(Pekerjaan.objects.filter(project=project).values_list("pk", "volume"))
    line_rows = PekerjaanAhspBaris.objects.filter(
        pekerjaan__project=project, pekerjaan__ahsp__isnull=False
    )
    if kategori:
        line_rows = line_rows.filter(kategori=kategori)
    lines: dict[int, list[tuple[str, Decimal]]] = {}
    described: dict[str, tuple[str, str, str]] = {}
    for pekerjaan_id, kode, kind, uraian, satuan, koefisien in line_rows.values_list(
        "pekerjaan_id", "kode_item", "kategori", "uraian", "satuan", "koefisien"
    ):
        lines.setdefault(pekerjaan_id, []).append((kode, koefisien))
        described.setdefault(kode, (kind, uraian, satuan))
    prices = {
        row.kode_item: row
        for row in HargaDasar.objects.filter(project=project, kode_item__in=list(described))
    }
    items = {}
    for kode, (kind, uraian, satuan) in described.items():
        row = prices.get(kode)
        items[kode] = Item(
            kode=kode,
            kategori=row.kategori if row else kind,
            uraian=row.uraian if row else uraian,
            satuan=row.satuan if row else satuan,
            harga=row.harga if row else Decimal(0),
        )
    needs = scheduling.kebutuhan(
        found.axis.rows, volumes, lines, {kode: item.harga for kode, item in items.items()}, width
    )
    ordered = dict(
        sorted(
            ((kode, item) for kode, item in items.items() if kode in needs),
            key=lambda pair: (KATEGORI_ORDER.get(pair[1].kategori, 9), pair[1].uraian, pair[0]),
        )
    )
    linked = sum(1 for rows in lines.values() if rows)
    return Rekap(found=found, items=ordered, needs=needs, linked=linked, pekerjaan=len(volumes))


def quantity(value: Decimal) -> Decimal:
    return value.quantize(QUANTITY_PLACES, rounding=ROUND_HALF_UP).normalize()


def rupiah(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rekap_kebutuhan_data(
    project: Project, *, scale: str | None = None, kategori: str | None = None
) -> dict[str, Any]:
    """The §5 shape: `data: [{tahapan_id, tahapan_nama, tanggal_mulai, tanggal_selesai,
    items: [{kode, uraian, satuan, quantity, harga_satuan, jumlah_harga}], total_biaya}],
    grand_total`; each item also says its `kategori`, each period its `nomor`."""
    found = rekap(project, scale=scale, kategori=kategori)
    data = []
    grand_total = 0
    for index, slot in enumerate(found.found.axis.slots):
        label, tahapan_id = slot_tahapan(found.found, slot)
        items = []
        total = 0
        for kode, item in found.items.items():
            need = found.needs[kode]
            if not need.quantity[index]:
                continue
            total += need.cost[index]
            items.append(
                {
                    "kode": kode,
                    "kategori": item.kategori,
                    "uraian": item.uraian,
                    "satuan": item.satuan,
                    "quantity": float(quantity(need.quantity_in(index))),
                    "harga_satuan": float(item.harga),
                    "jumlah_harga": float(rupiah(need.cost_in(index))),
                }
            )
        grand_total += total
        data.append(
            {
                "tahapan_id": tahapan_id,
                "tahapan_nama": label,
                "nomor": slot.nomor,
                "tanggal_mulai": slot.start.isoformat() if slot.start else None,
                "tanggal_selesai": slot.end.isoformat() if slot.end else None,
                "items": items,
                "total_biaya": float(rupiah(Decimal(total) / scheduling.COST_SCALE)),
            }
        )
    return {
        "scale": found.found.bins.scale,
        "kategori": kategori or None,
        "kategori_choices": [{"value": k.value, "label": str(k.label)} for k in Kategori],
        "linked_pekerjaan": found.linked,
        "pekerjaan_count": found.pekerjaan,
        "data": data,
        "grand_total": float(rupiah(Decimal(grand_total) / scheduling.COST_SCALE)),
    }
