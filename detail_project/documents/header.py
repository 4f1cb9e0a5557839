"""What every document prints above its table and below it: the project's identity and the
signature blocks (project fields, edited on the project form).

Everything here is text already written the Indonesian way (dates `5 Januari 2026`, money
`Rp 1.234.567`); the writers only place it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext

from dashboard.models import Project
from detail_project import money

# Documents are written in Indonesian whatever language the page was in.
DOCUMENT_LANGUAGE = "id"


def long_date(day: dt.date) -> str:
    """`5 Januari 2026` (the active language's month names: Indonesian inside a document)."""
    return formats.date_format(day, "j F Y")


def document_language() -> translation.override:
    """`with document_language(): …` writes words, numbers and dates in Indonesian."""
    return translation.override(DOCUMENT_LANGUAGE)


@dataclass(frozen=True)
class Signature:
    peran: str
    nama: str
    jabatan: str


@dataclass(frozen=True)
class ProjectHeader:
    """(label, value) lines of the header block, and the signatures."""

    nama: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    place_date: str = ""  # "Bandung, 7 Desember 2026" above the signatures


def project_header(
    project: Project, *, today: dt.date, total: Decimal | None = None
) -> ProjectHeader:
    """The header block of `project` (call inside `document_language()`). Empty fields are left
    out, so a project without its contract details still prints a tidy header."""
    lines = [
        (gettext("Location"), project.lokasi),
        (gettext("Funding source"), project.sumber_dana),
        (gettext("Budget year"), str(project.tahun_anggaran or "")),
        (gettext("Contract number"), project.nomor_kontrak),
        (
            gettext("Contract date"),
            long_date(project.tanggal_kontrak) if project.tanggal_kontrak else "",
        ),
        (gettext("Owner / PPK"), project.pemilik_ppk or project.nama_client),
        (gettext("Contractor"), project.kontraktor),
        (gettext("Supervising consultant"), project.konsultan_pengawas),
        (
            gettext("Duration"),
            gettext("%(start)s to %(end)s (%(days)s days)")
            % {
                "start": long_date(project.tanggal_mulai),
                "end": long_date(project.tanggal_selesai),
                "days": money.format_number(project.durasi_hari, 0),
            },
        ),
    ]
    if total is not None:
        lines.append((gettext("Contract value (before PPN)"), money.format_rupiah(total)))
    signatures = [
        Signature(block.get("peran", ""), block.get("nama", ""), block.get("jabatan", ""))
        for block in (project.tanda_tangan or [])
        if isinstance(block, dict)
    ]
    place = project.lokasi.split(",")[0].strip()
    place_date = f"{place}, {long_date(today)}" if place else long_date(today)
    return ProjectHeader(
        nama=project.nama,
        lines=[(label, value) for label, value in lines if value],
        signatures=signatures,
        place_date=place_date,
    )
