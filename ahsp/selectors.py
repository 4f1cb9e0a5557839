"""Reads of the AHSP catalogue for its pages and the autocomplete, in a constant number of
queries however large the catalogue is.

A search `q` matches an analysis whose kode starts with `q` ("2.2.1" → 2.2.1, 2.2.1.1,
2.2.10 …) or whose name contains every word of `q` (case ignored). Results come kode-prefix
matches first, each group in the kode's natural order (1.1.1.2 before 1.1.1.10), which the
database cannot sort: the matching ids and kodes are read (one small query), sorted here, and
only the rows shown are fetched with their line count (a second query).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ahsp.models import AhspAnalisis, AhspBaris, Kategori

PER_PAGE = 50
SUGGESTIONS = 20
MAX_ID = 2**63 - 1  # ids beyond a BigAutoField cannot exist; asking for one is a plain 404

_PARTS = re.compile(r"(\d+)")


def kode_sort_key(kode: str) -> tuple[tuple[int, int, str], ...]:
    """1.1.1.2 before 1.1.1.10; letters after numbers, compared as text."""
    key = []
    for part in _PARTS.split(kode.casefold()):
        if part.isdigit():
            key.append((0, int(part), ""))
        elif part:
            key.append((1, 0, part))
    return tuple(key)


def _matching(search: str) -> QuerySet[AhspAnalisis]:
    analyses = AhspAnalisis.objects.all()
    words = search.split()
    if not words:
        return analyses
    by_name = Q()
    for word in words:
        by_name &= Q(nama__icontains=word)
    return analyses.filter(Q(kode__istartswith=search) | by_name)


def _ordered_ids(search: str) -> list[int]:
    prefix = search.casefold()
    rows = _matching(search).order_by().values_list("pk", "kode")
    ordered = sorted(
        rows,
        key=lambda row: (
            not (prefix and row[1].casefold().startswith(prefix)),
            kode_sort_key(row[1]),
        ),
    )
    return [pk for pk, _ in ordered]


def _rows(ids: Sequence[int], queryset: QuerySet[AhspAnalisis]) -> list[AhspAnalisis]:
    found = {analysis.pk: analysis for analysis in queryset.filter(pk__in=list(ids))}
    return [found[pk] for pk in ids if pk in found]


def catalogue_page(*, search: str, page: Any) -> Page:
    """One page of the catalogue; each analysis carries `jumlah_baris` (its line count)."""
    paginator = Paginator(_ordered_ids(search), PER_PAGE)
    current = paginator.get_page(page)
    current.object_list = _rows(
        list(current.object_list), AhspAnalisis.objects.annotate(jumlah_baris=Count("baris"))
    )
    return current


def catalogue_suggestions(*, search: str, limit: int = SUGGESTIONS) -> list[dict[str, Any]]:
    """The autocomplete's answer: at most `limit` analyses, kode-prefix matches first."""
    if not search.split():
        return []
    ids = _ordered_ids(search)[:limit]
    rows = _rows(ids, AhspAnalisis.objects.only("kode", "nama", "satuan", "lengkap"))
    return [
        {
            "id": analysis.pk,
            "kode": analysis.kode,
            "nama": analysis.nama,
            "satuan": analysis.satuan,
            "lengkap": analysis.lengkap,
        }
        for analysis in rows
    ]


@dataclass(frozen=True, slots=True)
class Section:
    kategori: str
    label: str
    lines: list[AhspBaris]


def analisis_detail(*, pk: int) -> tuple[AhspAnalisis, list[Section]]:
    """The analysis and its lines in the regulation's three parts (each part listed even when
    empty, so a missing part shows). 404 when there is no such analysis."""
    if not 0 < pk <= MAX_ID:
        raise Http404("AHSP analysis not found")
    try:
        analysis = AhspAnalisis.objects.get(pk=pk)
    except AhspAnalisis.DoesNotExist:
        raise Http404("AHSP analysis not found") from None
    by_kategori: dict[str, list[AhspBaris]] = {kategori.value: [] for kategori in Kategori}
    for line in AhspBaris.objects.filter(analisis=analysis).order_by("urutan", "id"):
        by_kategori.setdefault(line.kategori, []).append(line)
    sections = [
        Section(kategori.value, str(kategori.label), by_kategori[kategori.value])
        for kategori in Kategori
    ]
    return analysis, sections
