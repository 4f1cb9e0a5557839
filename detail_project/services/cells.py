"""Set-based writes of schedule cells (`PekerjaanTahapan` rows).

A grid save may touch 10,000 cells and a switch to daily may write 350,000. The ORM would need
one INSERT per 199 rows on SQLite and a model instance per row; these helpers keep every write a
single statement (or one `executemany` / COPY), so the number of queries never grows with the
project and a large save stays well under half a second. Callers run them inside their own
transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from detail_project.models import PekerjaanTahapan

Cell = tuple[int, int, Decimal]  # (pekerjaan_id, tahapan_id, proporsi_volume)

_TABLE = PekerjaanTahapan._meta.db_table
_COLUMNS = ("pekerjaan_id", "tahapan_id", "proporsi_volume", "created_at", "updated_at")


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _now_param() -> object:
    now = timezone.now()
    if connection.vendor == "postgresql":
        return now
    return connection.ops.adapt_datetimefield_value(now)


def cells_upsert(cells: Sequence[Cell]) -> int:
    """Insert or update every cell in one statement batch; returns the number of cells."""
    if not cells:
        return 0
    now = _now_param()
    table = _quoted(_TABLE)
    columns = ", ".join(_quoted(c) for c in _COLUMNS)
    if connection.vendor == "mysql":
        conflict = (
            "ON DUPLICATE KEY UPDATE proporsi_volume = VALUES(proporsi_volume), "
            "updated_at = VALUES(updated_at)"
        )
    else:
        conflict = (
            "ON CONFLICT (pekerjaan_id, tahapan_id) DO UPDATE SET "
            "proporsi_volume = excluded.proporsi_volume, updated_at = excluded.updated_at"
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement with three arrays instead of a round trip per cell.
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                "SELECT p, t, v, %s, %s FROM unnest(%s::bigint[], %s::bigint[], %s::numeric[]) "
                f"AS cell(p, t, v) {conflict}"
            )
            pekerjaan, tahapan, values = zip(*cells, strict=True)
            cursor.execute(sql, [now, now, list(pekerjaan), list(tahapan), list(values)])
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s) {conflict}"  # noqa: S608
            cursor.executemany(sql, [(p, t, v, now, now) for p, t, v in cells])
    return len(cells)


def cells_delete(pairs: Sequence[tuple[int, int]]) -> int:
    """Delete the given (pekerjaan_id, tahapan_id) cells; returns how many existed."""
    if not pairs:
        return 0
    table = _quoted(_TABLE)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pekerjaan, tahapan = zip(*pairs, strict=True)
            cursor.execute(
                f"DELETE FROM {table} AS cell USING unnest(%s::bigint[], %s::bigint[]) "  # noqa: S608
                "AS gone(p, t) WHERE cell.pekerjaan_id = gone.p AND cell.tahapan_id = gone.t",
                [list(pekerjaan), list(tahapan)],
            )
        else:
            sql = f"DELETE FROM {table} WHERE pekerjaan_id = %s AND tahapan_id = %s"  # noqa: S608
            cursor.executemany(sql, list(pairs))
        return max(cursor.rowcount, 0)


def cells_insert(cells: Iterable[tuple[int, int, int]]) -> int:
    """Insert new cells given as (pekerjaan_id, tahapan_id, hundredths); none may exist yet.

    Values go to the database as decimal text ("12.34"), never through float or Decimal
    objects: a switch to daily writes 350,000 of them. PostgreSQL streams them with COPY.
    """
    rows = [(p, t, f"{h // 100}.{h % 100:02d}") for p, t, h in cells]
    if not rows:
        return 0
    now = _now_param()
    table = _quoted(_TABLE)
    columns = ", ".join(_quoted(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY in text format: one buffer instead of 350,000 parameter adaptations.
            stamp = now.isoformat()
            text = "".join(f"{p}\t{t}\t{v}\t{stamp}\t{stamp}\n" for p, t, v in rows)
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(text)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
            cursor.executemany(sql, [(p, t, v, now, now) for p, t, v in rows])
    return len(rows)
