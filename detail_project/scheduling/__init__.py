"""Pure scheduling maths for Jadwal Pekerjaan: periods, labels, conversion, Kurva S.

No Django imports here or below: everything is plain functions over dates, dataclasses and
integer hundredths of a percent (100.00 % == 10000), so it can be property-tested and benchmarked
on its own. The Django services build on exactly this public API.
"""

from .conversion import ConversionError, ConversionResult, convert_assignments
from .distribute import rescale_to_total, spread_evenly
from .kurva_s import KurvaS, kurva_s
from .labels import identity, period_label
from .periods import MODES, Period, generate_periods
from .proporsi import FULL, format_hundredths, parse_proporsi

__all__ = [
    "FULL",
    "MODES",
    "ConversionError",
    "ConversionResult",
    "KurvaS",
    "Period",
    "convert_assignments",
    "format_hundredths",
    "generate_periods",
    "identity",
    "kurva_s",
    "parse_proporsi",
    "period_label",
    "rescale_to_total",
    "spread_evenly",
]
