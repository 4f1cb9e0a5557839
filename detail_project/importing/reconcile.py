"""Choose harga satuan so that the imported RAB shows the same rupiah as the file it came from.

A seed-system export prints, per row, the harga satuan and the jumlah harga rounded to the
rupiah, and per group (sub-klasifikasi, klasifikasi, TOTAL BIAYA LANGSUNG) the rounded sum of
the *unrounded* products. We store `volume` (3 places) and `harga_satuan` (2 places) and derive
every amount from them (`money.jumlah_harga`, sums rounded once), so the only freedom we have is
the cents of each harga satuan.

Start from `harga = jumlah / volume` rounded to the cent. Then each row may move its harga by
whole cents as long as `volume × harga` still lies in `[jumlah − 0.5, jumlah + 0.5)`, i.e. still
rounds (half up) to the file's jumlah. A row with volume 60 moves its product in steps of 0.60;
a row with volume 9000 in steps of 90, which is no freedom at all. Groups are settled bottom-up
(sub-klasifikasi, klasifikasi, then the total), each using only moves that keep every row and
every group settled before it inside its own interval. See docs/IMPORT.md for a worked example.

Everything is integer arithmetic in units of 0.00001 rupiah (volume has 3 places, harga 2), so
there is no rounding anywhere in the search and the result is the same on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# One unit is 0.00001 rupiah: volume (0.001) × harga (0.01).
SCALE = 100_000
HALF_RUPIAH = SCALE // 2
CENT = Decimal("0.01")


@dataclass(slots=True)
class Line:
    """One pekerjaan as the search sees it.

    `target` is the file's jumlah rounded to the rupiah, or None when the row gave no jumlah
    (its harga satuan is then taken as written and never moved).
    """

    volume_milli: int
    harga_cents: int
    target: int | None

    @property
    def product(self) -> int:
        return self.volume_milli * self.harga_cents

    @property
    def step(self) -> int:
        """How far one cent of harga moves the product."""
        return self.volume_milli


@dataclass(slots=True)
class Group:
    """A set of lines whose exact sum must round to `target` rupiah (a file subtotal)."""

    label: str
    members: Sequence[int]
    target: int
    row: int | None = None


@dataclass(slots=True)
class Outcome:
    """What the search did: the final harga per line and the groups it could not settle."""

    harga_cents: list[int]
    unsettled_lines: list[int] = field(default_factory=list)
    unsettled_groups: list[tuple[Group, int]] = field(default_factory=list)


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


def _rounds_to(total: int, target: int) -> bool:
    """Does `total` (in units) round half up to `target` rupiah?"""
    low = target * SCALE - HALF_RUPIAH
    return low <= total < low + SCALE


def _k_window(value: int, step: int, target: int) -> tuple[int, int]:
    """The cents k for which `value + k × step` still rounds to `target`: [k_min, k_max]."""
    low = target * SCALE - HALF_RUPIAH
    return _ceil_div(low - value, step), _ceil_div(low + SCALE - value, step) - 1


def _round_half_up_div(a: int, b: int) -> int:
    """a / b rounded half away from zero, for b > 0."""
    quotient, remainder = divmod(abs(a), b)
    if remainder * 2 >= b:
        quotient += 1
    return quotient if a >= 0 else -quotient


class _Search:
    def __init__(self, lines: list[Line], groups: Sequence[Group]) -> None:
        self.lines = lines
        self.groups = list(groups)
        self.sums = [sum(lines[i].product for i in g.members) for g in self.groups]
        self.groups_of_line: list[list[int]] = [[] for _ in lines]
        for index, group in enumerate(self.groups):
            for member in group.members:
                self.groups_of_line[member].append(index)
        self.settled: set[int] = set()

    def window(self, line_index: int) -> tuple[int, int]:
        """Allowed cents moves of one line under its own and every settled group's interval."""
        line = self.lines[line_index]
        if line.target is None or line.step == 0:
            return 0, 0
        k_min, k_max = _k_window(line.product, line.step, line.target)
        k_min = max(k_min, -line.harga_cents)  # harga satuan never goes below zero
        for group_index in self.groups_of_line[line_index]:
            if group_index in self.settled:
                group = self.groups[group_index]
                low, high = _k_window(self.sums[group_index], line.step, group.target)
                k_min, k_max = max(k_min, low), min(k_max, high)
        return k_min, k_max

    def is_settled(self, group_index: int) -> bool:
        return _rounds_to(self.sums[group_index], self.groups[group_index].target)

    def move(self, line_index: int, cents: int) -> None:
        line = self.lines[line_index]
        line.harga_cents += cents
        for group_index in self.groups_of_line[line_index]:
            self.sums[group_index] += cents * line.step

    def fix_lines(self) -> list[int]:
        """Bring every line inside its own interval when it is not (ties, hand-typed harga).

        Returns the indexes of lines that cannot show their jumlah with a 2-place harga (a
        large volume makes one cent worth more than a rupiah).
        """
        impossible = []
        for index, line in enumerate(self.lines):
            if line.target is None or line.step == 0:
                continue
            k_min, k_max = _k_window(line.product, line.step, line.target)
            k_min = max(k_min, -line.harga_cents)
            if k_min > k_max:
                impossible.append(index)
            elif k_min > 0 or k_max < 0:
                self.move(index, k_min if k_min > 0 else k_max)
        return impossible

    def settle(self, group_index: int) -> bool:
        group = self.groups[group_index]
        total = self.sums[group_index]
        if _rounds_to(total, group.target):
            return True
        gap = group.target * SCALE - total  # aim for the middle of the interval
        upward = gap > 0

        def reach(line_index: int) -> int:
            k_min, k_max = self.window(line_index)
            cents = k_max if upward else k_min
            cents = max(cents, 0) if upward else min(cents, 0)
            return abs(cents) * self.lines[line_index].step

        # Rows that can move the furthest first, so that as few harga as possible change;
        # file order breaks ties, which keeps the result deterministic.
        candidates = sorted(group.members, key=lambda i: (-reach(i), i))
        for line_index in candidates:
            step = self.lines[line_index].step
            if step == 0:
                continue
            k_min, k_max = self.window(line_index)
            wanted = _round_half_up_div(gap, step)
            cents = min(max(wanted, k_min), k_max)
            if cents == 0 or (cents > 0) != upward:
                continue
            self.move(line_index, cents)
            total = self.sums[group_index]
            if _rounds_to(total, group.target):
                return True
            gap = group.target * SCALE - total
            upward = gap > 0
        return _rounds_to(self.sums[group_index], group.target)


def reconcile(lines: list[Line], groups: Sequence[Group]) -> Outcome:
    """Adjust `lines` (in place) so each group's exact sum rounds to its target.

    `groups` must come bottom-up (a group after every group nested in it). The last group is
    the file's TOTAL BIAYA LANGSUNG when there is one; it matters most, so when it cannot be
    reached while keeping the subtotals, it is tried again with only the rows' own intervals
    and the subtotals that no longer match are reported instead.
    """
    search = _Search(lines, groups)
    impossible = search.fix_lines()
    for index in range(len(search.groups)):
        if search.settle(index):
            search.settled.add(index)
    last = len(search.groups) - 1
    if search.groups and last not in search.settled:
        search.settled.clear()
        search.settle(last)
    outcome = Outcome(harga_cents=[line.harga_cents for line in lines], unsettled_lines=impossible)
    for index, group in enumerate(search.groups):
        if not search.is_settled(index):
            total = search.sums[index]
            rounded = _round_half_up_div(total, SCALE)
            outcome.unsettled_groups.append((group, rounded - group.target))
    return outcome


def to_units(volume: Decimal, harga_satuan: Decimal) -> tuple[int, int]:
    """(volume in thousandths, harga in cents) as integers; both must already be quantized."""
    return int(volume.scaleb(3)), int(harga_satuan.scaleb(2))


def rupiah_target(jumlah: Decimal) -> int:
    return int(jumlah.quantize(Decimal(1), rounding=ROUND_HALF_UP))
