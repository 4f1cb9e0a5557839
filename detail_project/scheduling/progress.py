"""Progress against the plan: realisasi, deviasi, kontrak kritis and SPI per period (SPEC §10).

Inputs are two Kurva S of the same axis: the plan (rencana) and the work actually done
(realisasi), each computed by `kurva_s` from per-pekerjaan rows in hundredths, plus which slots
hold any realisasi at all. Everything here is on the *displayed* figures (hundredths of a
percent, already rounded once), so a planner who checks a period by hand from the numbers on the
page gets exactly the status the page shows:

    deviasi            = realisasi − rencana                       (points, per period)
    deviasi kumulatif  = realisasi kumulatif − rencana kumulatif
    status             = "kritis"     rencana kumulatif < 70.00 and deviasi kumulatif < −10.00,
                                      or rencana kumulatif ≥ 70.00 and deviasi kumulatif < −5.00
                         "terlambat"  otherwise, if deviasi kumulatif < 0
                         "normal"     otherwise

(Permen PU 07/PRT/M/2011, carried into later PUPR rules: the thresholds start Show Cause
Meetings.) Periods after the last one holding realisasi are not reported yet: their realisasi,
deviasi and status are None. SPI = realisasi kumulatif / rencana kumulatif at the last reported
period, in hundredths (95 == 0.95), None while nothing is planned there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .kurva_s import KurvaS
from .weights import divide_half_up

NORMAL = "normal"
TERLAMBAT = "terlambat"
KRITIS = "kritis"
STATUSES = (NORMAL, TERLAMBAT, KRITIS)

# Thresholds in hundredths of a percent (points × 100).
PLAN_THRESHOLD = 7000  # rencana kumulatif at which the allowed delay narrows
DELAY_BEFORE = -1000  # kritis below this deviasi while rencana kumulatif < 70 %
DELAY_AFTER = -500  # kritis below this deviasi once rencana kumulatif ≥ 70 %


def status_of(rencana_kumulatif: int, deviasi_kumulatif: int) -> str:
    """The kontrak kritis status of one period (both arguments in hundredths)."""
    limit = DELAY_BEFORE if rencana_kumulatif < PLAN_THRESHOLD else DELAY_AFTER
    if deviasi_kumulatif < limit:
        return KRITIS
    if deviasi_kumulatif < 0:
        return TERLAMBAT
    return NORMAL


def last_reported(rows: Mapping[object, Sequence[int]], width: int) -> int | None:
    """Index of the last slot where any pekerjaan has realisasi (a cost-free one counts too:
    it was reported, even if it weighs nothing), or None when nothing was reported."""
    last = -1
    for row in rows.values():
        for index in range(width - 1, last, -1):
            if row[index]:
                last = index
                break
    return last if last >= 0 else None


@dataclass(frozen=True)
class Progress:
    """Per slot, None after the last reported one; all in hundredths of a percent."""

    realisasi: list[int | None]
    realisasi_kumulatif: list[int | None]
    deviasi: list[int | None]
    deviasi_kumulatif: list[int | None]
    status: list[str | None]
    last: int | None  # index of the last reported slot
    spi: int | None  # hundredths: 95 == 0.95


def progress(rencana: KurvaS, realisasi: KurvaS, last: int | None) -> Progress:
    """Realisasi, deviasi and status per slot, up to and including slot `last`."""
    width = len(rencana.rencana)
    if len(realisasi.rencana) != width:
        raise ValueError(f"{len(realisasi.rencana)} realisasi slots for {width} planned ones")
    if last is not None and not 0 <= last < width:
        raise ValueError(f"last reported slot {last} is outside 0..{width - 1}")
    reported = 0 if last is None else last + 1
    pad: list[None] = [None] * (width - reported)
    real = realisasi.rencana[:reported]
    real_kum = realisasi.kumulatif[:reported]
    dev = [r - p for r, p in zip(real, rencana.rencana, strict=False)]
    dev_kum = [r - p for r, p in zip(real_kum, rencana.kumulatif, strict=False)]
    status = [status_of(p, d) for p, d in zip(rencana.kumulatif, dev_kum, strict=False)]
    spi = None
    if last is not None and rencana.kumulatif[last] > 0:
        spi = divide_half_up(100 * realisasi.kumulatif[last], rencana.kumulatif[last])
    return Progress(
        realisasi=[*real, *pad],
        realisasi_kumulatif=[*real_kum, *pad],
        deviasi=[*dev, *pad],
        deviasi_kumulatif=[*dev_kum, *pad],
        status=[*status, *pad],
        last=last,
        spi=spi,
    )


@dataclass(frozen=True)
class Summary:
    """The page header's card: the plan as of today, and the last report against it."""

    today_slot: int | None  # the dated slot containing today (clamped to the project)
    rencana_hari_ini: int  # rencana kumulatif of that slot (0 before the first one starts)
    last: int | None
    rencana: int | None  # rencana kumulatif of the last reported slot
    realisasi: int | None
    deviasi: int | None
    spi: int | None
    status: str | None


def today_slot(spans: Sequence[tuple[dt.date, dt.date] | None], today: dt.date) -> int | None:
    """The dated slot holding `today`; the last dated slot when today is after them all, the
    one after a gap when today falls in a gap, None before the first one (or with none).
    `spans` lists (start, end) per slot, None for an undated one."""
    found = None
    for index, span in enumerate(spans):
        if span is None:
            continue
        start, end = span
        if start > today:
            return found
        found = index
        if today <= end:
            return index
    return found


def summary(
    rencana: KurvaS,
    state: Progress,
    spans: Sequence[tuple[dt.date, dt.date] | None],
    today: dt.date,
) -> Summary:
    slot = today_slot(spans, today)
    last = state.last
    return Summary(
        today_slot=slot,
        rencana_hari_ini=rencana.kumulatif[slot] if slot is not None else 0,
        last=last,
        rencana=rencana.kumulatif[last] if last is not None else None,
        realisasi=state.realisasi_kumulatif[last] if last is not None else None,
        deviasi=state.deviasi_kumulatif[last] if last is not None else None,
        spi=state.spi,
        status=state.status[last] if last is not None else None,
    )
