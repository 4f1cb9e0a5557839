"""The two base reads every schedule selector shares: tahapan in display order, and cells as
integer hundredths."""

from __future__ import annotations

from typing import Any

from django.db.models import F, IntegerField
from django.db.models.functions import Cast, Round

from dashboard.models import Project
from detail_project.models import TahapPelaksanaan


def tahapan_queryset(project: Project):
    """Tahapan in display order: the generated time scale first (chronological), then the
    planner's own tahapan in their chosen order."""
    return TahapPelaksanaan.objects.filter(project=project).order_by(
        "-is_auto_generated", "urutan", "id"
    )


def assignment_hundredths(queryset) -> Any:
    """(pekerjaan_id, tahapan_id, hundredths) rows, the proportion cast to an integer by the
    database: 50,000 cells come back as plain ints instead of 50,000 Decimal conversions."""
    return (
        queryset.order_by()
        .annotate(hundredths=Cast(Round(F("proporsi_volume") * 100), IntegerField()))
        .values_list("pekerjaan_id", "tahapan_id", "hundredths")
    )
