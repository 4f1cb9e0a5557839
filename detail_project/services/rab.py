"""Writes to the RAB tree: create, update, delete and reorder at each level.

Every function is one transaction. Anything that changes the order of siblings (create appends,
delete closes the gap, move swaps) first locks the project row, so two planners editing the
same RAB are serialised and `ordering_index` stays dense: 0, 1, …, n-1 within each parent.
A refused write raises `ServiceError` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Literal

from django.db import models
from django.db.models import Count, Max
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ahsp.models import AhspAnalisis
from dashboard.models import Project
from detail_project.models import JadwalLog, Klasifikasi, Pekerjaan, SubKlasifikasi
from detail_project.services import ahsp_pricing
from detail_project.services.errors import ServiceError
from detail_project.services.gate import JadwalWrite, User, jadwal_write

Direction = Literal["up", "down"]
DIRECTIONS: tuple[Direction, ...] = ("up", "down")

NAME_MAX_LENGTH = 255
KODE_MAX_LENGTH = 64
SATUAN_MAX_LENGTH = 32

# What the messages call each field: the words of the RAB page, in the reader's language.
LABEL_NAME = _("Name")
LABEL_KODE = _("Kode")
LABEL_URAIAN = _("Uraian")
LABEL_SATUAN = _("Satuan")
LABEL_VOLUME = _("Volume")
LABEL_HARGA_SATUAN = _("Unit price")


# --- helpers ---------------------------------------------------------------------------------


@contextmanager
def _rab_write(project_id: int, user: User, action: str, level: str) -> Iterator[JadwalWrite]:
    """Through the write gate: the project row is locked (RAB writers queue), the schedule
    version moves on (a grid opened before reloads its tree after its next save) and the change
    leaves a history row. A RAB edit never conflicts with a grid save: it changes no cell."""
    with jadwal_write(project=project_id, user=user, action=action) as write:
        write.touch()
        write.detail["level"] = level
        yield write


def _clean_text(value: str, *, label: str | Promise, max_length: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(gettext("%(field)s is required.") % {"field": label})
    if len(text) > max_length:
        raise ServiceError(
            gettext("%(field)s is longer than %(max)s characters.")
            % {"field": label, "max": max_length}
        )
    return text


def _clean_amount(value: Decimal, *, label: str | Promise, max_digits: int, places: int) -> Decimal:
    """A non-negative Decimal that fits the column; trailing zeros do not count as places."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ServiceError(gettext("%(field)s must be a number.") % {"field": label})
    if value < 0:
        raise ServiceError(gettext("%(field)s cannot be negative.") % {"field": label})
    if value and value.adjusted() + 1 > max_digits - places:
        raise ServiceError(gettext("%(field)s is too large.") % {"field": label})
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    value = value.normalize()
    if -int(value.as_tuple().exponent) > places:
        raise ServiceError(
            gettext("%(field)s has more than %(places)s decimal places.")
            % {"field": label, "places": places}
        )
    return value


def _siblings_in_order(queryset: models.QuerySet) -> list[tuple[int, int]]:
    return list(queryset.order_by("ordering_index", "id").values_list("id", "ordering_index"))


def _write_order(model: type[models.Model], siblings: list[tuple[int, int]]) -> None:
    """Give `siblings` (id, old index) the indexes 0..n-1 in list order; touch only changes."""
    changed = [
        model(pk=pk, ordering_index=index)
        for index, (pk, old_index) in enumerate(siblings)
        if old_index != index
    ]
    if changed:
        model._default_manager.bulk_update(changed, ["ordering_index"])


def _next_index(model: type[models.Model], queryset: models.QuerySet) -> int:
    """The index for a new last sibling; closes any gaps left by older data first."""
    stats = queryset.aggregate(count=Count("id"), top=Max("ordering_index"))
    count = stats["count"]
    if count and stats["top"] != count - 1:
        _write_order(model, _siblings_in_order(queryset))
    return count


def _move(
    model: type[models.Model], queryset: models.QuerySet, pk: int, direction: Direction
) -> bool:
    if direction not in DIRECTIONS:
        raise ServiceError(gettext("Direction must be “up” or “down”."))
    siblings = _siblings_in_order(queryset)
    position = [sibling_pk for sibling_pk, _ in siblings].index(pk)
    target = position - 1 if direction == "up" else position + 1
    moved = 0 <= target < len(siblings)
    if moved:
        siblings[position], siblings[target] = siblings[target], siblings[position]
    _write_order(model, siblings)  # also repairs gaps when nothing moved
    return moved


# --- klasifikasi -----------------------------------------------------------------------------


def klasifikasi_create(*, project: Project, name: str, user: User = None) -> Klasifikasi:
    name = _clean_text(name, label=LABEL_NAME, max_length=NAME_MAX_LENGTH, required=True)
    with _rab_write(project.pk, user, JadwalLog.Action.RAB_ADD, "klasifikasi") as write:
        siblings = Klasifikasi.objects.filter(project=project)
        klasifikasi = Klasifikasi.objects.create(
            project=project, name=name, ordering_index=_next_index(Klasifikasi, siblings)
        )
        write.detail.update(id=klasifikasi.pk, name=name)
    return klasifikasi


def klasifikasi_update(*, klasifikasi: Klasifikasi, name: str, user: User = None) -> Klasifikasi:
    klasifikasi.name = _clean_text(
        name, label=LABEL_NAME, max_length=NAME_MAX_LENGTH, required=True
    )
    with _rab_write(
        klasifikasi.project_id, user, JadwalLog.Action.RAB_EDIT, "klasifikasi"
    ) as write:
        klasifikasi.save(update_fields=["name"])
        write.detail.update(id=klasifikasi.pk, name=klasifikasi.name)
    return klasifikasi


def klasifikasi_delete(*, klasifikasi: Klasifikasi, user: User = None) -> int:
    """Delete a klasifikasi with its sub-klasifikasi and pekerjaan; returns the pekerjaan count."""
    project_id = klasifikasi.project_id
    with _rab_write(project_id, user, JadwalLog.Action.RAB_DELETE, "klasifikasi") as write:
        write.detail.update(id=klasifikasi.pk, name=klasifikasi.name)
        _, per_model = klasifikasi.delete()
        siblings = Klasifikasi.objects.filter(project_id=project_id)
        _write_order(Klasifikasi, _siblings_in_order(siblings))
    return per_model.get(Pekerjaan._meta.label, 0)


def klasifikasi_move(*, klasifikasi: Klasifikasi, direction: Direction, user: User = None) -> bool:
    """Swap with the previous (`up`) or next (`down`) klasifikasi; False at either end."""
    with _rab_write(
        klasifikasi.project_id, user, JadwalLog.Action.RAB_MOVE, "klasifikasi"
    ) as write:
        write.detail.update(id=klasifikasi.pk, name=klasifikasi.name, direction=direction)
        siblings = Klasifikasi.objects.filter(project_id=klasifikasi.project_id)
        return _move(Klasifikasi, siblings, klasifikasi.pk, direction)


# --- sub-klasifikasi -------------------------------------------------------------------------


def sub_klasifikasi_create(
    *, klasifikasi: Klasifikasi, name: str, user: User = None
) -> SubKlasifikasi:
    name = _clean_text(name, label=LABEL_NAME, max_length=NAME_MAX_LENGTH, required=True)
    with _rab_write(
        klasifikasi.project_id, user, JadwalLog.Action.RAB_ADD, "sub_klasifikasi"
    ) as write:
        siblings = SubKlasifikasi.objects.filter(klasifikasi=klasifikasi)
        sub = SubKlasifikasi.objects.create(
            project_id=klasifikasi.project_id,
            klasifikasi=klasifikasi,
            name=name,
            ordering_index=_next_index(SubKlasifikasi, siblings),
        )
        write.detail.update(id=sub.pk, name=name)
    return sub


def sub_klasifikasi_update(
    *, sub_klasifikasi: SubKlasifikasi, name: str, user: User = None
) -> SubKlasifikasi:
    sub_klasifikasi.name = _clean_text(
        name, label=LABEL_NAME, max_length=NAME_MAX_LENGTH, required=True
    )
    with _rab_write(
        sub_klasifikasi.project_id, user, JadwalLog.Action.RAB_EDIT, "sub_klasifikasi"
    ) as write:
        sub_klasifikasi.save(update_fields=["name"])
        write.detail.update(id=sub_klasifikasi.pk, name=sub_klasifikasi.name)
    return sub_klasifikasi


def sub_klasifikasi_delete(*, sub_klasifikasi: SubKlasifikasi, user: User = None) -> int:
    """Delete a sub-klasifikasi with its pekerjaan; returns the pekerjaan count."""
    klasifikasi_id = sub_klasifikasi.klasifikasi_id
    with _rab_write(
        sub_klasifikasi.project_id, user, JadwalLog.Action.RAB_DELETE, "sub_klasifikasi"
    ) as write:
        write.detail.update(id=sub_klasifikasi.pk, name=sub_klasifikasi.name)
        _, per_model = sub_klasifikasi.delete()
        siblings = SubKlasifikasi.objects.filter(klasifikasi_id=klasifikasi_id)
        _write_order(SubKlasifikasi, _siblings_in_order(siblings))
    return per_model.get(Pekerjaan._meta.label, 0)


def sub_klasifikasi_move(
    *, sub_klasifikasi: SubKlasifikasi, direction: Direction, user: User = None
) -> bool:
    """Swap within its klasifikasi; False at either end."""
    with _rab_write(
        sub_klasifikasi.project_id, user, JadwalLog.Action.RAB_MOVE, "sub_klasifikasi"
    ) as write:
        write.detail.update(id=sub_klasifikasi.pk, name=sub_klasifikasi.name, direction=direction)
        siblings = SubKlasifikasi.objects.filter(klasifikasi_id=sub_klasifikasi.klasifikasi_id)
        return _move(SubKlasifikasi, siblings, sub_klasifikasi.pk, direction)


# --- pekerjaan -------------------------------------------------------------------------------


def _pekerjaan_fields(
    *, kode_pekerjaan: str, uraian: str, satuan: str, volume: Decimal, harga_satuan: Decimal
) -> dict[str, object]:
    return {
        "kode_pekerjaan": _clean_text(
            kode_pekerjaan, label=LABEL_KODE, max_length=KODE_MAX_LENGTH, required=False
        ),
        "uraian": _clean_text(uraian, label=LABEL_URAIAN, max_length=10_000, required=True),
        "satuan": _clean_text(
            satuan, label=LABEL_SATUAN, max_length=SATUAN_MAX_LENGTH, required=False
        ),
        "volume": _clean_amount(volume, label=LABEL_VOLUME, max_digits=18, places=3),
        "harga_satuan": _clean_amount(
            harga_satuan, label=LABEL_HARGA_SATUAN, max_digits=20, places=2
        ),
    }


def _analisis_for(ahsp_kode: str | None) -> AhspAnalisis | None:
    kode = (ahsp_kode or "").strip()
    return ahsp_pricing.analisis_by_kode(kode) if kode else None


def pekerjaan_create(
    *,
    sub_klasifikasi: SubKlasifikasi,
    kode_pekerjaan: str = "",
    uraian: str,
    satuan: str = "",
    volume: Decimal,
    harga_satuan: Decimal | None = None,
    ahsp_kode: str | None = None,
    user: User = None,
) -> Pekerjaan:
    """A new pekerjaan; with `ahsp_kode` it is priced by that analysis (the typed price is
    then ignored), otherwise `harga_satuan` is its price."""
    analisis = _analisis_for(ahsp_kode)
    fields = _pekerjaan_fields(
        kode_pekerjaan=kode_pekerjaan,
        uraian=uraian,
        satuan=satuan,
        volume=volume,
        harga_satuan=_typed_price(harga_satuan, analisis),
    )
    with _rab_write(
        sub_klasifikasi.project_id, user, JadwalLog.Action.RAB_ADD, "pekerjaan"
    ) as write:
        siblings = Pekerjaan.objects.filter(sub_klasifikasi=sub_klasifikasi)
        pekerjaan = Pekerjaan.objects.create(
            project_id=sub_klasifikasi.project_id,
            sub_klasifikasi=sub_klasifikasi,
            ordering_index=_next_index(Pekerjaan, siblings),
            **fields,
        )
        ahsp_pricing.link(write, pekerjaan, analisis)
        write.detail.update(id=pekerjaan.pk, name=str(pekerjaan)[:200])
        if analisis is not None:
            write.detail["ahsp"] = analisis.kode
    return pekerjaan


def _typed_price(harga_satuan: Decimal | None, analisis: AhspAnalisis | None) -> Decimal:
    if harga_satuan is not None:
        return harga_satuan
    if analisis is None:
        raise ServiceError(
            gettext("%(field)s is required unless the pekerjaan is priced by an AHSP analysis.")
            % {"field": LABEL_HARGA_SATUAN}
        )
    return Decimal(0)  # replaced by the analysis' price in the same write


def pekerjaan_update(
    *,
    pekerjaan: Pekerjaan,
    kode_pekerjaan: str,
    uraian: str,
    satuan: str,
    volume: Decimal,
    harga_satuan: Decimal | None = None,
    ahsp_kode: str | None = None,
    user: User = None,
) -> Pekerjaan:
    """Change a pekerjaan. `ahsp_kode`: None keeps its link as it is, "" unlinks it (its last
    price stays, as typed), a kode links it (fresh lines from the catalogue) unless it is
    already linked to that analysis. A linked pekerjaan's price is derived: `harga_satuan`
    is ignored for it."""
    if ahsp_kode is None:
        analisis = pekerjaan.ahsp
    else:
        analisis = _analisis_for(ahsp_kode)
    if analisis is not None:
        harga_satuan = pekerjaan.harga_satuan
    fields = _pekerjaan_fields(
        kode_pekerjaan=kode_pekerjaan,
        uraian=uraian,
        satuan=satuan,
        volume=volume,
        harga_satuan=_typed_price(harga_satuan, analisis),
    )
    with _rab_write(pekerjaan.project_id, user, JadwalLog.Action.RAB_EDIT, "pekerjaan") as write:
        changed = sorted(
            name for name, value in fields.items() if getattr(pekerjaan, name) != value
        )
        for name, value in fields.items():
            setattr(pekerjaan, name, value)
        pekerjaan.save(update_fields=[*fields, "updated_at"])
        new_link = (analisis.pk if analisis else None) != pekerjaan.ahsp_id
        if new_link:
            changed.append("ahsp")
            ahsp_pricing.link(write, pekerjaan, analisis)
        write.detail.update(id=pekerjaan.pk, name=str(pekerjaan)[:200], fields=changed)
    return pekerjaan


def pekerjaan_delete(*, pekerjaan: Pekerjaan, user: User = None) -> None:
    """Delete one pekerjaan (its day plan and schedule cells go with it)."""
    sub_id = pekerjaan.sub_klasifikasi_id
    with _rab_write(pekerjaan.project_id, user, JadwalLog.Action.RAB_DELETE, "pekerjaan") as write:
        write.detail.update(id=pekerjaan.pk, name=str(pekerjaan)[:200])
        pekerjaan.delete()
        siblings = Pekerjaan.objects.filter(sub_klasifikasi_id=sub_id)
        _write_order(Pekerjaan, _siblings_in_order(siblings))


def pekerjaan_move(*, pekerjaan: Pekerjaan, direction: Direction, user: User = None) -> bool:
    """Swap within its sub-klasifikasi; False at either end."""
    with _rab_write(pekerjaan.project_id, user, JadwalLog.Action.RAB_MOVE, "pekerjaan") as write:
        write.detail.update(id=pekerjaan.pk, name=str(pekerjaan)[:200], direction=direction)
        siblings = Pekerjaan.objects.filter(sub_klasifikasi_id=pekerjaan.sub_klasifikasi_id)
        return _move(Pekerjaan, siblings, pekerjaan.pk, direction)
