"""Reads of the RAB (Klasifikasi › SubKlasifikasi › Pekerjaan), shaped for the RAB page.

`rab_tree` runs three queries whatever the size of the RAB: one per level, plain tuples, no
model instances. Money follows `detail_project.money`: row products are exact, subtotals are
exact sums, and totals are rounded once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from dashboard.models import Project
from detail_project import money
from detail_project.models import Klasifikasi, Pekerjaan, PekerjaanTahapan, SubKlasifikasi

ZERO = Decimal("0")
HUNDRED = Decimal("100")

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman_numeral(number: int) -> str:
    """1 → "I", 14 → "XIV": how klasifikasi are numbered in an Indonesian RAB."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    text = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


def letter_label(number: int) -> str:
    """1 → "A", 26 → "Z", 27 → "AA": how sub-klasifikasi are numbered within a klasifikasi."""
    if number < 1:
        raise ValueError("Letter labels start at 1")
    text = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        text = chr(ord("A") + remainder) + text
    return text


def bobot_percent(jumlah: Decimal, total: Decimal) -> Decimal:
    """Share of the project's cost in percent; 0 when the project costs nothing yet."""
    if not total:
        return ZERO
    return jumlah * HUNDRED / total


@dataclass(slots=True)
class PekerjaanRow:
    id: int
    nomor: int
    kode_pekerjaan: str
    uraian: str
    satuan: str
    volume: Decimal
    harga_satuan: Decimal
    jumlah_harga: Decimal
    bobot: Decimal = ZERO
    is_first: bool = False
    is_last: bool = False
    ahsp_kode: str | None = None  # the analysis that prices it, if any


@dataclass(slots=True)
class SubKlasifikasiNode:
    id: int
    nomor: str
    name: str
    pekerjaan: list[PekerjaanRow] = field(default_factory=list)
    subtotal: Decimal = ZERO
    bobot: Decimal = ZERO
    is_first: bool = False
    is_last: bool = False


@dataclass(slots=True)
class KlasifikasiNode:
    id: int
    nomor: str
    name: str
    subs: list[SubKlasifikasiNode] = field(default_factory=list)
    subtotal: Decimal = ZERO
    bobot: Decimal = ZERO
    pekerjaan_count: int = 0
    is_first: bool = False
    is_last: bool = False


@dataclass(slots=True)
class RabTree:
    klasifikasi: list[KlasifikasiNode]
    totals: money.RabTotals
    total_exact: Decimal
    pekerjaan_count: int

    @property
    def is_empty(self) -> bool:
        return not self.klasifikasi


def _mark_ends(items: list) -> None:
    if items:
        items[0].is_first = True
        items[-1].is_last = True


def rab_tree(project: Project) -> RabTree:
    """The whole RAB of `project` with subtotals, bobot and totals, in three queries.

    Empty klasifikasi and sub-klasifikasi are kept so that the planner can fill them.
    """
    klasifikasi_nodes: list[KlasifikasiNode] = []
    by_klasifikasi: dict[int, KlasifikasiNode] = {}
    klasifikasi_rows = (
        Klasifikasi.objects.filter(project=project)
        .order_by("ordering_index", "id")
        .values_list("id", "name")
    )
    for index, (pk, name) in enumerate(klasifikasi_rows, start=1):
        node = KlasifikasiNode(id=pk, nomor=roman_numeral(index), name=name)
        klasifikasi_nodes.append(node)
        by_klasifikasi[pk] = node

    by_sub: dict[int, tuple[KlasifikasiNode, SubKlasifikasiNode]] = {}
    sub_rows = (
        SubKlasifikasi.objects.filter(project=project)
        .order_by("ordering_index", "id")
        .values_list("id", "klasifikasi_id", "name")
    )
    for pk, klasifikasi_id, name in sub_rows:
        parent = by_klasifikasi.get(klasifikasi_id)
        if parent is None:  # a sub pointing into another project's klasifikasi: not ours
            continue
        sub = SubKlasifikasiNode(id=pk, nomor=letter_label(len(parent.subs) + 1), name=name)
        parent.subs.append(sub)
        by_sub[pk] = (parent, sub)

    rows_pekerjaan = (
        Pekerjaan.objects.filter(project=project)
        .order_by("ordering_index", "id")
        .values_list(
            "id",
            "sub_klasifikasi_id",
            "kode_pekerjaan",
            "uraian",
            "satuan",
            "volume",
            "harga_satuan",
            "ahsp__kode",
        )
    )
    all_rows: list[PekerjaanRow] = []
    for pk, sub_id, kode, uraian, satuan, volume, harga_satuan, ahsp_kode in rows_pekerjaan:
        placed = by_sub.get(sub_id)
        if placed is None:
            continue
        parent, sub = placed
        jumlah = money.jumlah_harga(volume, harga_satuan)
        row = PekerjaanRow(
            id=pk,
            nomor=len(sub.pekerjaan) + 1,
            kode_pekerjaan=kode,
            uraian=uraian,
            satuan=satuan,
            volume=volume,
            harga_satuan=harga_satuan,
            jumlah_harga=jumlah,
            ahsp_kode=ahsp_kode,
        )
        sub.pekerjaan.append(row)
        sub.subtotal += jumlah
        parent.subtotal += jumlah
        parent.pekerjaan_count += 1
        all_rows.append(row)

    total_exact = sum((node.subtotal for node in klasifikasi_nodes), ZERO)
    _mark_ends(klasifikasi_nodes)
    for node in klasifikasi_nodes:
        node.bobot = bobot_percent(node.subtotal, total_exact)
        _mark_ends(node.subs)
        for sub in node.subs:
            sub.bobot = bobot_percent(sub.subtotal, total_exact)
            _mark_ends(sub.pekerjaan)
    for row in all_rows:
        row.bobot = bobot_percent(row.jumlah_harga, total_exact)

    return RabTree(
        klasifikasi=klasifikasi_nodes,
        totals=_totals(project, [total_exact]),
        total_exact=total_exact,
        pekerjaan_count=len(all_rows),
    )


def _totals(project: Project, jumlahs: Iterable[Decimal]) -> money.RabTotals:
    return money.rab_totals(
        jumlahs,
        ppn_percent=Decimal(project.ppn_percent),
        pembulatan_step=project.pembulatan_step,
    )


def rab_total_biaya(project: Project, *, exact: bool = False) -> Decimal:
    """TOTAL BIAYA LANGSUNG of `project` as the RAB page shows it (rounded once to the rupiah).

    `exact=True` gives the unrounded sum of the row products, the denominator of bobot.
    One query; the products are taken in Python so that no database turns them into floats.
    """
    rows = Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan")
    total = sum((money.jumlah_harga(volume, harga) for volume, harga in rows), ZERO)
    return total if exact else money.round_rupiah(total)


@dataclass(frozen=True, slots=True)
class DeleteSummary:
    """What else goes when a klasifikasi or sub-klasifikasi is deleted."""

    sub_klasifikasi_count: int
    pekerjaan_count: int
    assignment_count: int


def rab_delete_summary(
    *,
    klasifikasi: Klasifikasi | None = None,
    sub_klasifikasi: SubKlasifikasi | None = None,
    pekerjaan: Pekerjaan | None = None,
) -> DeleteSummary:
    """Counts for the delete confirmation of one klasifikasi, sub-klasifikasi or pekerjaan."""
    subs = 0
    if klasifikasi is not None:
        subs = SubKlasifikasi.objects.filter(klasifikasi=klasifikasi).count()
        rows = Pekerjaan.objects.filter(sub_klasifikasi__klasifikasi=klasifikasi)
    elif sub_klasifikasi is not None:
        rows = Pekerjaan.objects.filter(sub_klasifikasi=sub_klasifikasi)
    elif pekerjaan is not None:
        rows = Pekerjaan.objects.filter(pk=pekerjaan.pk)
    else:
        raise ValueError("Pass klasifikasi, sub_klasifikasi or pekerjaan")
    return DeleteSummary(
        sub_klasifikasi_count=subs,
        pekerjaan_count=rows.count(),
        assignment_count=PekerjaanTahapan.objects.filter(pekerjaan__in=rows).count(),
    )
