"""Project pages outside the RAB: the entry redirect and the Jadwal Pekerjaan page."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dashboard.access import Action, project_access
from dashboard.models import JadwalMode, Project
from detail_project import scheduling
from detail_project.selectors.jadwal import jadwal_grid_json

STATIC_DIR = Path(__file__).parent / "static" / "detail_project"
# The page's ES modules; the template maps each to its (hashed) static URL in an import map.
JADWAL_MODULES = tuple(sorted(path.name for path in (STATIC_DIR / "js" / "jadwal").glob("*.js")))
# RevoGrid's lazily loaded chunks, preloaded in parallel instead of discovered one import at a
# time (they are imported by their plain names, so they are listed unhashed).
REVOGRID_DIR = "revogrid-4.28.1"
REVOGRID_CHUNKS = tuple(
    sorted(
        path.name
        for path in (STATIC_DIR / "vendor" / REVOGRID_DIR).glob("*.js")
        if path.name not in {"revo-grid.esm.js", "index.esm.js", "revogr-filter-panel.entry.js"}
    )
)


def schedule_json_script(json_text: str, element_id: str) -> SafeString:
    """What Django's `json_script` writes, for JSON that is already text.

    The schedule arrives as JSON built by the database (`jadwal_grid_json`); this applies the
    same escaping of <, > and & as `json_script` (so no user text can close the script
    element), with three `str.replace` calls instead of `str.translate`, which spends 60 ms on
    the 1.2 MB of a 1,000 pekerjaan × 104 weeks schedule. A test checks it matches Django's.
    """
    text = json_text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        mark_safe(text),  # noqa: S308 - escaped just above, exactly like json_script
    )


def document_choices(project: Project) -> dict[str, object]:
    """What the page's "Documents" dialog offers: the export URLs, and the weeks and months a
    progress report can be made for ([nomor, first day, last day], ISO dates)."""

    def periods(mode: str) -> list[list[object]]:
        return [
            [nomor, period.start.isoformat(), period.end.isoformat()]
            for nomor, period in enumerate(
                scheduling.generate_periods(
                    mode,
                    project.tanggal_mulai,
                    project.tanggal_selesai,
                    week_end_day=project.week_end_day,
                ),
                start=1,
            )
        ]

    return {
        "jadwal": reverse("detail_project:jadwal_export", args=[project.pk, "FMT"]),
        "laporan": reverse("detail_project:laporan", args=[project.pk, "JENIS", 1, "FMT"]),
        "mingguan": periods(JadwalMode.WEEKLY),
        "bulanan": periods(JadwalMode.MONTHLY),
    }


@login_required
@require_GET
@project_access(Action.VIEW)
def project_home(request: HttpRequest, project: Project) -> HttpResponse:
    return redirect("detail_project:rab", project_id=project.pk)


@login_required
@require_GET
@never_cache  # the page carries the live schedule; Back must not show an old copy
@project_access(Action.VIEW)
def jadwal_pekerjaan(request: HttpRequest, project: Project) -> HttpResponse:
    """The schedule grid, Gantt and Kurva S. The whole schedule travels in the page (the same
    JSON as `GET jadwal/`), so the grid draws without a second request."""
    # The grid's fetch() writes send the CSRF token: read from the csrftoken cookie, or from the
    # page when the cookie is HttpOnly.
    csrf_token = get_token(request)
    return render(
        request,
        "detail_project/jadwal_pekerjaan.html",
        {
            "project": project,
            "active_tab": "jadwal",
            "jadwal_data_script": schedule_json_script(jadwal_grid_json(project), "jadwal-data"),
            "jadwal_modules": JADWAL_MODULES,
            "revogrid_chunks": REVOGRID_CHUNKS,
            "access": project.access,
            "jadwal_config": {
                "access": {
                    "peran": project.access.peran,
                    "can": project.access.can,
                    "reasons": project.access.reasons,
                },
                "api_base": f"{reverse('api:api-root')}project/{project.pk}/",
                "csrf_token": csrf_token,
                "documents": document_choices(project),
            },
        },
    )
