"""Set-based writes of schedule cells (`PekerjaanTahapan` rows).

A grid save may touch 10,000 cells and a switch to daily may write 365,000. The ORM would need
one INSERT per 199 rows on SQLite and a model instance per row; these helpers keep every write a
single statement (or one `executemany` / COPY), so the number of queries never grows with the
project. Values travel as decimal text ("12.34", from integer hundredths through a lookup
table) and the timestamps come from the columns' database defaults, so the database parses
nothing it does not need. Callers run them inside their own transaction; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from detail_project.models import PekerjaanTahapan
from detail_project.scheduling import FULL

Cell = tuple[int, int, int]  # (pekerjaan_id, tahapan_id, hundredths)

_TABLE = PekerjaanTahapan._meta.db_table
_COLUMNS = "pekerjaan_id, tahapan_id, proporsi_volume"
# "0.01" … "100.00": every value a cell can hold, formatted once.
_TEXT = [f"{h // 100}.{h % 100:02d}" for h in range(FULL + 1)]


def _table() -> str:
    return connection.ops.quote_name(_TABLE)


def _text(hundredths: int) -> str:
    if not 0 < hundredths <= FULL:
        raise ValueError(f"A cell holds 0.01 … 100.00 %, got {hundredths} hundredths")
    return _TEXT[hundredths]


def cells_upsert(cells: Sequence[Cell]) -> int:
    """Insert or update every cell in one statement batch; returns the number of cells."""
    if not cells:
        return 0
    table = _table()
    if connection.vendor == "mysql":
        conflict = (
            "ON DUPLICATE KEY UPDATE proporsi_volume = VALUES(proporsi_volume), "
            "updated_at = CURRENT_TIMESTAMP(6)"
        )
    else:
        conflict = (
            "ON CONFLICT (pekerjaan_id, tahapan_id) DO UPDATE SET "
            "proporsi_volume = excluded.proporsi_volume, updated_at = excluded.updated_at"
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement with three arrays instead of a round trip per cell.
            pekerjaan, tahapan, values = zip(*cells, strict=True)
            cursor.execute(
                f"INSERT INTO {table} ({_COLUMNS}) "  # noqa: S608
                "SELECT p, t, v FROM unnest(%s::bigint[], %s::bigint[], %s::numeric[]) "
                f"AS cell(p, t, v) {conflict}",
                [list(pekerjaan), list(tahapan), [_text(v) for v in values]],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({_COLUMNS}) VALUES (%s, %s, %s) {conflict}",  # noqa: S608
                [(p, t, _text(v)) for p, t, v in cells],
            )
    return len(cells)


def cells_delete(pairs: Sequence[tuple[int, int]]) -> int:
    """Delete the given (pekerjaan_id, tahapan_id) cells; returns how many existed."""
    if not pairs:
        return 0
    table = _table()
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


def cells_insert(cells: Iterable[Cell]) -> int:
    """Insert new cells given as (pekerjaan_id, tahapan_id, hundredths); none may exist yet.

    A switch to daily writes 365,000 of them, so the rows become one text for the database to
    unpack: a COPY stream on PostgreSQL, a JSON array unpacked by `json_each` on SQLite (about
    a fifth faster than binding the rows one by one). A value outside 0.01 … 100 is refused
    by the table's check constraint, rolling the caller's transaction back.
    """
    text = _TEXT
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            lines = [f"{p}\t{t}\t{text[h]}\n" for p, t, h in cells]
            if lines:
                with cursor.copy(f"COPY {_table()} ({_COLUMNS}) FROM STDIN") as copy:
                    copy.write("".join(lines))
            return len(lines)
        if connection.vendor == "sqlite":
            rows = [f"[{p},{t},{text[h]}]" for p, t, h in cells]
            if rows:
                cursor.execute(
                    f"INSERT INTO {_table()} ({_COLUMNS}) "  # noqa: S608
                    "SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(%s)",
                    ["[" + ",".join(rows) + "]"],
                )
            return len(rows)
        params = [(p, t, text[h]) for p, t, h in cells]
        if params:
            sql = f"INSERT INTO {_table()} ({_COLUMNS}) VALUES (%s, %s, %s)"  # noqa: S608
            cursor.executemany(sql, params)
        return len(params)
