"""Pure scheduling maths for Jadwal Pekerjaan: periods, labels, the time-phased plan, Kurva S,
progress against the plan (deviasi, kontrak kritis, SPI), AHSP prices and rekap kebutuhan.

No Django imports here or below: everything is plain functions over dates, dataclasses and
integer hundredths of a percent (100.00 % == 10000), so it can be property-tested and benchmarked
on its own. The Django services build on exactly this public API; the page's engine.js mirrors
the derived figures and is held equal to them by shared test vectors.
"""

from .axis import Axis, Slot, build_axis
from .distribute import apportion, rescale_to_total, spread_evenly
from .gantt import GanttAxis, gantt_runs
from .harga import Analysis, Line, price
from .kebutuhan import COST_SCALE, QUANTITY_SCALE, Need, kebutuhan
from .kurva_s import KurvaS, kumulatif_on, kurva_s
from .labels import identity, period_label
from .periods import MODES, Period, generate_periods
from .progress import (
    KRITIS,
    NORMAL,
    STATUSES,
    TERLAMBAT,
    Progress,
    Summary,
    last_reported,
    progress,
    status_of,
    summary,
    today_slot,
)
from .proporsi import FULL, ProporsiError, format_hundredths, parse_proporsi
from .timephase import (
    EMPTY,
    Bins,
    DayPlan,
    PlanError,
    plan_clamp,
    plan_decode,
    plan_encode,
    plan_from_cells,
    plan_of,
    plan_project,
    plan_set_cell,
    plan_set_cells,
)
from .weights import bobot, divide_half_up, group_shares, integer_costs, scheduled_share

__all__ = [
    "COST_SCALE",
    "QUANTITY_SCALE",
    "Analysis",
    "Line",
    "Need",
    "kebutuhan",
    "price",
    "EMPTY",
    "FULL",
    "KRITIS",
    "MODES",
    "NORMAL",
    "STATUSES",
    "TERLAMBAT",
    "Axis",
    "Bins",
    "DayPlan",
    "GanttAxis",
    "KurvaS",
    "Period",
    "PlanError",
    "Progress",
    "ProporsiError",
    "Slot",
    "Summary",
    "apportion",
    "bobot",
    "build_axis",
    "divide_half_up",
    "format_hundredths",
    "gantt_runs",
    "generate_periods",
    "group_shares",
    "identity",
    "integer_costs",
    "kumulatif_on",
    "kurva_s",
    "last_reported",
    "parse_proporsi",
    "period_label",
    "plan_clamp",
    "plan_decode",
    "plan_encode",
    "plan_from_cells",
    "plan_of",
    "plan_project",
    "plan_set_cell",
    "plan_set_cells",
    "progress",
    "rescale_to_total",
    "scheduled_share",
    "spread_evenly",
    "status_of",
    "summary",
    "today_slot",
]
