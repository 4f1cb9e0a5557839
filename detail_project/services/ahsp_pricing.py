"""AHSP prices of a project (SPEC §13): links, the pekerjaan's own lines, harga dasar and the
overhead percentage, and the harga satuan that follows from them.

A linked pekerjaan's harga satuan is never typed: it is `scheduling.price` of its lines with
the project's harga dasar and overhead percent. Whatever changes one of those (a link, a
koefisien, a harga dasar, the percentage) reprices every pekerjaan it affects inside the same
write through the gate, so the RAB, its totals, bobot and the Kurva S move together, the
schedule version moves on once and one history row says what changed. A refused write changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, ngettext

from ahsp.models import AhspAnalisis, AhspBaris, Kategori
from dashboard.models import Project
from detail_project import scheduling
from detail_project.models import HargaDasar, JadwalLog, Pekerjaan, PekerjaanAhspBaris
from detail_project.services.errors import ServiceError
from detail_project.services.gate import JadwalWrite, User, jadwal_write

HARGA_DIGITS, HARGA_PLACES = 20, 2
KOEFISIEN_DIGITS, KOEFISIEN_PLACES = 18, 6
HUNDRED = Decimal(100)


# --- reading ---------------------------------------------------------------------------------


def project_prices(project: Project | int) -> dict[str, Decimal]:
    """Harga dasar by kode_item."""
    return dict(HargaDasar.objects.filter(project=project).values_list("kode_item", "harga"))


def lines_by_pekerjaan(
    project: Project | int, pekerjaan_ids: Iterable[int] | None = None
) -> dict[int, list[scheduling.Line]]:
    """The AHSP lines of the project's linked pekerjaan (or of these), in their order."""
    rows = PekerjaanAhspBaris.objects.filter(pekerjaan__project=project)
    if pekerjaan_ids is not None:
        rows = rows.filter(pekerjaan_id__in=list(pekerjaan_ids))
    lines: dict[int, list[scheduling.Line]] = {}
    for pekerjaan_id, kategori, kode_item, koefisien in rows.order_by(
        "pekerjaan_id", "urutan", "id"
    ).values_list("pekerjaan_id", "kategori", "kode_item", "koefisien"):
        lines.setdefault(pekerjaan_id, []).append(
            scheduling.Line(kategori=kategori, kode_item=kode_item, koefisien=koefisien)
        )
    return lines


# --- repricing -------------------------------------------------------------------------------


def reprice(write: JadwalWrite, pekerjaan_ids: Iterable[int] | None = None) -> list[int]:
    """Recompute the harga satuan of the project's linked pekerjaan (or of these) inside
    `write`; returns the ids whose price changed. Three queries whatever the count."""
    project = write.project
    linked = Pekerjaan.objects.filter(project=project, ahsp__isnull=False)
    if pekerjaan_ids is not None:
        linked = linked.filter(pk__in=list(pekerjaan_ids))
    current = dict(linked.values_list("pk", "harga_satuan"))
    if not current:
        return []
    lines = lines_by_pekerjaan(project, current)
    prices = project_prices(project)
    percent = project.overhead_profit_percent
    changed = []
    for pk, old in current.items():
        new = scheduling.price(lines.get(pk, []), prices, percent).harga_satuan
        if new != old:
            changed.append(Pekerjaan(pk=pk, harga_satuan=new))
    if changed:
        Pekerjaan.objects.bulk_update(changed, ["harga_satuan"], batch_size=500)
        write.touch()
    write.detail.setdefault("repriced", 0)
    write.detail["repriced"] += len(changed)
    return [row.pk for row in changed]


# --- linking ---------------------------------------------------------------------------------


def analisis_get(analisis_id: int) -> AhspAnalisis:
    try:
        return AhspAnalisis.objects.get(pk=analisis_id)
    except (AhspAnalisis.DoesNotExist, ValueError, TypeError):
        raise ServiceError(
            gettext("AHSP analysis %(id)s does not exist in the catalogue.") % {"id": analisis_id}
        ) from None


def analisis_by_kode(kode: str) -> AhspAnalisis:
    kode = (kode or "").strip()
    try:
        return AhspAnalisis.objects.get(kode=kode)
    except AhspAnalisis.DoesNotExist:
        raise ServiceError(
            gettext("There is no AHSP analysis “%(kode)s” in the catalogue.") % {"kode": kode}
        ) from None


def _ensure_harga_dasar(project: Project, lines: Iterable[PekerjaanAhspBaris]) -> int:
    """A harga dasar row (at 0, to be priced) for every item the project did not have yet."""
    known = set(HargaDasar.objects.filter(project=project).values_list("kode_item", flat=True))
    new: dict[str, HargaDasar] = {}
    for line in lines:
        if line.kode_item not in known and line.kode_item not in new:
            new[line.kode_item] = HargaDasar(
                project=project,
                kode_item=line.kode_item,
                kategori=line.kategori,
                uraian=line.uraian,
                satuan=line.satuan,
            )
    HargaDasar.objects.bulk_create(new.values())
    return len(new)


def link_many(write: JadwalWrite, links: Mapping[int, AhspAnalisis | None]) -> list[int]:
    """Link each pekerjaan to its analysis (None: unlink) inside `write`: its lines become a
    fresh copy of the catalogue's, prices follow. Unlinking keeps the last price as typed.
    Returns the pekerjaan whose harga satuan changed."""
    if not links:
        return []
    project = write.project
    ids = list(links)
    PekerjaanAhspBaris.objects.filter(pekerjaan_id__in=ids).delete()
    by_analisis: dict[int, list[int]] = {}
    for pekerjaan_id, analisis in links.items():
        if analisis is not None:
            by_analisis.setdefault(analisis.pk, []).append(pekerjaan_id)
    catalogue: dict[int, list] = {}
    for row in (
        AhspBaris.objects.filter(analisis_id__in=by_analisis)
        .order_by("analisis_id", "urutan", "id")
        .values("analisis_id", "kategori", "kode_item", "uraian", "satuan", "koefisien")
    ):
        catalogue.setdefault(row.pop("analisis_id"), []).append(row)
    copies = [
        PekerjaanAhspBaris(pekerjaan_id=pekerjaan_id, urutan=index, **line)
        for analisis_id, pekerjaan_ids in by_analisis.items()
        for pekerjaan_id in pekerjaan_ids
        for index, line in enumerate(catalogue.get(analisis_id, []))
    ]
    PekerjaanAhspBaris.objects.bulk_create(copies, batch_size=1000)
    _ensure_harga_dasar(project, copies)
    rows = [
        Pekerjaan(pk=pk, ahsp_id=analisis.pk if analisis else None)
        for pk, analisis in links.items()
    ]
    Pekerjaan.objects.bulk_update(rows, ["ahsp"], batch_size=500)
    write.touch()
    return reprice(write, [pk for pk, analisis in links.items() if analisis is not None])


def link(write: JadwalWrite, pekerjaan: Pekerjaan, analisis: AhspAnalisis | None) -> None:
    """Link (or unlink) one pekerjaan inside `write`, and keep the instance in step."""
    if analisis is None and pekerjaan.ahsp_id is None:
        return
    link_many(write, {pekerjaan.pk: analisis})
    pekerjaan.ahsp = analisis
    pekerjaan.refresh_from_db(fields=["harga_satuan"])


# --- harga dasar and the percentage ----------------------------------------------------------


def _clean_price(value: object, label: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ServiceError(
            gettext("The harga dasar of %(item)s must be a number.") % {"item": label}
        )
    if value < 0:
        raise ServiceError(
            gettext("The harga dasar of %(item)s cannot be negative.") % {"item": label}
        )
    places = -value.normalize().as_tuple().exponent
    if places > HARGA_PLACES:
        raise ServiceError(
            gettext("The harga dasar of %(item)s has more than 2 decimal places.") % {"item": label}
        )
    if value.adjusted() + 1 > HARGA_DIGITS - HARGA_PLACES:
        raise ServiceError(gettext("The harga dasar of %(item)s is too large.") % {"item": label})
    return value


def _clean_percent(value: object) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= HUNDRED:
        raise ServiceError(gettext("Overhead and profit must be a percentage from 0 to 100."))
    if -value.normalize().as_tuple().exponent > 2:
        raise ServiceError(gettext("Overhead and profit has more than 2 decimal places."))
    return value


@dataclass(frozen=True, slots=True)
class PricesResult:
    changed_items: int
    repriced: int
    version: int


def harga_dasar_update(
    *,
    project: Project,
    user: User,
    prices: Mapping[str, Decimal],
    overhead_profit_percent: Decimal | None = None,
) -> PricesResult:
    """Set the harga dasar of these items (by kode_item) and, if given, the overhead percent;
    reprice every linked pekerjaan. An item the project does not use, or a bad price, refuses
    the whole write naming it."""
    percent = None if overhead_profit_percent is None else _clean_percent(overhead_profit_percent)
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.HARGA_DASAR) as write:
        rows = {row.kode_item: row for row in HargaDasar.objects.filter(project=write.project)}
        unknown = sorted(kode for kode in prices if kode not in rows)
        if unknown:
            shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
            raise ServiceError(
                ngettext(
                    "Nothing was saved: item %(items)s is not used by this project's AHSP lines.",
                    "Nothing was saved: items %(items)s are not used by this project's AHSP lines.",
                    len(unknown),
                )
                % {"items": shown},
                unknown_items=unknown,
            )
        changed = []
        for kode, value in prices.items():
            row = rows[kode]
            value = _clean_price(value, f"{kode} {row.uraian}")
            if row.harga != value:
                row.harga = value
                changed.append(row)
        HargaDasar.objects.bulk_update(changed, ["harga"], batch_size=500)
        if changed:
            write.touch()
            write.detail["items"] = [row.kode_item for row in changed[:50]]
            write.detail["item_count"] = len(changed)
        if percent is not None and percent != write.project.overhead_profit_percent:
            write.detail["overhead_profit_percent"] = [
                str(write.project.overhead_profit_percent),
                str(percent),
            ]
            write.project.overhead_profit_percent = percent
            write.touch(overhead_profit_percent=percent)
        repriced = reprice(write) if write.touched else []
    project.overhead_profit_percent = write.project.overhead_profit_percent
    return PricesResult(changed_items=len(changed), repriced=len(repriced), version=write.version)


# --- a pekerjaan's own lines -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineEdit:
    """One line of a linked pekerjaan as the form sends it; `id` None adds a line."""

    id: int | None
    kategori: str
    kode_item: str
    uraian: str
    satuan: str
    koefisien: Decimal


def _clean_line(edit: LineEdit, number: int) -> LineEdit:
    where = gettext("Line %(n)s") % {"n": number}
    if edit.kategori not in Kategori.values:
        raise ServiceError(
            gettext("%(where)s: choose tenaga kerja, bahan or peralatan.") % {"where": where}
        )
    kode = (edit.kode_item or "").strip()
    uraian = (edit.uraian or "").strip()
    if not kode or not uraian:
        raise ServiceError(
            gettext("%(where)s: the item code and the item are required.") % {"where": where}
        )
    if len(kode) > 32 or len(uraian) > 255 or len(edit.satuan or "") > 32:
        raise ServiceError(gettext("%(where)s: a field is too long.") % {"where": where})
    value = edit.koefisien
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        raise ServiceError(
            gettext("%(where)s: the koefisien must be a number of 0 or more.") % {"where": where}
        )
    if -value.normalize().as_tuple().exponent > KOEFISIEN_PLACES:
        raise ServiceError(
            gettext("%(where)s: the koefisien has more than 6 decimal places.") % {"where": where}
        )
    if value.adjusted() + 1 > KOEFISIEN_DIGITS - KOEFISIEN_PLACES:
        raise ServiceError(gettext("%(where)s: the koefisien is too large.") % {"where": where})
    return LineEdit(edit.id, edit.kategori, kode, uraian, (edit.satuan or "").strip(), value)


def lines_update(
    *, pekerjaan: Pekerjaan, user: User, lines: list[LineEdit], version: int | None = None
) -> int:
    """Replace a linked pekerjaan's lines with `lines` (kept ids keep their rows; missing ids
    are removed; id None adds). The catalogue is not touched. Returns the new harga satuan's
    pekerjaan count repriced (0 or 1)."""
    if pekerjaan.ahsp_id is None:
        raise ServiceError(gettext("This pekerjaan is not linked to an AHSP analysis."))
    cleaned = [_clean_line(edit, number) for number, edit in enumerate(lines, 1)]
    with jadwal_write(
        project=pekerjaan.project_id, user=user, action=JadwalLog.Action.AHSP_LINES, version=version
    ) as write:
        existing = {row.pk: row for row in PekerjaanAhspBaris.objects.filter(pekerjaan=pekerjaan)}
        foreign = [edit.id for edit in cleaned if edit.id is not None and edit.id not in existing]
        if foreign:
            raise ServiceError(
                gettext("Nothing was saved: line %(ids)s is not a line of this pekerjaan.")
                % {"ids": ", ".join(str(pk) for pk in foreign)}
            )
        kept, new, dirty = set(), [], []
        for urutan, edit in enumerate(cleaned):
            values = {
                "urutan": urutan,
                "kategori": edit.kategori,
                "kode_item": edit.kode_item,
                "uraian": edit.uraian,
                "satuan": edit.satuan,
                "koefisien": edit.koefisien,
            }
            if edit.id is None:
                new.append(PekerjaanAhspBaris(pekerjaan=pekerjaan, **values))
                continue
            row = existing[edit.id]
            kept.add(row.pk)
            if any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                dirty.append(row)
        removed = [pk for pk in existing if pk not in kept]
        if removed:
            PekerjaanAhspBaris.objects.filter(pk__in=removed).delete()
        if dirty:
            PekerjaanAhspBaris.objects.bulk_update(
                dirty, ["urutan", "kategori", "kode_item", "uraian", "satuan", "koefisien"]
            )
        if new:
            PekerjaanAhspBaris.objects.bulk_create(new)
        if removed or dirty or new:
            write.touch()
            write.detail.update(
                id=pekerjaan.pk,
                name=str(pekerjaan)[:200],
                added=len(new),
                changed=len(dirty),
                removed=len(removed),
            )
            _ensure_harga_dasar(write.project, [*dirty, *new])
        repriced = reprice(write, [pekerjaan.pk])
    pekerjaan.refresh_from_db(fields=["harga_satuan"])
    return len(repriced)


def lines_reset(*, pekerjaan: Pekerjaan, user: User) -> None:
    """Copy the analysis' lines from the catalogue again, dropping the project's edits."""
    if pekerjaan.ahsp_id is None:
        raise ServiceError(gettext("This pekerjaan is not linked to an AHSP analysis."))
    with jadwal_write(
        project=pekerjaan.project_id, user=user, action=JadwalLog.Action.AHSP_LINES
    ) as write:
        write.detail.update(id=pekerjaan.pk, name=str(pekerjaan)[:200], reset=True)
        link_many(write, {pekerjaan.pk: AhspAnalisis.objects.get(pk=pekerjaan.ahsp_id)})
    pekerjaan.refresh_from_db(fields=["harga_satuan"])
