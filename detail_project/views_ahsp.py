"""The AHSP pages of a project (SPEC §13): the harga dasar table (edit, export, import) and a
linked pekerjaan's analysis with its own lines. Thin: a form validates, one service writes,
the page says what happened. 404 unless the user owns the project."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ahsp.models import KATEGORI_ORDER, Kategori
from dashboard.access import Action, project_access
from dashboard.models import Project
from detail_project import money, scheduling
from detail_project.documents import harga_dasar as harga_documents
from detail_project.forms_ahsp import (
    AhspLineFormSet,
    HargaDasarForm,
    HargaDasarImportForm,
    line_edits,
)
from detail_project.importing.sandbox import Refused, run_bounded, too_complex_message
from detail_project.models import HargaDasar, Pekerjaan, PekerjaanAhspBaris
from detail_project.services import ahsp_pricing
from detail_project.services.errors import ServiceError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _rows(project: Project) -> list[HargaDasar]:
    rows = list(HargaDasar.objects.filter(project=project))
    rows.sort(key=lambda row: (KATEGORI_ORDER.get(row.kategori, 9), row.uraian, row.kode_item))
    return rows


def _usage(project: Project) -> dict[str, int]:
    """How many linked pekerjaan use each item."""
    counts: dict[str, set[int]] = {}
    for kode, pekerjaan_id in PekerjaanAhspBaris.objects.filter(
        pekerjaan__project=project
    ).values_list("kode_item", "pekerjaan_id"):
        counts.setdefault(kode, set()).add(pekerjaan_id)
    return {kode: len(ids) for kode, ids in counts.items()}


def _harga_url(project: Project) -> str:
    return reverse("detail_project:harga_dasar", args=[project.pk])


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.VIEW, write=Action.EDIT_RAB)
def harga_dasar(request: HttpRequest, project: Project) -> HttpResponse:
    rows = _rows(project)
    initial = {"overhead_profit_percent": project.overhead_profit_percent}
    data = request.POST if request.method == "POST" else None
    form = HargaDasarForm(data, rows=rows, initial=initial)
    can_edit = project.access.can_do(Action.EDIT_RAB)
    if not can_edit:  # the prices are shown, greyed out, with the reason
        for field in form.fields.values():
            field.disabled = True
    if form.is_valid():
        try:
            result = ahsp_pricing.harga_dasar_update(
                project=project,
                user=request.user,
                prices=form.prices(),
                overhead_profit_percent=form.cleaned_data["overhead_profit_percent"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _saved_message(result))
            return redirect(_harga_url(project))
    usage = _usage(project)
    groups = []
    for kategori in Kategori:
        members = [
            (row, field, usage.get(row.kode_item, 0))
            for row, field in form.bound_rows()
            if row.kategori == kategori
        ]
        if members:
            groups.append((kategori.label, members))
    linked = Pekerjaan.objects.filter(project=project, ahsp__isnull=False).count()
    return render(
        request,
        "detail_project/harga_dasar.html",
        {
            "project": project,
            "active_tab": "harga",
            "form": form,
            "groups": groups,
            "linked_count": linked,
            "unpriced_count": sum(1 for row in rows if not row.harga),
            "import_form": HargaDasarImportForm(),
            "can_edit": can_edit,
            "edit_reason": project.access.reasons.get(Action.EDIT_RAB, ""),
        },
    )


def _saved_message(result: ahsp_pricing.PricesResult) -> str:
    if not result.changed_items and not result.repriced:
        return _("Nothing changed: every price was already stored.")
    return ngettext(
        "Harga dasar saved; %(n)s pekerjaan repriced.",
        "Harga dasar saved; %(n)s pekerjaan repriced.",
        result.repriced,
    ) % {"n": result.repriced}


@login_required
@require_GET
@project_access(Action.VIEW)
def harga_dasar_export(request: HttpRequest, project: Project) -> HttpResponse:
    body = harga_documents.write_prices(_rows(project), project_name=project.nama)
    response = HttpResponse(body, content_type=XLSX)
    name = slugify(project.nama)[:60] or "project"
    response["Content-Disposition"] = f'attachment; filename="harga-dasar-{name}.xlsx"'
    return response


@login_required
@require_POST
@project_access(Action.EDIT_RAB)
def harga_dasar_import(request: HttpRequest, project: Project) -> HttpResponse:
    """Prices from an xlsx (the exported one, filled in): all of them or none."""
    form = HargaDasarImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an Excel (.xlsx) file to import."))
        return redirect(_harga_url(project))
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        messages.error(request, _("The file is larger than 5 MB; nothing was imported."))
        return redirect(_harga_url(project))
    outcome = run_bounded(harga_documents.READ_TARGET, upload.read())
    if isinstance(outcome, Refused):
        messages.error(request, too_complex_message(settings.RAB_IMPORT_PARSE_SECONDS))
        return redirect(_harga_url(project))
    if outcome.problems:
        messages.error(
            request,
            _("Nothing was imported: %(problems)s") % {"problems": " ".join(outcome.problems)},
        )
        return redirect(_harga_url(project))
    try:
        result = ahsp_pricing.harga_dasar_update(
            project=project, user=request.user, prices=outcome.prices
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _saved_message(result))
    return redirect(_harga_url(project))


# --- a pekerjaan's analysis ------------------------------------------------------------------


def _pekerjaan(project: Project, pekerjaan_id: int) -> Pekerjaan:
    pekerjaan = get_object_or_404(
        Pekerjaan.objects.select_related("ahsp", "sub_klasifikasi__klasifikasi"),
        pk=pekerjaan_id,
        project=project,
    )
    pekerjaan.project = project
    return pekerjaan


def _analysis_rows(pekerjaan: Pekerjaan) -> tuple[list[dict], scheduling.Analysis]:
    """The lines with their harga dasar and jumlah, and the A–F figures, from the engine."""
    lines = list(PekerjaanAhspBaris.objects.filter(pekerjaan=pekerjaan))
    prices = ahsp_pricing.project_prices(pekerjaan.project_id)
    analysis = scheduling.price(
        [scheduling.Line(row.kategori, row.kode_item, row.koefisien) for row in lines],
        prices,
        pekerjaan.project.overhead_profit_percent,
    )
    rows = [
        {
            "line": row,
            "harga": prices.get(row.kode_item),
            "jumlah": amount,
        }
        for row, amount in zip(lines, analysis.jumlah, strict=True)
    ]
    return rows, analysis


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.VIEW, write=Action.EDIT_RAB)
def pekerjaan_ahsp(request: HttpRequest, project: Project, pekerjaan_id: int) -> HttpResponse:
    pekerjaan = _pekerjaan(project, pekerjaan_id)
    page_url = reverse("detail_project:rab_pekerjaan_ahsp", args=[project.pk, pekerjaan.pk])
    if pekerjaan.ahsp_id is None:
        messages.info(request, _("This pekerjaan is not priced by an AHSP analysis."))
        return redirect(
            reverse("detail_project:rab", args=[project.pk]) + f"#pekerjaan-{pekerjaan.pk}"
        )
    if request.method == "POST":
        formset = AhspLineFormSet(request.POST, prefix="baris")
        if formset.is_valid():
            try:
                ahsp_pricing.lines_update(
                    pekerjaan=pekerjaan, user=request.user, lines=line_edits(formset)
                )
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Lines saved. Unit price now Rp %(harga)s.")
                    % {"harga": _rupiah(pekerjaan.harga_satuan)},
                )
                return redirect(page_url)
    else:
        formset = AhspLineFormSet(
            prefix="baris",
            initial=[
                {
                    "id": row.pk,
                    "kategori": row.kategori,
                    "kode_item": row.kode_item,
                    "uraian": row.uraian,
                    "satuan": row.satuan,
                    "koefisien": row.koefisien,
                }
                for row in PekerjaanAhspBaris.objects.filter(pekerjaan=pekerjaan)
            ],
        )
    rows, analysis = _analysis_rows(pekerjaan)
    sections = [
        (kategori.value, kategori.label, [row for row in rows if row["line"].kategori == kategori])
        for kategori in Kategori
    ]
    return render(
        request,
        "detail_project/pekerjaan_ahsp.html",
        {
            "project": pekerjaan.project,
            "active_tab": "rab",
            "pekerjaan": pekerjaan,
            "sections": sections,
            "analysis": analysis,
            "overhead_percent": pekerjaan.project.overhead_profit_percent,
            "formset": formset,
            "can_edit": project.access.can_do(Action.EDIT_RAB),
            "edit_reason": project.access.reasons.get(Action.EDIT_RAB, ""),
            "rab_url": reverse("detail_project:rab", args=[project.pk])
            + f"#pekerjaan-{pekerjaan.pk}",
        },
    )


def _rupiah(amount: Decimal) -> str:
    return money.format_number(amount, 0)


@login_required
@require_POST
@project_access(Action.EDIT_RAB)
def pekerjaan_ahsp_reset(request: HttpRequest, project: Project, pekerjaan_id: int) -> HttpResponse:
    pekerjaan = _pekerjaan(project, pekerjaan_id)
    try:
        ahsp_pricing.lines_reset(pekerjaan=pekerjaan, user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Lines copied again from the catalogue."))
    return redirect(reverse("detail_project:rab_pekerjaan_ahsp", args=[project.pk, pekerjaan.pk]))
