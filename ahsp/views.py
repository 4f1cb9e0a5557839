"""The AHSP catalogue's pages (SPEC §13): the searchable list, one analysis, and the JSON the
pekerjaan form's autocomplete reads. Shared by every signed-in user (the catalogue belongs to
no project); read-only. Thin: a form reads the search, a selector answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from ahsp import selectors
from ahsp.forms import CatalogueSearchForm


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET)
    search = form.search()
    page = selectors.catalogue_page(search=search, page=request.GET.get("page"))
    return render(
        request,
        "ahsp/catalogue.html",
        {"form": form, "search": search, "page": page},
        status=200 if form.is_valid() else 400,
    )


@login_required
@require_GET
def analisis(request: HttpRequest, pk: int) -> HttpResponse:
    analysis, sections = selectors.analisis_detail(pk=pk)
    return render(request, "ahsp/analisis.html", {"analisis": analysis, "sections": sections})


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


def search(request: HttpRequest) -> JsonResponse:
    """`{"ok": true, "results": [{"id", "kode", "nama", "satuan", "lengkap"}]}`, at most 20,
    kode-prefix matches first. Errors keep the API's shape: `{"ok": false, "error": …}`."""
    if request.method not in ("GET", "HEAD"):
        response = _error(
            gettext("Method %(method)s not allowed (use %(allowed)s).")
            % {"method": request.method, "allowed": "GET"},
            405,
        )
        response["Allow"] = "GET, HEAD"
        return response
    if not request.user.is_authenticated:
        return _error(gettext("Authentication required: log in first."), 401)
    form = CatalogueSearchForm(request.GET)
    if not form.is_valid():
        return _error(form.first_error(), 400)
    results = selectors.catalogue_suggestions(search=form.search())
    return JsonResponse({"ok": True, "results": results})
