"""Rekap kebutuhan (SPEC §13): the resources each period of the schedule needs. Thin: parse,
call the selector, answer."""

from __future__ import annotations

import json
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Router
from pydantic import WithJsonSchema

from ahsp.models import Kategori
from dashboard.access import Action, project_access
from dashboard.models import Project
from detail_project.api.responses import errors
from detail_project.api.schemas import RekapKebutuhanOut
from detail_project.selectors.kebutuhan import rekap_kebutuhan_data
from detail_project.selectors.kurva_s import SCALES
from detail_project.services.errors import ServiceError

router = Router(tags=["kebutuhan"])
BASE = "project/{int:project_id}/"


@router.get(
    BASE + "rekap-kebutuhan-enhanced/", response={200: RekapKebutuhanOut, **errors(400, 401, 404)}
)
@project_access(Action.VIEW)
def rekap_kebutuhan(
    request: HttpRequest,
    project: Project,
    scale: Annotated[str | None, WithJsonSchema({"type": "string", "enum": list(SCALES)})] = None,
    kategori: Annotated[
        str | None, WithJsonSchema({"type": "string", "enum": list(Kategori.values)})
    ] = None,
) -> HttpResponse:
    """Per period of the schedule (`scale`: daily, weekly or monthly; default the grid's),
    every resource's quantity = Σ over the AHSP-priced pekerjaan of volume × its share in the
    period × koefisien, its harga dasar and cost; `kategori` keeps tenaga, bahan or alat."""
    if scale is not None and scale not in SCALES:
        raise ServiceError(
            gettext("Unknown time scale “%(scale)s”: use daily, weekly or monthly.")
            % {"scale": scale}
        )
    if kategori is not None and kategori not in Kategori.values:
        raise ServiceError(
            gettext("Unknown kategori “%(kategori)s”: use tenaga, bahan or alat.")
            % {"kategori": kategori}
        )
    data = rekap_kebutuhan_data(project, scale=scale, kategori=kategori)
    body = json.dumps({"ok": True, **data}, separators=(",", ":"))
    return HttpResponse(body, content_type="application/json")
