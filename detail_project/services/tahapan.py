"""Writes of single tahapan: the planner's own (custom) periods, their order, and per-tahapan
assignment. Each goes through the write gate (`services.gate.jadwal_write`): one transaction,
project row locked, version checked, everything validated before the first write, an audit row
after. Assign / unassign share the grid save's cell logic (`cells_apply`), so a generated cell
set here writes through to the day plan just the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext

from dashboard.models import JadwalMode, Project
from dashboard.selectors import MAX_ID
from detail_project import money
from detail_project.models import JadwalLog, PekerjaanTahapan, TahapPelaksanaan
from detail_project.scheduling import FULL
from detail_project.services.errors import ServiceError
from detail_project.services.gate import User, jadwal_write
from detail_project.services.jadwal_save import cells_apply

NAMA_MAX_LENGTH = TahapPelaksanaan._meta.get_field("nama").max_length or 200
UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class TahapanWrite:
    tahapan: TahapPelaksanaan
    version: int


def _get_tahapan(project: Project, tahapan_id: int) -> TahapPelaksanaan:
    if not 0 < tahapan_id <= MAX_ID:
        raise ServiceError(gettext("Tahapan not found."), status=404)
    try:
        return TahapPelaksanaan.objects.get(project=project, pk=tahapan_id)
    except TahapPelaksanaan.DoesNotExist:
        raise ServiceError(gettext("Tahapan not found."), status=404) from None


def _clean_nama(project: Project, nama: str, *, exclude_id: int | None = None) -> str:
    cleaned = (nama or "").strip()
    if not cleaned:
        raise ServiceError(gettext("Give the tahapan a name."))
    if len(cleaned) > NAMA_MAX_LENGTH:
        raise ServiceError(
            gettext("The name of a tahapan has at most %(max)s characters.")
            % {"max": NAMA_MAX_LENGTH}
        )
    clash = TahapPelaksanaan.objects.filter(project=project, nama=cleaned)
    if exclude_id is not None:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise ServiceError(
            gettext("A tahapan named “%(nama)s” already exists in this project.")
            % {"nama": cleaned}
        )
    return cleaned


def _clean_dates(
    project: Project, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    if (start is None) != (end is None):
        raise ServiceError(gettext("Give both the start date and the end date, or neither."))
    if start is None or end is None:
        return None, None
    if end < start:
        raise ServiceError(
            gettext("The end date must be on or after the start date (%(start)s).")
            % {"start": money.format_date(start)}
        )
    if start < project.tanggal_mulai or end > project.tanggal_selesai:
        raise ServiceError(
            gettext("The dates must lie within the project (%(start)s … %(end)s).")
            % {
                "start": money.format_date(project.tanggal_mulai),
                "end": money.format_date(project.tanggal_selesai),
            }
        )
    return start, end


def tahapan_create(
    *,
    project: Project,
    user: User,
    nama: str,
    deskripsi: str = "",
    urutan: int | None = None,
    tanggal_mulai: dt.date | None = None,
    tanggal_selesai: dt.date | None = None,
    version: int | None = None,
) -> TahapanWrite:
    """A planner's own tahapan. Mode switches never touch it."""
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.TAHAPAN_CREATE, version=version
    ) as write:
        locked = write.project
        cleaned = _clean_nama(locked, nama)
        start, end = _clean_dates(locked, tanggal_mulai, tanggal_selesai)
        if urutan is None:
            last = TahapPelaksanaan.objects.filter(project=locked).aggregate(m=Max("urutan"))
            urutan = (last["m"] or 0) + 1
        tahapan = TahapPelaksanaan.objects.create(
            project=locked,
            nama=cleaned,
            deskripsi=deskripsi or "",
            urutan=urutan,
            tanggal_mulai=start,
            tanggal_selesai=end,
            is_auto_generated=False,
            generation_mode=JadwalMode.CUSTOM,
        )
        write.touch()
        write.detail.update(tahapan_id=tahapan.pk, nama=cleaned)
    return TahapanWrite(tahapan, write.version)


def tahapan_update(
    *,
    project: Project,
    user: User,
    tahapan_id: int,
    nama: Any = UNSET,
    deskripsi: Any = UNSET,
    urutan: Any = UNSET,
    tanggal_mulai: Any = UNSET,
    tanggal_selesai: Any = UNSET,
    version: int | None = None,
) -> TahapanWrite:
    """Change any of the given fields. Generated tahapan follow the time scale, so only their
    name, description and order can change. Re-dating a custom tahapan moves its cells in time
    (Kurva S, Gantt) but never changes them."""
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.TAHAPAN_UPDATE, version=version
    ) as write:
        locked = write.project
        tahapan = _get_tahapan(locked, tahapan_id)
        changed: dict[str, Any] = {}
        if nama is not UNSET:
            changed["nama"] = _clean_nama(locked, nama, exclude_id=tahapan.pk)
        if deskripsi is not UNSET:
            changed["deskripsi"] = deskripsi or ""
        if urutan is not UNSET:
            if urutan is None or urutan < 0:
                raise ServiceError(gettext("The position of a tahapan must be 0 or more."))
            changed["urutan"] = urutan
        if tanggal_mulai is not UNSET or tanggal_selesai is not UNSET:
            if tahapan.is_auto_generated:
                raise ServiceError(
                    gettext(
                        "The dates of a generated tahapan follow the time scale; create a "
                        "custom tahapan to choose your own dates."
                    )
                )
            start = tahapan.tanggal_mulai if tanggal_mulai is UNSET else tanggal_mulai
            end = tahapan.tanggal_selesai if tanggal_selesai is UNSET else tanggal_selesai
            changed["tanggal_mulai"], changed["tanggal_selesai"] = _clean_dates(locked, start, end)
        changed = {name: v for name, v in changed.items() if getattr(tahapan, name) != v}
        for name, value in changed.items():
            setattr(tahapan, name, value)
        if changed:
            tahapan.save(update_fields=[*changed, "updated_at"])
            write.touch()
            write.detail.update(tahapan_id=tahapan.pk, fields=sorted(changed))
    return TahapanWrite(tahapan, write.version)


def tahapan_delete(
    *, project: Project, user: User, tahapan_id: int, version: int | None = None
) -> tuple[int, int]:
    """Delete a tahapan and its cells. Returns (cells deleted, new version).

    A generated tahapan's cells are part of the day plan: its days are emptied first, so the
    plan keeps agreeing with what the grid shows.
    """
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.TAHAPAN_DELETE, version=version
    ) as write:
        locked = write.project
        tahapan = _get_tahapan(locked, tahapan_id)
        cells = list(
            PekerjaanTahapan.objects.filter(tahapan=tahapan).values_list("pekerjaan_id", flat=True)
        )
        cells_apply(write, {(pekerjaan_id, tahapan.pk): 0 for pekerjaan_id in cells})
        nama = tahapan.nama
        tahapan.delete()
        write.touch()
        write.cells = len(cells)
        write.detail.update(tahapan_id=tahapan_id, nama=nama)
    return len(cells), write.version


def tahapan_reorder(
    *,
    project: Project,
    user: User,
    order: Sequence[tuple[int, int]],
    version: int | None = None,
) -> tuple[int, int]:
    """Set `urutan` of many tahapan at once. Returns (updated count, new version)."""
    ids = [tahapan_id for tahapan_id, _ in order]
    if len(set(ids)) != len(ids):
        raise ServiceError(gettext("The new order lists a tahapan more than once."))
    if any(urutan < 0 for _, urutan in order):
        raise ServiceError(gettext("The position of a tahapan must be 0 or more."))
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.TAHAPAN_REORDER, version=version
    ) as write:
        write.refuse_unknown(tahapan_ids=ids)
        wanted = dict(order)
        rows = list(TahapPelaksanaan.objects.filter(project=write.project, pk__in=ids))
        moved = [row for row in rows if row.urutan != wanted[row.pk]]
        for row in moved:
            row.urutan = wanted[row.pk]
        TahapPelaksanaan.objects.bulk_update(moved, ["urutan"], batch_size=500)
        if moved:
            write.touch()
            write.detail.update(order=[[pk, urutan] for pk, urutan in order][:500])
    return len(rows), write.version


def tahapan_assign(
    *,
    project: Project,
    user: User,
    tahapan_id: int,
    assignments: Sequence[tuple[int, int]],
    version: int | None = None,
) -> tuple[list[tuple[int, int]], int]:
    """Upsert (pekerjaan_id, hundredths) cells of one tahapan; 0.01 … 100 each."""
    for pekerjaan_id, hundredths in assignments:
        if not 1 <= hundredths <= FULL:
            raise ServiceError(
                gettext("Pekerjaan %(id)s: a percentage must be between %(min)s and %(max)s.")
                % {
                    "id": pekerjaan_id,
                    "min": money.format_number(Decimal("0.01"), 2),
                    "max": money.format_number(100, 0),
                }
            )
    merged = dict(assignments)
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.ASSIGN, version=version
    ) as write:
        write.refuse_unknown(pekerjaan_ids=merged, tahapan_ids=[tahapan_id])
        cells_apply(write, {(p, tahapan_id): h for p, h in merged.items()})
        write.detail.update(tahapan_id=tahapan_id)
    return sorted(merged.items()), write.version


def tahapan_unassign(
    *,
    project: Project,
    user: User,
    tahapan_id: int,
    pekerjaan_ids: Sequence[int],
    version: int | None = None,
) -> tuple[int, int]:
    """Remove the cells of the given pekerjaan in one tahapan. Returns (deleted, version)."""
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.UNASSIGN, version=version
    ) as write:
        write.refuse_unknown(pekerjaan_ids=pekerjaan_ids, tahapan_ids=[tahapan_id])
        applied = cells_apply(write, {(p, tahapan_id): 0 for p in set(pekerjaan_ids)})
        write.detail.update(tahapan_id=tahapan_id)
    return applied.removed, write.version
