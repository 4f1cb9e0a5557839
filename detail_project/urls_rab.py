"""URLs of the RAB page and its editing, included under `project/<int:project_id>/`.

Each level of the tree gets the same four URLs, named `rab_<level>_<action>`:

    rab/klasifikasi/new/                           rab_klasifikasi_create
    rab/klasifikasi/<int:klasifikasi_id>/edit/     rab_klasifikasi_edit (also delete/, move/)
    rab/klasifikasi/<int:klasifikasi_id>/sub/new/  rab_sub_klasifikasi_create
    rab/sub/<int:sub_id>/edit/                     rab_sub_klasifikasi_edit (also delete/, move/)
    rab/sub/<int:sub_id>/pekerjaan/new/            rab_pekerjaan_create
    rab/pekerjaan/<int:pekerjaan_id>/edit/         rab_pekerjaan_edit (also delete/, move/)
"""

from collections.abc import Callable
from functools import partial

from django.http import HttpResponse
from django.urls import URLPattern, path

from detail_project import views_rab
from detail_project.views_rab import LEVELS, Level


def _row_path(level: Level) -> str:
    return f"rab/{level.url_segment}/<int:{level.url_kwarg}>/"


def _level_urls(level: Level) -> list[URLPattern]:
    # A new row is added under its parent's URL (or the project's, for a klasifikasi).
    under = _row_path(level.parent) if level.parent is not None else "rab/"

    def url(route: str, view: Callable[..., HttpResponse], action: str) -> URLPattern:
        return path(route, partial(view, level=level), name=f"rab_{level.name}_{action}")

    return [
        url(f"{under}{level.url_segment}/new/", views_rab.rab_create, "create"),
        url(f"{_row_path(level)}edit/", views_rab.rab_edit, "edit"),
        url(f"{_row_path(level)}delete/", views_rab.rab_delete, "delete"),
        url(f"{_row_path(level)}move/", views_rab.rab_move, "move"),
    ]


urlpatterns = [
    path("rab/", views_rab.rab_page, name="rab"),
    *(pattern for level in LEVELS for pattern in _level_urls(level)),
]
