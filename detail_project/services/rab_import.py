"""Writing an imported RAB, and keeping an uploaded file between its preview and its confirm.

`rab_import_apply` is the only function that writes the tree from a file. It runs in one
transaction with the project row locked, so an import never interleaves with an edit of the
same RAB or a schedule save, and it issues the same handful of queries for 10 rows or 10,000:
each level of the tree is one `bulk_create` (split in large batches only), and replacing the
old tree deletes each level with one statement.

Pending uploads wait in the database (`PendingImport`), so any app server can confirm what
another one previewed. The browser only ever holds the row's random token *signed* together
with the user and project it belongs to, so a token cannot be replayed by another user or
against another project, and it expires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ahsp.models import AhspAnalisis
from dashboard.models import Project
from dashboard.services import project_create
from detail_project import money
from detail_project.importing import ParsedRab
from detail_project.importing.sandbox import parse_rab_file_bounded
from detail_project.models import (
    JadwalLog,
    Klasifikasi,
    Pekerjaan,
    PekerjaanAhspBaris,
    PekerjaanTahapan,
    PendingImport,
    RealisasiHarian,
    RencanaHarian,
    SubKlasifikasi,
)
from detail_project.services import ahsp_pricing
from detail_project.services.errors import ServiceError
from detail_project.services.gate import User, jadwal_write

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Rows per INSERT: one statement for any ordinary RAB, a few for a 20,000-row file.
BULK_BATCH = 2_000


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for the success message and the management command."""

    replace: bool
    klasifikasi_created: int
    sub_klasifikasi_created: int
    pekerjaan_created: int
    klasifikasi_deleted: int
    pekerjaan_deleted: int
    assignments_deleted: int
    total_biaya_langsung: Decimal
    file_total: Decimal | None
    totals_match: bool | None
    harga_adjusted: int
    ppn_percent: Decimal
    ppn_changed: bool
    ahsp_linked: int = 0


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What the project will look like after the import, next to what the file says."""

    replace: bool
    existing_klasifikasi: int
    existing_pekerjaan: int
    existing_assignments: int
    totals_after: money.RabTotals  # the whole RAB after the import, at the project's PPN
    totals_of_file: money.RabTotals  # the file's rows alone, at the file's PPN if it has one
    ppn_differs: bool
    ahsp_matches: int = 0  # the file's pekerjaan whose kode is an analysis of the catalogue


# --- reads for the preview -------------------------------------------------------------------


def rab_import_preview(*, project: Project, parsed: ParsedRab, replace: bool) -> ImportPreview:
    """Counts of what a replace would delete and the totals the RAB will show. Three queries."""
    existing = list(Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan"))
    existing_klasifikasi = Klasifikasi.objects.filter(project=project).count()
    existing_assignments = PekerjaanTahapan.objects.filter(pekerjaan__project=project).count()
    imported = parsed.jumlahs()
    kept = [] if replace else [money.jumlah_harga(v, h) for v, h in existing]
    file_ppn = parsed.file_totals.ppn_percent
    return ImportPreview(
        replace=replace,
        existing_klasifikasi=existing_klasifikasi,
        existing_pekerjaan=len(existing),
        existing_assignments=existing_assignments,
        totals_after=money.rab_totals(
            [*kept, *imported],
            ppn_percent=project.ppn_percent,
            pembulatan_step=project.pembulatan_step,
        ),
        totals_of_file=money.rab_totals(
            imported,
            ppn_percent=file_ppn if file_ppn is not None else project.ppn_percent,
            pembulatan_step=project.pembulatan_step,
        ),
        ppn_differs=file_ppn is not None and file_ppn != project.ppn_percent,
        ahsp_matches=len(_ahsp_matches([p.kode for p in parsed.pekerjaan()])),
    )


def _ahsp_matches(kodes: list[str]) -> dict[str, AhspAnalisis]:
    wanted = {kode.strip() for kode in kodes if kode and kode.strip()}
    if not wanted:
        return {}
    return {row.kode: row for row in AhspAnalisis.objects.filter(kode__in=wanted)}


# --- the write -----------------------------------------------------------------------------


def _only_cascades_to(model: type[Model], allowed: set[type[Model]]) -> bool:
    return all(rel.related_model in allowed for rel in model._meta.related_objects)


def _delete_all(queryset: QuerySet) -> int:
    """DELETE … WHERE in one statement (the caller has already removed the dependants)."""
    return queryset._raw_delete(queryset.db)


def _delete_tree(project: Project) -> tuple[int, int, int]:
    """Delete the project's RAB with its schedule cells, day plans and realisasi; (klasifikasi,
    pekerjaan, cells).

    Django's cascade would fetch every row and delete in chunks of 100; deleting each level
    child-first by project is five statements whatever the size. If another model ever points
    at the tree, the fast path no longer knows every dependant and Django's cascade is used.
    """
    cells = PekerjaanTahapan.objects.filter(pekerjaan__project=project)
    pekerjaan = Pekerjaan.objects.filter(project=project)
    subs = SubKlasifikasi.objects.filter(project=project)
    klasifikasi = Klasifikasi.objects.filter(project=project)
    fast = (
        _only_cascades_to(
            Pekerjaan, {PekerjaanTahapan, RencanaHarian, RealisasiHarian, PekerjaanAhspBaris}
        )
        and _only_cascades_to(SubKlasifikasi, {Pekerjaan})
        and _only_cascades_to(Klasifikasi, {SubKlasifikasi})
        and not PekerjaanTahapan._meta.related_objects
        and not RencanaHarian._meta.related_objects
        and not RealisasiHarian._meta.related_objects
        and not PekerjaanAhspBaris._meta.related_objects
    )
    if not fast:
        _, per_model = klasifikasi.delete()
        return (
            per_model.get(Klasifikasi._meta.label, 0),
            per_model.get(Pekerjaan._meta.label, 0),
            per_model.get(PekerjaanTahapan._meta.label, 0),
        )
    deleted_cells = cells.delete()[0]  # no dependants: Django deletes it in one statement
    RencanaHarian.objects.filter(project=project).delete()
    RealisasiHarian.objects.filter(project=project).delete()
    PekerjaanAhspBaris.objects.filter(pekerjaan__project=project).delete()
    deleted_pekerjaan = _delete_all(pekerjaan)
    _delete_all(subs)
    return _delete_all(klasifikasi), deleted_pekerjaan, deleted_cells


def rab_import_apply(
    *,
    project: Project,
    parsed: ParsedRab,
    replace: bool,
    use_file_ppn: bool = False,
    link_ahsp: bool = False,
    user: User = None,
) -> ImportSummary:
    """Write `parsed` into `project`: replacing its RAB, or appended after it.

    `link_ahsp` links every imported pekerjaan whose kode is an analysis of the AHSP catalogue
    to it (its price then follows the analysis and the project's harga dasar).

    Replacing deletes the old tree *and its schedule assignments* (the pekerjaan they belong to
    are gone); the tahapan themselves stay. Appending adds the file's klasifikasi after the
    existing ones, never merging by name, so nothing already there changes.

    `use_file_ppn` also sets the project's PPN to the file's (a seed export says "PPN 10.00%"),
    so the GRAND TOTAL matches the file. It goes through the write gate: the schedule version
    moves on (the tree a Jadwal grid has open is no longer the project's) and the history
    gets a row.
    """
    if not parsed.is_valid:
        raise ServiceError(_("The file has errors; nothing was imported."))
    if parsed.pekerjaan_count == 0:
        raise ServiceError(_("The file contains no pekerjaan; nothing was imported."))
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.RAB_IMPORT) as write:
        summary, created = _import_tree(
            write.project, parsed, replace=replace, use_file_ppn=use_file_ppn
        )
        write.touch(**({"ppn_percent": summary.ppn_percent} if summary.ppn_changed else {}))
        if link_ahsp:
            matches = _ahsp_matches([row.kode_pekerjaan for row in created])
            links = {
                row.pk: matches[row.kode_pekerjaan.strip()]
                for row in created
                if row.kode_pekerjaan.strip() in matches
            }
            ahsp_pricing.link_many(write, links)
            summary.ahsp_linked = len(links)
            write.detail["ahsp_linked"] = len(links)
        write.detail.update(
            replace=replace,
            pekerjaan_created=summary.pekerjaan_created,
            pekerjaan_deleted=summary.pekerjaan_deleted,
        )
    return summary


def _import_tree(
    locked: Project, parsed: ParsedRab, *, replace: bool, use_file_ppn: bool
) -> tuple[ImportSummary, list[Pekerjaan]]:
    deleted = (0, 0, 0)
    klasifikasi_start = 0
    if replace:
        deleted = _delete_tree(locked)
    else:
        top = Klasifikasi.objects.filter(project=locked).aggregate(top=Max("ordering_index"))
        klasifikasi_start = 0 if top["top"] is None else top["top"] + 1

    new_klasifikasi = Klasifikasi.objects.bulk_create(
        [
            Klasifikasi(project=locked, name=k.name, ordering_index=klasifikasi_start + i)
            for i, k in enumerate(parsed.klasifikasi)
        ],
        batch_size=BULK_BATCH,
    )
    new_subs = SubKlasifikasi.objects.bulk_create(
        [
            SubKlasifikasi(project=locked, klasifikasi=k_row, name=s.name, ordering_index=j)
            for k, k_row in zip(parsed.klasifikasi, new_klasifikasi, strict=True)
            for j, s in enumerate(k.subs)
        ],
        batch_size=BULK_BATCH,
    )
    parsed_subs = [s for k in parsed.klasifikasi for s in k.subs]
    new_pekerjaan = Pekerjaan.objects.bulk_create(
        [
            Pekerjaan(
                project=locked,
                sub_klasifikasi=s_row,
                kode_pekerjaan=p.kode,
                uraian=p.uraian,
                satuan=p.satuan,
                volume=p.volume,
                harga_satuan=p.harga_satuan,
                ordering_index=n,
            )
            for s, s_row in zip(parsed_subs, new_subs, strict=True)
            for n, p in enumerate(s.pekerjaan)
        ],
        batch_size=BULK_BATCH,
    )

    file_ppn = parsed.file_totals.ppn_percent
    ppn_changed = (
        use_file_ppn
        and file_ppn is not None
        and ZERO <= file_ppn <= HUNDRED
        and file_ppn != locked.ppn_percent
    )
    summary = ImportSummary(
        replace=replace,
        klasifikasi_created=len(new_klasifikasi),
        sub_klasifikasi_created=len(new_subs),
        pekerjaan_created=len(new_pekerjaan),
        klasifikasi_deleted=deleted[0],
        pekerjaan_deleted=deleted[1],
        assignments_deleted=deleted[2],
        total_biaya_langsung=parsed.total_biaya_langsung,
        file_total=parsed.file_totals.total_biaya_langsung,
        totals_match=parsed.totals_match,
        harga_adjusted=len(parsed.adjustments),
        ppn_percent=file_ppn if ppn_changed and file_ppn is not None else locked.ppn_percent,
        ppn_changed=bool(ppn_changed),
    )
    return summary, new_pekerjaan


@transaction.atomic
def rab_import_create_project(
    *,
    owner: AbstractBaseUser,
    parsed: ParsedRab,
    tanggal_mulai: dt.date,
    tanggal_selesai: dt.date,
    nama: str = "",
    link_ahsp: bool = False,
) -> tuple[Project, ImportSummary]:
    """A new project from the file's header block (nama, client, sumber dana, lokasi,
    anggaran, PPN), with the file's RAB in it. Both or neither are saved."""
    if not parsed.is_valid:
        raise ServiceError(_("The file has errors; nothing was imported."))
    meta = parsed.metadata
    data: dict[str, object] = {
        "nama": (nama or meta.nama or _("Imported RAB")).strip()[:200],
        "lokasi": meta.lokasi[:200],
        "sumber_dana": meta.sumber_dana[:200],
        "nama_client": meta.nama_client[:200],
        "anggaran_owner": meta.anggaran if meta.anggaran and meta.anggaran >= 0 else ZERO,
        "tanggal_mulai": tanggal_mulai,
        "tanggal_selesai": tanggal_selesai,
    }
    file_ppn = parsed.file_totals.ppn_percent
    if file_ppn is not None and ZERO <= file_ppn <= HUNDRED:
        data["ppn_percent"] = file_ppn
    try:
        project = project_create(owner=owner, data=data)
    except ValidationError as exc:  # the date rules, in the user's words
        raise ServiceError(" ".join(exc.messages)) from exc
    summary = rab_import_apply(
        project=project, parsed=parsed, replace=True, link_ahsp=link_ahsp, user=owner
    )
    return project, summary


# --- pending uploads -------------------------------------------------------------------------

PENDING_SALT = "detail_project.rab_import.pending"
PENDING_MAX_AGE = 3600  # seconds between the preview and the confirm
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class PendingUploadMissing(ServiceError):
    """The token is forged, expired, someone else's, or its file was already imported."""


def _sweep() -> None:
    """Forget uploads nobody confirmed within the allowed time."""
    cutoff = timezone.now() - dt.timedelta(seconds=PENDING_MAX_AGE + 60)
    PendingImport.objects.filter(created_at__lt=cutoff).delete()


def pending_upload_save(
    data: bytes, *, user_id: int, project: Project, filename: str, replace: bool
) -> str:
    """Keep `data` until confirm; return the signed token the preview form carries."""
    _sweep()
    token = secrets.token_hex(16)
    PendingImport.objects.create(
        token=token,
        user_id=user_id,
        project=project,
        filename=Path(filename or "").name[:200],
        replace=bool(replace),
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    payload = {"t": token, "u": user_id, "p": project.pk}
    return signing.dumps(payload, salt=PENDING_SALT, compress=True)


def _token(signed: str, *, user_id: int, project: Project) -> str:
    invalid = PendingUploadMissing(
        _("This preview has expired or is not valid; upload the file again.")
    )
    try:
        payload = signing.loads(signed, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise invalid from exc
    if (
        not isinstance(payload, dict)
        or payload.get("u") != user_id
        or payload.get("p") != project.pk
        or not _TOKEN.match(str(payload.get("t", "")))
    ):
        raise invalid
    return str(payload["t"])


def pending_upload_import(
    *, project: Project, signed: str, use_file_ppn: bool, user: User, link_ahsp: bool = False
) -> ImportSummary:
    """Import the upload the preview showed, or raise ServiceError saying why not.

    One transaction: the upload is claimed (a conditional UPDATE, so of two confirms at once only
    one finds it unclaimed), read again in the sandbox, written, and forgotten. If anything fails
    the claim rolls back with the import, and the planner can confirm again.
    """
    token = _token(signed, user_id=getattr(user, "pk", None), project=project)
    with transaction.atomic():
        claimed = PendingImport.objects.filter(token=token, project=project, claimed=False).update(
            claimed=True
        )
        if not claimed:
            raise PendingUploadMissing(
                _("This file was already imported or its preview expired; upload it again.")
            )
        pending = PendingImport.objects.get(token=token)
        data = bytes(pending.data)
        if hashlib.sha256(data).hexdigest() != pending.sha256:
            raise PendingUploadMissing(_("The uploaded file changed; upload it again."))
        parsed = parse_rab_file_bounded(data, max_bytes=settings.RAB_IMPORT_MAX_BYTES)
        summary = rab_import_apply(
            project=project,
            parsed=parsed,
            replace=pending.replace,
            use_file_ppn=use_file_ppn,
            link_ahsp=link_ahsp,
            user=user,
        )
        pending.delete()
    return summary


def pending_upload_discard(signed: str, *, user_id: int, project: Project) -> bool:
    """Forget an upload (Cancel). False when there was nothing to forget."""
    try:
        token = _token(signed, user_id=user_id, project=project)
    except PendingUploadMissing:
        return False
    deleted, _counts = PendingImport.objects.filter(
        token=token, project=project, claimed=False
    ).delete()
    return bool(deleted)
