"""RAB import pages: upload → preview → confirm, and the template download.

Every view is owner-only (another user's project is a 404) and thin: the form checks the
upload, `importing.parse_rab_file` reads it, `services.rab_import` keeps it and writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.access import Action, project_access
from dashboard.models import Project
from detail_project.forms_import import RabImportConfirmForm, RabImportForm
from detail_project.importing import ParsedRab
from detail_project.importing.sandbox import parse_rab_file_bounded
from detail_project.importing.templates import build_template_csv, build_template_xlsx
from detail_project.models import Pekerjaan
from detail_project.money import format_rupiah, format_trimmed
from detail_project.services.errors import ServiceError
from detail_project.services.rab_import import (
    ImportSummary,
    pending_upload_discard,
    pending_upload_import,
    pending_upload_save,
    rab_import_preview,
)

# How many pekerjaan the preview lists; the counts and totals always cover the whole file.
PREVIEW_ROWS = 500

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
@project_access(Action.EDIT_RAB)
def rab_import(request: HttpRequest, project: Project) -> HttpResponse:
    max_bytes = settings.RAB_IMPORT_MAX_BYTES
    if request.method == "POST":
        form = RabImportForm(request.POST, request.FILES, max_bytes=max_bytes)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            parsed = parse_rab_file_bounded(data, max_bytes=max_bytes)
            replace = form.cleaned_data["replace"]
            token = ""
            preview = None
            if parsed.is_valid:
                preview = rab_import_preview(project=project, parsed=parsed, replace=replace)
                token = pending_upload_save(
                    data,
                    user_id=request.user.pk,
                    project=project,
                    filename=upload.name,
                    replace=replace,
                )
            return render(
                request,
                "detail_project/rab_import_preview.html",
                {
                    "project": project,
                    "active_tab": "rab",
                    "filename": upload.name,
                    "parsed": parsed,
                    "preview": preview,
                    "confirm_form": RabImportConfirmForm(
                        initial={"token": token, "use_file_ppn": True}
                    ),
                    "tree": _preview_tree(parsed),
                    "shown_rows": PREVIEW_ROWS,
                },
            )
    else:
        form = RabImportForm(max_bytes=max_bytes)
    return render(
        request,
        "detail_project/rab_import.html",
        {
            "project": project,
            "active_tab": "rab",
            "form": form,
            "existing_pekerjaan": Pekerjaan.objects.filter(project=project).count(),
            "max_mb": max_bytes / 1024 / 1024,
        },
    )


def _preview_tree(parsed: ParsedRab) -> list[dict[str, object]]:
    """The klasifikasi › sub › pekerjaan rows to list, cut after PREVIEW_ROWS pekerjaan."""
    remaining = PREVIEW_ROWS
    tree: list[dict[str, object]] = []
    for klasifikasi in parsed.klasifikasi:
        subs = []
        for sub in klasifikasi.subs:
            rows = sub.pekerjaan[: max(remaining, 0)]
            remaining -= len(rows)
            subs.append({"sub": sub, "rows": rows, "hidden": len(sub.pekerjaan) - len(rows)})
        tree.append({"klasifikasi": klasifikasi, "subs": subs})
    return tree


def _success_message(summary: ImportSummary) -> str:
    text = _(
        "Imported %(pekerjaan)d pekerjaan in %(klasifikasi)d klasifikasi and %(subs)d "
        "sub-klasifikasi. TOTAL BIAYA LANGSUNG of the file: %(total)s."
    ) % {
        "pekerjaan": summary.pekerjaan_created,
        "klasifikasi": summary.klasifikasi_created,
        "subs": summary.sub_klasifikasi_created,
        "total": format_rupiah(summary.total_biaya_langsung),
    }
    if summary.totals_match:
        text += " " + _("It matches the file.")
    elif summary.totals_match is False:
        text += " " + _("The file says %(total)s.") % {"total": format_rupiah(summary.file_total)}
    if summary.ppn_changed:
        text += " " + _("PPN set to %(ppn)s %%.") % {"ppn": format_trimmed(summary.ppn_percent)}
    if summary.ahsp_linked:
        text += " " + ngettext(
            "%(n)d pekerjaan priced by its AHSP analysis: set the harga dasar on the Harga "
            "dasar page.",
            "%(n)d pekerjaan priced by their AHSP analyses: set the harga dasar on the Harga "
            "dasar page.",
            summary.ahsp_linked,
        ) % {"n": summary.ahsp_linked}
    return text


@login_required
@require_POST
@project_access(Action.EDIT_RAB)
def rab_import_confirm(request: HttpRequest, project: Project) -> HttpResponse:
    form = RabImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This preview is not valid; upload the file again."))
        return redirect("detail_project:rab_import", project_id=project.pk)
    try:
        summary = pending_upload_import(
            project=project,
            signed=form.cleaned_data["token"],
            use_file_ppn=form.cleaned_data["use_file_ppn"],
            link_ahsp=form.cleaned_data["link_ahsp"],
            user=request.user,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("detail_project:rab_import", project_id=project.pk)
    messages.success(request, _success_message(summary))
    return redirect("detail_project:rab", project_id=project.pk)


@login_required
@require_POST
@project_access(Action.EDIT_RAB)
def rab_import_cancel(request: HttpRequest, project: Project) -> HttpResponse:
    pending_upload_discard(request.POST.get("token", ""), user_id=request.user.pk, project=project)
    messages.info(request, _("Import cancelled; nothing was changed."))
    return redirect("detail_project:rab", project_id=project.pk)


@login_required
@require_GET
@project_access(Action.VIEW)
def rab_import_template(request: HttpRequest, project: Project) -> HttpResponse:
    kind = request.GET.get("format", "xlsx")
    if kind == "xlsx":
        response = HttpResponse(build_template_xlsx(), content_type=XLSX_TYPE)
    elif kind == "csv":
        response = HttpResponse(build_template_csv(), content_type="text/csv; charset=utf-8")
    else:
        return HttpResponseBadRequest(_("Unknown format; use ?format=xlsx or ?format=csv."))
    response["Content-Disposition"] = f'attachment; filename="template_rab.{kind}"'
    return response
