"""The one gate every schedule and RAB write goes through (docs/CONCURRENCY.md).

    with jadwal_write(project=project, user=user, action=JadwalLog.Action.SAVE, version=v) as w:
        ...validate, then write...
        w.changed(pekerjaan_ids)          # whose schedule changed: they conflict with others
        w.cells += n; w.detail[...] = ...

On entry: one transaction, the project row locked (writers of one project queue instead of
interleaving), the writer's peran checked again under that lock against what the action needs
(`dashboard.access`: a member removed or demoted since the page loaded is refused here, 404 or
403, with nothing written), and the version the client read checked against the time scale:
columns that changed under the client make its write a 409. A service that changes cells asks
`w.refuse_conflicts(ids)` for the pekerjaan it is about to change, so a save is refused only
where work overlaps. On a clean exit, if anything changed: the schedule version moves on by
one, the changed pekerjaan are stamped with it, and one audit row (`JadwalLog`) says who did
what. A write that changes nothing keeps the version and leaves no row. Any exception rolls the
whole write back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from dashboard import access
from dashboard.access import Action
from dashboard.models import Project
from detail_project.models import (
    DayPlanRecord,
    JadwalLog,
    Pekerjaan,
    RencanaHarian,
    TahapPelaksanaan,
)
from detail_project.services.errors import ServiceError, StaleVersion

User = AbstractBaseUser | AnonymousUser | None
Layer = type[DayPlanRecord]  # RencanaHarian (the plan) or RealisasiHarian (the work done)


# What each audited write needs of the writer's peran (SPEC §14).
_A = JadwalLog.Action
REQUIRED_ACTION: dict[str, str | None] = {
    **dict.fromkeys(
        (
            _A.SAVE,
            _A.REGENERATE,
            _A.TAHAPAN_CREATE,
            _A.TAHAPAN_UPDATE,
            _A.TAHAPAN_DELETE,
            _A.TAHAPAN_REORDER,
            _A.ASSIGN,
            _A.UNASSIGN,
            _A.FIX,
            _A.REPAIR,
            _A.BASELINE_CREATE,
            _A.BASELINE_DELETE,
        ),
        Action.EDIT_PLAN,
    ),
    **dict.fromkeys(
        (
            _A.RAB_ADD,
            _A.RAB_EDIT,
            _A.RAB_DELETE,
            _A.RAB_MOVE,
            _A.RAB_IMPORT,
            _A.HARGA_DASAR,
            _A.AHSP_LINES,
        ),
        Action.EDIT_RAB,
    ),
    _A.REALISASI_SAVE: Action.RECORD_REALISASI,
    **dict.fromkeys(
        (_A.MEMBER_ADD, _A.MEMBER_ROLE, _A.MEMBER_REMOVE, _A.MEMBER_INVITE), Action.MANAGE_MEMBERS
    ),
    _A.MEMBER_LEAVE: Action.VIEW,
    # Joining through an invitation: the one write by someone not yet in the team, allowed by
    # the invitation's token, which the service checks.
    _A.MEMBER_JOIN: None,
}


def lock_project(project: Project | int) -> Project:
    """Re-read the project row under a write lock; concurrent writers of it wait here."""
    pk = project if isinstance(project, int) else project.pk
    return Project.objects.select_for_update().get(pk=pk)


@dataclass
class JadwalWrite:
    """What a write did, filled in by the service inside `jadwal_write`."""

    project: Project
    user: User
    action: str
    read_version: int | None
    cells: int = 0
    detail: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)  # project columns to update
    version: int = 0  # after the block: the schedule version (new, or unchanged)
    # Per layer (the plan, the realisasi): whose rows changed, and which of them carry the new
    # version already.
    _changed: dict[Layer, set[int]] = field(default_factory=dict)
    _stamped: dict[Layer, set[int]] = field(default_factory=dict)
    _touched: bool = False
    _audit_only: bool = False
    _scale_changed: bool = False

    @property
    def next_version(self) -> int:
        """The version this write will have if it changes anything (known under the lock)."""
        return self.project.jadwal_version + 1

    @property
    def touched(self) -> bool:
        return self._touched

    def changed(
        self, pekerjaan_ids: Iterable[int], *, stamped: bool = False, layer: Layer = RencanaHarian
    ) -> None:
        """These pekerjaan's plans (or realisasi: `layer`) changed. `stamped`: their rows
        already carry `next_version` (written by `plans_store`), so the gate need not stamp
        them again."""
        ids = set(pekerjaan_ids)
        if ids:
            self._changed.setdefault(layer, set()).update(ids)
            if stamped:
                self._stamped.setdefault(layer, set()).update(ids)
            self._touched = True

    def touch(self, **fields: Any) -> None:
        """Something other than cells changed (a tahapan, the RAB, a project column)."""
        self.fields.update(fields)
        self._touched = True

    def audit(self) -> None:
        """Leave the audit row, but keep the version: something was recorded about the
        schedule (a baseline frozen, or deleted) without changing what anyone edits."""
        self._audit_only = True

    def scale_changed(self) -> None:
        """The generated tahapan were replaced: every client must reload its columns."""
        self._scale_changed = True
        self._touched = True

    def refuse_conflicts(
        self, pekerjaan_ids: Iterable[int], *, layer: Layer = RencanaHarian
    ) -> None:
        """409 naming every pekerjaan here whose plan (or realisasi: `layer`) someone changed
        after the version read. The two layers never conflict with each other."""
        if self.read_version is None:
            return
        ids = set(pekerjaan_ids)
        if not ids:
            return
        moved = sorted(
            layer.objects.filter(
                project=self.project, pekerjaan_id__in=ids, version__gt=self.read_version
            ).values_list("pekerjaan_id", flat=True)
        )
        if not moved:
            return
        names = _pekerjaan_names(moved)
        raise StaleVersion(
            ngettext(
                "Not saved: someone else changed %(names)s after you opened the schedule. "
                "Load their changes, check them, then save again.",
                "Not saved: someone else changed %(count)s pekerjaan after you opened the "
                "schedule (%(names)s). Load their changes, check them, then save again.",
                len(moved),
            )
            % {"names": names, "count": len(moved)},
            version=self.project.jadwal_version,
            conflicts=moved,
        )

    def refuse_unknown(
        self,
        *,
        pekerjaan_ids: Iterable[int] = (),
        tahapan_ids: Iterable[int] = (),
        known_tahapan: Iterable[int] | None = None,
    ) -> None:
        """Ids that are not this project's refuse the whole write, listing them.

        When the client read an older version they may have been deleted since: that is a
        conflict to reload (409), not bad input (400).
        """
        wanted_p, wanted_t = set(pekerjaan_ids), set(tahapan_ids)
        missing_p: list[int] = []
        missing_t: list[int] = []
        if wanted_p:
            found = Pekerjaan.objects.filter(project=self.project, pk__in=wanted_p)
            missing_p = sorted(wanted_p - set(found.values_list("pk", flat=True)))
        if wanted_t:
            if known_tahapan is None:
                found = TahapPelaksanaan.objects.filter(project=self.project, pk__in=wanted_t)
                known_tahapan = found.values_list("pk", flat=True)
            missing_t = sorted(wanted_t - set(known_tahapan))
        if not missing_p and not missing_t:
            return
        extra = {"unknown_pekerjaan_ids": missing_p, "unknown_tahapan_ids": missing_t}
        ids = {"pekerjaan": _id_list(missing_p), "tahapan": _id_list(missing_t)}
        stale = self.read_version is not None and self.read_version < self.project.jadwal_version
        if stale:
            if missing_p and missing_t:
                message = gettext(
                    "Nothing was saved: pekerjaan %(pekerjaan)s and tahapan %(tahapan)s no "
                    "longer exist. Someone may have deleted them after you opened the schedule; "
                    "reload to see the current one."
                )
            elif missing_p:
                message = gettext(
                    "Nothing was saved: pekerjaan %(pekerjaan)s no longer exist. Someone may "
                    "have deleted them after you opened the schedule; reload to see the current "
                    "one."
                )
            else:
                message = gettext(
                    "Nothing was saved: tahapan %(tahapan)s no longer exist. Someone may have "
                    "deleted them after you opened the schedule; reload to see the current one."
                )
            raise StaleVersion(message % ids, version=self.project.jadwal_version, **extra)
        if missing_p and missing_t:
            message = gettext(
                "Nothing was saved: pekerjaan %(pekerjaan)s and tahapan %(tahapan)s are not in "
                "this project."
            )
        elif missing_p:
            message = gettext("Nothing was saved: pekerjaan %(pekerjaan)s are not in this project.")
        else:
            message = gettext("Nothing was saved: tahapan %(tahapan)s are not in this project.")
        raise ServiceError(message % ids, **extra)


def _id_list(ids: Sequence[int], limit: int = 20) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f" … (+{len(ids) - limit})" if len(ids) > limit else "")


def _pekerjaan_names(ids: Sequence[int], limit: int = 5) -> str:
    rows = Pekerjaan.objects.filter(pk__in=ids[:limit]).order_by("pk")
    names = [row.kode_pekerjaan or row.uraian[:40] for row in rows.only("kode_pekerjaan", "uraian")]
    more = len(ids) - len(names)
    return ", ".join(names) + (f" (+{more})" if more > 0 else "")


def check_version(project: Project, version: int | None) -> None:
    """A version from the future, or older than the last time-scale change, is a 409."""
    if version is None:
        return
    if version > project.jadwal_version:
        raise StaleVersion(
            gettext("This schedule is at version %(current)s, not %(yours)s. Reload the page.")
            % {"yours": version, "current": project.jadwal_version},
            version=project.jadwal_version,
        )
    if version < project.jadwal_scale_version:
        raise StaleVersion(
            gettext(
                "Someone changed the time scale of this schedule after you opened it (your "
                "version %(yours)s, current %(current)s). Reload to see the new columns."
            )
            % {"yours": version, "current": project.jadwal_version},
            version=project.jadwal_version,
        )


@contextmanager
def jadwal_write(
    *, project: Project | int, user: User, action: str, version: int | None = None
) -> Iterator[JadwalWrite]:
    """Lock, check, run the block, then bump, stamp and audit (see the module docstring)."""
    with transaction.atomic():
        locked = lock_project(project)
        required = REQUIRED_ACTION[action]
        if required is not None:
            access.require(project=locked, user=user, action=required)
        check_version(locked, version)
        write = JadwalWrite(project=locked, user=user, action=action, read_version=version)
        yield write
        if write.touched:
            _record(write)
        else:
            write.version = locked.jadwal_version
            if write._audit_only:
                _log(write, locked.jadwal_version)
    if not isinstance(project, int):
        # The caller's instance now says what the locked row said, changed or not: a caller
        # that reads `jadwal_version` afterwards must not see the one from before the lock.
        for name in ("jadwal_version", "jadwal_scale_version", "updated_at", *write.fields):
            setattr(project, name, getattr(write.project, name))


def _record(write: JadwalWrite) -> None:
    project = write.project
    new_version = write.next_version
    now = timezone.now()
    fields: dict[str, Any] = {"jadwal_version": new_version, "updated_at": now, **write.fields}
    if write._scale_changed:
        fields["jadwal_scale_version"] = new_version
    Project.objects.filter(pk=project.pk).update(**fields)
    for name, value in fields.items():
        setattr(project, name, value)
    for layer, ids in write._changed.items():
        _stamp(project, ids - write._stamped.get(layer, set()), new_version, layer)
    _log(write, new_version)
    write.version = new_version


def _log(write: JadwalWrite, version: int) -> None:
    JadwalLog.objects.create(
        project=write.project,
        user=write.user if write.user is not None and write.user.is_authenticated else None,
        action=write.action,
        cells=write.cells,
        version=version,
        detail=write.detail,
    )


def _stamp(project: Project, pekerjaan_ids: set[int], version: int, layer: Layer) -> None:
    """Set `version` on these pekerjaan's rows of `layer`, creating empty ones where missing."""
    if not pekerjaan_ids:
        return
    table = connection.ops.quote_name(layer._meta.db_table)
    now = timezone.now() if connection.vendor == "postgresql" else _sqlite_now()
    ids = sorted(pekerjaan_ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (pekerjaan_id, project_id, hari, total, version, "  # noqa: S608
                "updated_at) SELECT p, %s, '', 0, %s, %s FROM unnest(%s::bigint[]) AS ids(p) "
                "ON CONFLICT (pekerjaan_id) DO UPDATE SET version = excluded.version, "
                "updated_at = excluded.updated_at",
                [project.pk, version, now, ids],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} (pekerjaan_id, project_id, hari, total, version, "  # noqa: S608
                "updated_at) VALUES (%s, %s, X'', 0, %s, %s) ON CONFLICT (pekerjaan_id) DO "
                "UPDATE SET version = excluded.version, updated_at = excluded.updated_at",
                [(pk, project.pk, version, now) for pk in ids],
            )


def _sqlite_now() -> object:
    return connection.ops.adapt_datetimefield_value(timezone.now())
