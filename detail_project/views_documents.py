"""Document downloads (SPEC §11, §13): the time schedule, the progress reports, the RAB, the
rekap kebutuhan.

Thin: the URL says which document and format, `documents.*` builds and writes it, the answer is
an attachment named after the project. Another user's project is a 404 like every page; an
unknown format, scale, paper or period is a 404 (a URL that does not exist), never a 500.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ahsp.models import Kategori
from dashboard.access import Action, project_access
from dashboard.models import GENERATED_MODES, Project
from detail_project import clock
from detail_project.documents import kebutuhan as kebutuhan_documents
from detail_project.documents import rab as rab_documents
from detail_project.documents import report as report_documents
from detail_project.documents import schedule_writers
from detail_project.documents.header import document_language
from detail_project.documents.report import JENIS, report_document
from detail_project.documents.schedule import SCALES, schedule_document

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


def _attachment(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"  # the live schedule, not a file to keep around
    return response


def slug(project: Project) -> str:
    """The project's name as a file name.

    "Gedung Kantor Desa 2 Lantai" → "gedung-kantor-desa-2-lantai".
    """
    text = re.sub(r"[^A-Za-z0-9]+", "-", project.nama).strip("-").lower()
    return text[:60] or f"proyek-{project.pk}"


def _paper(request: HttpRequest) -> str:
    paper = request.GET.get("paper", "A3").upper()
    if paper not in ("A3", "A4"):
        raise Http404
    return paper


@login_required
@require_GET
@project_access(Action.VIEW)
def jadwal_export(request: HttpRequest, project: Project, fmt: str) -> HttpResponse:
    """The time schedule: `?scale=weekly|monthly` (default the current scale, weekly in the
    others), `?paper=A3|A4` for the PDF (landscape, A3 unless asked)."""
    scale = request.GET.get("scale") or None
    if scale is not None and scale not in SCALES:
        raise Http404
    paper = _paper(request)
    with document_language():
        document = schedule_document(project, scale=scale, today=clock.today())
        if fmt == "xlsx":
            content = schedule_writers.schedule_xlsx(document)
        elif fmt == "pdf":
            content = schedule_writers.schedule_pdf(document, paper=paper)
        elif fmt == "csv":
            content = schedule_writers.schedule_csv(document)
        else:
            raise Http404
    scale_word = {"weekly": "mingguan", "monthly": "bulanan"}[document.scale]
    return _attachment(content, fmt, f"jadwal-{scale_word}-{slug(project)}")


@login_required
@require_GET
@project_access(Action.VIEW)
def laporan(
    request: HttpRequest, project: Project, jenis: str, nomor: int, fmt: str
) -> HttpResponse:
    """The progress report of week (`mingguan`) or month (`bulanan`) `nomor`, 1-based."""
    if jenis not in JENIS or fmt not in ("pdf", "xlsx"):
        raise Http404
    paper = _paper(request) if "paper" in request.GET else "A4"
    with document_language():
        document = report_document(project, jenis=jenis, nomor=nomor, today=clock.today())
        if document is None:
            raise Http404
        if fmt == "xlsx":
            content = report_documents.report_xlsx(document)
        else:
            content = report_documents.report_pdf(document, paper=paper)
    return _attachment(content, fmt, f"laporan-{jenis}-{nomor}-{slug(project)}")


@login_required
@require_GET
@project_access(Action.VIEW)
def rab_export(request: HttpRequest, project: Project, fmt: str) -> HttpResponse:
    """The RAB with its totals: xlsx (live formulas) or PDF (A4 portrait unless `?paper=A3`)."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    paper = _paper(request) if "paper" in request.GET else "A4"
    with document_language():
        document = rab_documents.rab_document(project, today=clock.today())
        if fmt == "xlsx":
            content = rab_documents.rab_xlsx(document)
        else:
            content = rab_documents.rab_pdf(document, paper=paper)
    return _attachment(content, fmt, f"rab-{slug(project)}")


@login_required
@require_GET
@project_access(Action.VIEW)
def kebutuhan_export(request: HttpRequest, project: Project, fmt: str) -> HttpResponse:
    """The rekap kebutuhan (SPEC §13) as xlsx: `?scale=daily|weekly|monthly` (default the
    grid's), `?kategori=tenaga|bahan|alat` (default every kategori)."""
    scale = request.GET.get("scale") or None
    kategori = request.GET.get("kategori") or None
    if (
        fmt != "xlsx"
        or (scale is not None and scale not in GENERATED_MODES)
        or (kategori is not None and kategori not in Kategori.values)
    ):
        raise Http404
    with document_language():
        document = kebutuhan_documents.kebutuhan_document(
            project, scale=scale, kategori=kategori, today=clock.today()
        )
        content = kebutuhan_documents.kebutuhan_xlsx(document)
    return _attachment(content, fmt, kebutuhan_documents.file_name(document, slug(project)))
