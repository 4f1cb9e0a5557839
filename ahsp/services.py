"""Writes of the AHSP catalogue: loading a parsed library (`ahsp.source`) into the database.

`catalogue_import` is one transaction and idempotent. Analyses are matched by kode: a new kode
is created; a known one has its nama, satuan, sumber, lengkap and catatan updated, and its lines
compared position by position with the file's (a line that differs is updated in place, extra
lines are added, surplus ones removed), so a second run of the same file writes nothing and says
so. An analysis missing from the file is left as it is: a project may link it
(`detail_project.Pekerjaan.ahsp` protects it), and a project's priced lines are its own copies,
so a catalogue change never alters a project.

Every write is a bulk statement over batches; a full load of the library is about 16,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone

from ahsp.models import AhspAnalisis, AhspBaris
from ahsp.source import ParsedAnalysis, ParsedCatalogue, ParsedLine

BATCH = 500
ANALYSIS_FIELDS = ("nama", "satuan", "sumber", "lengkap", "catatan")
LINE_FIELDS = (
    "urutan",
    "kategori",
    "kode_item",
    "uraian",
    "satuan",
    "koefisien",
    "koefisien_asli",
)

T = TypeVar("T")
LineValues = tuple[int, str, str, str, str, Decimal, str]


@dataclass(frozen=True, slots=True)
class ImportResult:
    analyses_created: int
    analyses_updated: int
    analyses_unchanged: int
    analyses_not_in_file: int  # in the catalogue, absent from the file: left as they are
    lines_created: int
    lines_updated: int
    lines_deleted: int
    lines_unchanged: int
    repaired: int
    refused: int
    incomplete: int  # analyses of the file with a refused line
    dry_run: bool

    @property
    def analyses(self) -> int:
        return self.analyses_created + self.analyses_updated + self.analyses_unchanged

    @property
    def lines(self) -> int:
        return self.lines_created + self.lines_updated + self.lines_unchanged

    @property
    def changed(self) -> bool:
        return bool(
            self.analyses_created
            or self.analyses_updated
            or self.lines_created
            or self.lines_updated
            or self.lines_deleted
        )


def _batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _values(line: ParsedLine, urutan: int) -> LineValues:
    return (
        urutan,
        line.kategori,
        line.kode_item,
        line.uraian,
        line.satuan,
        line.koefisien,
        line.koefisien_asli,
    )


def _stored_values(line: AhspBaris) -> LineValues:
    return (
        line.urutan,
        line.kategori,
        line.kode_item,
        line.uraian,
        line.satuan,
        Decimal(line.koefisien),
        line.koefisien_asli,
    )


def _new_line(analisis_id: int, values: LineValues) -> AhspBaris:
    return AhspBaris(analisis_id=analisis_id, **dict(zip(LINE_FIELDS, values, strict=True)))


def _fields_differ(stored: AhspAnalisis, parsed: ParsedAnalysis) -> bool:
    return any(getattr(stored, name) != getattr(parsed, name) for name in ANALYSIS_FIELDS)


def _lines_by_analysis() -> dict[int, list[AhspBaris]]:
    lines: dict[int, list[AhspBaris]] = {}
    for line in AhspBaris.objects.order_by("analisis_id", "urutan", "id").iterator(2000):
        lines.setdefault(line.analisis_id, []).append(line)
    return lines


def _created_ids(created: Iterable[AhspAnalisis]) -> dict[str, int]:
    """kode → id of analyses just bulk-created (read back where the database cannot return
    them from the insert)."""
    analyses = list(created)
    if connection.features.can_return_rows_from_bulk_insert:
        return {analysis.kode: analysis.pk for analysis in analyses}
    ids: dict[str, int] = {}
    for batch in _batches([analysis.kode for analysis in analyses]):
        ids.update(AhspAnalisis.objects.filter(kode__in=batch).values_list("kode", "id"))
    return ids


def catalogue_import(parsed: ParsedCatalogue, *, dry_run: bool = False) -> ImportResult:
    """Bring the catalogue in line with `parsed` (see the module docstring). With `dry_run`
    everything is done and counted inside the transaction, then rolled back."""
    now = timezone.now()
    with transaction.atomic():
        # Locked so two imports run one after the other rather than interleave.
        stored = {
            analysis.kode: analysis
            for analysis in AhspAnalisis.objects.select_for_update().order_by("pk")
        }
        stored_lines = _lines_by_analysis()
        in_file = {analysis.kode for analysis in parsed.analyses}

        to_create: list[AhspAnalisis] = []
        new_lines: dict[str, list[LineValues]] = {}
        to_update: list[AhspAnalisis] = []
        lines_to_create: list[AhspBaris] = []
        lines_to_update: list[AhspBaris] = []
        lines_to_delete: list[int] = []
        unchanged = lines_unchanged = 0

        for analysis in parsed.analyses:
            wanted = [_values(line, urutan) for urutan, line in enumerate(analysis.lines, 1)]
            existing = stored.get(analysis.kode)
            if existing is None:
                to_create.append(
                    AhspAnalisis(
                        kode=analysis.kode,
                        **{name: getattr(analysis, name) for name in ANALYSIS_FIELDS},
                    )
                )
                new_lines[analysis.kode] = wanted
                continue
            old = stored_lines.get(existing.pk, [])
            line_changed = False
            for index, values in enumerate(wanted):
                if index >= len(old):
                    lines_to_create.append(_new_line(existing.pk, values))
                    line_changed = True
                elif _stored_values(old[index]) != values:
                    line = old[index]
                    for name, value in zip(LINE_FIELDS, values, strict=True):
                        setattr(line, name, value)
                    lines_to_update.append(line)
                    line_changed = True
                else:
                    lines_unchanged += 1
            if len(old) > len(wanted):
                lines_to_delete += [line.pk for line in old[len(wanted) :]]
                line_changed = True
            if line_changed or _fields_differ(existing, analysis):
                for name in ANALYSIS_FIELDS:
                    setattr(existing, name, getattr(analysis, name))
                existing.updated_at = now
                to_update.append(existing)
            else:
                unchanged += 1

        AhspAnalisis.objects.bulk_create(to_create, batch_size=BATCH)
        for kode, analisis_id in _created_ids(to_create).items():
            lines_to_create += [_new_line(analisis_id, values) for values in new_lines[kode]]
        AhspAnalisis.objects.bulk_update(
            to_update, [*ANALYSIS_FIELDS, "updated_at"], batch_size=BATCH
        )
        for batch in _batches(lines_to_delete):
            AhspBaris.objects.filter(pk__in=batch).delete()
        AhspBaris.objects.bulk_update(lines_to_update, LINE_FIELDS, batch_size=BATCH)
        AhspBaris.objects.bulk_create(lines_to_create, batch_size=2000)

        result = ImportResult(
            analyses_created=len(to_create),
            analyses_updated=len(to_update),
            analyses_unchanged=unchanged,
            analyses_not_in_file=sum(1 for kode in stored if kode not in in_file),
            lines_created=len(lines_to_create),
            lines_updated=len(lines_to_update),
            lines_deleted=len(lines_to_delete),
            lines_unchanged=lines_unchanged,
            repaired=len(parsed.repairs),
            refused=len(parsed.refusals),
            incomplete=parsed.incomplete_count,
            dry_run=dry_run,
        )
        if dry_run:
            transaction.set_rollback(True)
    return result
