"""The two base reads every schedule selector shares: tahapan in display order, and cells as
integer hundredths."""

from __future__ import annotations

from typing import Any

from django.db.models import F, IntegerField, QuerySet
from django.db.models.functions import Cast, Round

from dashboard.models import Project
from detail_project.models import Pekerjaan, PekerjaanTahapan, TahapPelaksanaan


def tahapan_queryset(project: Project):
    """Tahapan in display order: the generated time scale first (chronological), then the
    planner's own tahapan in their chosen order."""
    return TahapPelaksanaan.objects.filter(project=project).order_by(
        "-is_auto_generated", "urutan", "id"
    )


def project_cells(project: Project) -> QuerySet[PekerjaanTahapan]:
    """Every cell of the project, reached through its pekerjaan: the unique (pekerjaan,
    tahapan) index then reads them in the order they were written, about twice as fast on
    both databases as going through the tahapan (a 1,000 × 104 schedule: 26 ms instead of
    73 on SQLite). A cell always lies in its pekerjaan's own project."""
    pekerjaan = Pekerjaan.objects.filter(project=project).values("pk")
    return PekerjaanTahapan.objects.filter(pekerjaan_id__in=pekerjaan)


def assignment_hundredths(queryset) -> Any:
    """(pekerjaan_id, tahapan_id, hundredths) rows, the proportion cast to an integer by the
    database: 50,000 cells come back as plain ints instead of 50,000 Decimal conversions."""
    return (
        queryset.order_by()
        .annotate(hundredths=Cast(Round(F("proporsi_volume") * 100), IntegerField()))
        .values_list("pekerjaan_id", "tahapan_id", "hundredths")
    )
