"""Declared shapes of the API's input and output. Ninja turns them into the OpenAPI schema and
into precise 400 messages ("changes[3]: pekerjaan 12, tahapan 7: The percentage can be at most
100 (120)."), whose sentences are in the reader's language (`error_reason`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.utils.translation import gettext, ngettext
from ninja import Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from config.text import control_character_message
from dashboard.models import JadwalMode
from detail_project import money, scheduling

MAX_CHANGES = 200_000


def _proporsi_message(error: scheduling.ProporsiError) -> str:
    """The reason a percentage was refused, in the reader's language."""
    value = {"value": error.shown}
    if error.reason == "text":
        return (
            gettext("“%(value)s” is not a number: write a percentage like 33.33 or 33,33.") % value
        )
    if error.reason == "negative":
        return gettext("The percentage cannot be negative (%(value)s).") % value
    if error.reason == "above_100":
        return gettext("The percentage can be at most 100 (%(value)s).") % value
    if error.reason == "decimals":
        return gettext("The percentage %(value)s has more than two decimals.") % value
    return gettext("The percentage must be a number, not %(value)s.") % value


def _parse_proporsi(value: object) -> int:
    try:
        return scheduling.parse_proporsi(value)
    except scheduling.ProporsiError as exc:
        raise ValueError(_proporsi_message(exc)) from None


def _limit(value: object) -> str:
    return money.format_trimmed(value) if isinstance(value, int | float) else str(value)


def error_reason(error: Any) -> str:
    """What is wrong with one value, from a pydantic error, in the reader's language. Our own
    checks (`ValueError` in a validator) arrive already translated; pydantic's common kinds are
    said again in our words; anything else keeps pydantic's English."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind == "missing":
        return gettext("this field is required")
    if kind == "extra_forbidden":
        return gettext("this field is not part of the request")
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return gettext("must be a whole number")
    if kind in {"bool_type", "bool_parsing"}:
        return gettext("must be true or false")
    if kind in {"string_type", "string_unicode"}:
        return gettext("must be text")
    if kind.startswith(("date_", "datetime_")):
        return gettext("must be a date written YYYY-MM-DD")
    if kind in {"list_type", "tuple_type"}:
        return gettext("must be a list")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return gettext("must be an object")
    if kind == "greater_than_equal":
        return gettext("must be %(limit)s or more") % {"limit": _limit(ctx.get("ge"))}
    if kind == "less_than_equal":
        return gettext("must be %(limit)s or less") % {"limit": _limit(ctx.get("le"))}
    if kind == "string_too_short":
        count = int(ctx.get("min_length", 1))
        return ngettext(
            "must have at least %(count)s character",
            "must have at least %(count)s characters",
            count,
        ) % {"count": count}
    if kind == "string_too_long":
        count = int(ctx.get("max_length", 0))
        return ngettext(
            "must have at most %(count)s character", "must have at most %(count)s characters", count
        ) % {"count": count}
    if kind == "too_short":
        count = int(ctx.get("min_length", 1))
        return ngettext(
            "must list at least %(count)s item", "must list at least %(count)s items", count
        ) % {"count": money.format_number(count, 0)}
    if kind == "too_long":
        count = int(ctx.get("max_length", 0))
        return ngettext(
            "must list at most %(count)s item", "must list at most %(count)s items", count
        ) % {"count": money.format_number(count, 0)}
    if kind == "json_invalid":
        return gettext("the request is not valid JSON")
    return str(error.get("msg", "")).removeprefix("Value error, ")


# A proportion in percent, as a JSON number or a string with "." or "," ("33,33"); held as an
# integer number of hundredths once parsed so no float ever reaches the database. The schema
# admits only what the server accepts (two decimals: a multiple of 0.01; text without a
# thousands separator), so a request valid by the schema is never refused for its format.
_PERCENT_TEXT = r"^ *(100([.,]00?)?|[0-9]{1,2}([.,][0-9]{1,2})?) *$"
_POSITIVE_PERCENT_TEXT = (
    r"^ *(100([.,]00?)?|(0?[1-9]|[1-9][0-9])([.,][0-9]{1,2})?|0{0,2}[.,](0[1-9]|[1-9][0-9]?)) *$"
)
_PERCENT_HELP = (
    "Percent of the pekerjaan's volume, at most two decimals; '33.33' and '33,33' are both "
    "accepted."
)


def _percent_schema(*, positive: bool) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "number", "maximum": 100, "multipleOf": 0.01}
    number["exclusiveMinimum" if positive else "minimum"] = 0
    pattern = _POSITIVE_PERCENT_TEXT if positive else _PERCENT_TEXT
    return {
        "anyOf": [number, {"type": "string", "pattern": pattern}],
        "description": ("0.01–100. " if positive else "0–100. ") + _PERCENT_HELP,
    }


Proporsi = Annotated[
    int, BeforeValidator(_parse_proporsi), WithJsonSchema(_percent_schema(positive=False))
]
# Assigning a pekerjaan to a tahapan needs a share above zero (0 would assign nothing).
ProporsiPositive = Annotated[
    int, BeforeValidator(_parse_proporsi), WithJsonSchema(_percent_schema(positive=True))
]


def _whole_number(value: object) -> object:
    """JSON has one number type: `7.0` is the whole number 7 (the schema says "integer", which
    admits it); `7.5`, `"7"` and `true` are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(gettext("must be a whole number"))


def whole_number(*, ge: int, le: int) -> Any:
    """A bounded whole number. (The bounds go before the validator: after it, pydantic would
    still check them but leave them out of the schema.)"""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_whole_number)]


def _plain_text(value: str) -> str:
    message = control_character_message(value)
    if message:
        raise ValueError(message)
    return value


# Control characters other than tab, line feed and carriage return (config/text.py).
_NO_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
PlainText = Annotated[
    str, AfterValidator(_plain_text), Field(json_schema_extra={"pattern": rf"^[^{_NO_CONTROL}]*$"})
]
# A name: plain text with at least one character that is not a space.
Nama = Annotated[
    str,
    AfterValidator(_plain_text),
    Field(
        min_length=1,
        max_length=200,
        json_schema_extra={"pattern": rf"^[^{_NO_CONTROL}]*[^\s{_NO_CONTROL}][^{_NO_CONTROL}]*$"},
    ),
]
MAX_ID = 2**63 - 1  # BigAutoField
MAX_INT = 2**31 - 1  # PositiveIntegerField on PostgreSQL
Id = whole_number(ge=1, le=MAX_ID)
Urutan = whole_number(ge=0, le=MAX_INT)
VersionNumber = whole_number(ge=0, le=MAX_INT)
Version = Annotated[
    VersionNumber | None,
    Field(description="The schedule version you last read; a stale one answers 409."),
]


class In(BaseModel):
    """Input bodies: plain pydantic models (Ninja's Schema adds a per-object wrapper that costs
    more than the validation itself on a 10,000-cell save); unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


def _reason(error: Any) -> str:
    message = error_reason(error)
    where = ".".join(str(part) for part in error["loc"])
    # The proportion's own message already names it ("The percentage can be at most 100 (120).").
    return message if where in ("", "proporsi") else f"{where}: {message}"


# --- inputs -----------------------------------------------------------------------------


class CellChangeIn(In):
    pekerjaan_id: Id
    tahapan_id: Id
    proporsi: Proporsi

    @model_validator(mode="wrap")
    @classmethod
    def _name_the_cell(cls, data: Any, handler: Any) -> CellChangeIn:
        """Say which cell is wrong in the planner's terms, not only its index in the list."""
        try:
            return handler(data)
        except ValidationError as exc:
            if not isinstance(data, dict):
                raise
            reasons = "; ".join(_reason(error) for error in exc.errors())
            raise ValueError(
                f"pekerjaan {data.get('pekerjaan_id')}, tahapan {data.get('tahapan_id')}: {reasons}"
            ) from None


class JadwalSaveIn(In):
    version: Annotated[
        VersionNumber,
        Field(
            description="The schedule version you read (required): a save is refused with 409 "
            "only if a pekerjaan it changes was changed by someone else after it.",
        ),
    ]
    changes: list[CellChangeIn] = Field(max_length=MAX_CHANGES)


class RealisasiSaveIn(In):
    version: Annotated[
        VersionNumber,
        Field(
            description="The schedule version you read (required; the project's one version, as "
            "for the plan): a save is refused with 409 only if a pekerjaan's realisasi it changes "
            "was changed by someone else after it.",
        ),
    ]
    changes: list[CellChangeIn] = Field(
        max_length=MAX_CHANGES,
        description="Cells of generated tahapan (periods of the time scale) that have started; "
        "0 removes. Percent of the pekerjaan's volume done in that period.",
    )


class BaselineCreateIn(In):
    nama: Nama
    jenis: str = Field(
        description="kontrak, mc0 or addendum",
        json_schema_extra={"enum": ["kontrak", "mc0", "addendum"]},
    )


class RegenerateIn(In):
    mode: str = Field(
        description="daily, weekly, monthly or custom",
        json_schema_extra={"enum": list(JadwalMode.values)},
    )
    week_end_day: whole_number(ge=0, le=6) | None = None  # type: ignore[valid-type]
    convert_assignments: StrictBool = True
    version: Version = None


class TahapanCreateIn(In):
    nama: Nama
    deskripsi: PlainText = ""
    urutan: Urutan | None = None
    tanggal_mulai: dt.date | None = None
    tanggal_selesai: dt.date | None = None
    version: Version = None


class TahapanUpdateIn(In):
    # Absent means "keep"; null is not a name (or a position) and is refused.
    nama: Nama = None  # type: ignore[assignment]
    deskripsi: PlainText | None = None
    urutan: Urutan = None  # type: ignore[assignment]
    tanggal_mulai: dt.date | None = None
    tanggal_selesai: dt.date | None = None
    version: Version = None


class ReorderItemIn(In):
    id: Id
    urutan: Urutan


class ReorderIn(In):
    order: list[ReorderItemIn] = Field(min_length=1, max_length=10_000)
    version: Version = None


class AssignItemIn(In):
    pekerjaan_id: Id
    proporsi: ProporsiPositive


class AssignIn(In):
    assignments: list[AssignItemIn] = Field(min_length=1, max_length=MAX_CHANGES)
    version: Version = None


class UnassignIn(In):
    pekerjaan_ids: list[Id] = Field(min_length=1, max_length=MAX_CHANGES)
    version: Version = None


# --- outputs ----------------------------------------------------------------------------


class ErrorOut(Schema):
    model_config = ConfigDict(extra="allow")
    ok: bool = False
    error: str
    reason: str | None = Field(
        None,
        description="on a 403 “peran” (the member's role does not allow it); on a 404 "
        "“not_member” (no such project in the user's teams)",
    )


class TahapanOut(Schema):
    tahapan_id: int
    nama: str
    urutan: int
    deskripsi: str
    tanggal_mulai: str | None
    tanggal_selesai: str | None
    is_auto_generated: bool
    generation_mode: str
    created_at: str | None
    jumlah_pekerjaan: int = 0
    total_assigned_proportion: float = 0.0


class TahapanListOut(Schema):
    ok: bool = True
    tahapan: list[TahapanOut]
    count: int


class TahapanWriteOut(Schema):
    ok: bool = True
    tahapan: TahapanOut
    message: str
    version: int


class MessageOut(Schema):
    ok: bool = True
    message: str
    version: int


class DeleteOut(MessageOut):
    deleted_assignments: int


class ReorderOut(MessageOut):
    updated_count: int


class AssignmentOut(Schema):
    pekerjaan_id: int
    tahapan_id: int
    proporsi: float


class AssignOut(MessageOut):
    assignments: list[AssignmentOut]


class UnassignOut(MessageOut):
    deleted_count: int


class PekerjaanAssignmentOut(Schema):
    tahapan_id: int
    tahapan_nama: str
    proporsi: float
    urutan: int


class PekerjaanAssignmentsOut(Schema):
    ok: bool = True
    pekerjaan_id: int
    assignments: list[PekerjaanAssignmentOut]
    total_proporsi: float


class MovedOut(Schema):
    pekerjaan_id: int
    proporsi: float


class RegenerateOut(Schema):
    ok: bool = True
    mode: str
    message: str
    tahapan_deleted: int
    tahapan_created: int
    converted_assignments: int
    clamped: list[MovedOut]
    repaired: list[int] = Field(
        description="pekerjaan whose day plan disagreed with its cells and was rebuilt from them"
    )
    tahapan: list[TahapanOut]
    version: int


class ValidationIssueOut(Schema):
    pekerjaan_id: int
    pekerjaan_nama: str
    kode_pekerjaan: str
    total_proporsi: float
    missing: float | None = None
    excess: float | None = None


class ValidateOut(Schema):
    ok: bool = True
    valid: bool
    issues: list[ValidationIssueOut]
    valid_count: int
    invalid_count: int


class UnassignedOut(Schema):
    pekerjaan_id: int
    kode_pekerjaan: str
    uraian: str
    volume: float
    satuan: str
    total_assigned: float
    remaining: float


class UnassignedListOut(Schema):
    ok: bool = True
    unassigned: list[UnassignedOut]
    count: int


class VolumeOut(Schema):
    pekerjaan_id: int
    volume: float
    satuan: str


class VolumeListOut(Schema):
    ok: bool = True
    volumes: list[VolumeOut]


class GridPekerjaanOut(Schema):
    id: int
    kode: str
    uraian: str
    satuan: str
    volume: float
    harga_satuan: float
    jumlah_harga: float
    biaya: str = Field(description="jumlah harga, exact, as a decimal string (for cost weights)")
    bobot: float


class GridSubOut(Schema):
    id: int
    name: str
    pekerjaan: list[GridPekerjaanOut]


class GridKlasifikasiOut(Schema):
    id: int
    name: str
    sub: list[GridSubOut]


class GridTahapanOut(Schema):
    id: int
    nama: str
    urutan: int
    deskripsi: str
    tanggal_mulai: str | None
    tanggal_selesai: str | None
    is_auto_generated: bool
    generation_mode: str
    nomor: int | None = Field(description="1-based number among the generated tahapan")
    bulan: int | None = Field(description="month 1-12 of a monthly tahapan")
    tahun: int | None = Field(description="year of a monthly tahapan")


class AxisPeriodOut(Schema):
    nomor: int
    tanggal_mulai: str
    tanggal_selesai: str
    tahapan_id: int | None = Field(description="the generated tahapan that is this period")


class AxisOut(Schema):
    scale: str
    periods: list[AxisPeriodOut]


class GridProjectOut(Schema):
    id: int
    nama: str
    tanggal_mulai: str
    tanggal_selesai: str
    total_biaya: float


class JadwalOut(Schema):
    ok: bool = True
    version: int
    mode: str
    week_end_day: int
    project: GridProjectOut
    axis: AxisOut = Field(description="the time axis of the charts (see GET kurva-s/)")
    plan_mismatch: list[int] = Field(
        description="pekerjaan whose day plan does not add up to its cells (normally empty)"
    )
    tahapan: list[GridTahapanOut]
    tree: list[GridKlasifikasiOut]
    assignments: list[Annotated[list[float], Field(min_length=3, max_length=3)]] = Field(
        description="[pekerjaan_id, tahapan_id, proporsi] for every non-empty cell"
    )
    today: str = Field(description="today in the project's time zone (ISO)")
    realisasi: list[Annotated[list[float], Field(min_length=3, max_length=3)]] = Field(
        description="[pekerjaan_id, tahapan_id, proporsi] of every non-empty realisasi cell: "
        "each dated tahapan shows the work done on its days"
    )


class RealisasiOut(Schema):
    ok: bool = True
    version: int
    today: str
    assignments: list[Annotated[list[float], Field(min_length=3, max_length=3)]] = Field(
        description="[pekerjaan_id, tahapan_id, proporsi] of every non-empty realisasi cell"
    )


class UpdatedElsewhereOut(Schema):
    pekerjaan: list[int]
    assignments: list[tuple[int, int, float]] = Field(
        description="[pekerjaan_id, tahapan_id, proporsi]: every cell of those pekerjaan"
    )


class JadwalSaveOut(Schema):
    ok: bool = True
    version: int
    saved: int
    removed: int
    message: str
    updated_elsewhere: UpdatedElsewhereOut = Field(
        description="current cells of the pekerjaan others changed after your version"
    )
    realisasi_elsewhere: UpdatedElsewhereOut = Field(
        description="current realisasi cells of the pekerjaan others recorded after your version"
    )
    reload: bool = Field(description="something besides cells changed: fetch jadwal/ again")


class RealisasiSaveOut(Schema):
    ok: bool = True
    version: int
    saved: int
    removed: int
    message: str
    realisasi: list[tuple[int, int, float]] = Field(
        description="[pekerjaan_id, tahapan_id, proporsi]: every realisasi cell of the pekerjaan "
        "this save changed, as stored (a custom tahapan over the same days shows them too)"
    )
    updated_elsewhere: UpdatedElsewhereOut = Field(
        description="current realisasi cells of the pekerjaan others changed after your version"
    )
    plan_elsewhere: UpdatedElsewhereOut = Field(
        description="current plan cells of the pekerjaan others changed after your version"
    )
    reload: bool = Field(description="something besides cells changed: fetch jadwal/ again")


class BaselineOut(Schema):
    baseline_id: int
    nama: str
    jenis: str
    jenis_label: str
    created_at: str
    created_by: str | None
    version: int = Field(description="the schedule version it froze")
    total_biaya: float


class BaselineListOut(Schema):
    ok: bool = True
    baselines: list[BaselineOut]


class BaselineWriteOut(Schema):
    ok: bool = True
    baseline: BaselineOut
    message: str


class KurvaSPeriodOut(Schema):
    label: str
    nomor: int | None
    bulan: int | None = Field(description="month 1-12 of a monthly period")
    tahun: int | None = Field(description="year of a monthly period")
    tahapan_id: int | None
    tanggal_mulai: str | None
    tanggal_selesai: str | None
    rencana: float
    rencana_kumulatif: float
    realisasi: float | None
    realisasi_kumulatif: float | None
    deviasi: float | None
    deviasi_kumulatif: float | None
    status: str | None = Field(description="normal, terlambat or kritis; null until reported")
    baseline_kumulatif: float | None = Field(
        default=None, description="the first chosen baseline's running total (with ?baseline=)"
    )


class KurvaSBaselineOut(Schema):
    baseline_id: int
    nama: str
    jenis: str
    created_at: str
    kumulatif: list[float] = Field(description="running total per period of this axis")


class KurvaSSummaryOut(Schema):
    periode_hari_ini: int | None = Field(description="index of the period holding today")
    rencana_hari_ini: float = Field(description="rencana kumulatif of that period")
    periode_laporan: int | None = Field(description="index of the last reported period")
    rencana_kumulatif: float | None
    realisasi_kumulatif: float | None
    deviasi_kumulatif: float | None
    spi: float | None
    status: str | None


class GanttOut(Schema):
    pekerjaan_id: int
    runs: list[Annotated[list[str], Field(min_length=2, max_length=2)]]


class KurvaSOut(Schema):
    ok: bool = True
    scale: str
    today: str
    total_biaya: float
    progress: float = Field(description="scheduled share of the project's cost, percent")
    spi: float | None = Field(
        description="realisasi kumulatif / rencana kumulatif at the last reported period"
    )
    summary: KurvaSSummaryOut
    periods: list[KurvaSPeriodOut]
    baselines: list[KurvaSBaselineOut]
    gantt: list[GanttOut]
    plan_mismatch: list[int]


class HistoryItemOut(Schema):
    id: int
    action: str
    action_label: str
    user: str | None
    created_at: str
    cells: int
    version: int
    detail: dict[str, Any]


class HistoryOut(Schema):
    ok: bool = True
    history: list[HistoryItemOut]


class KebutuhanItemOut(Schema):
    kode: str = Field(description="kode_item of the resource")
    kategori: str = Field(description="tenaga, bahan or alat")
    uraian: str
    satuan: str
    quantity: float = Field(description="Σ volume × share in this period × koefisien")
    harga_satuan: float = Field(description="the project's harga dasar of the item")
    jumlah_harga: float = Field(description="quantity × harga_satuan, rupiah")


class KebutuhanPeriodOut(Schema):
    tahapan_id: int | None = Field(
        description="the tahapan that is this period (None when the scale is not the grid's)"
    )
    tahapan_nama: str
    nomor: int | None
    tanggal_mulai: str | None
    tanggal_selesai: str | None
    items: list[KebutuhanItemOut]
    total_biaya: float


class KategoriChoiceOut(Schema):
    value: str
    label: str


class RekapKebutuhanOut(Schema):
    ok: bool = True
    scale: str
    kategori: str | None
    kategori_choices: list[KategoriChoiceOut]
    linked_pekerjaan: int = Field(description="pekerjaan priced by an AHSP analysis")
    pekerjaan_count: int
    data: list[KebutuhanPeriodOut]
    grand_total: float


# --- the team (SPEC §14) ---------------------------------------------------------------------


class AnggotaIn(In):
    username: str = Field(max_length=150, description="an existing user's username")
    peran: str = Field(
        description="pemilik, penyunting, pengawas or pembaca",
        json_schema_extra={"enum": ["pemilik", "penyunting", "pengawas", "pembaca"]},
    )


class AnggotaOut(Schema):
    user_id: int
    username: str
    nama: str = Field(description="the user's full name, when they gave one")
    peran: str
    peran_label: str
    is_owner: bool = Field(description="the project's owner (a pemilik without a membership)")
    since: str | None


class TeamOut(Schema):
    ok: bool = True
    anggota: list[AnggotaOut]
    peran: str = Field(description="your own peran in this project")
    can: dict[str, bool] = Field(description="every action of docs/PERMISSIONS.md → allowed")


class TeamWriteOut(Schema):
    ok: bool = True
    message: str
    anggota: list[AnggotaOut]
