"""Forms of the RAB page. They validate input; `services.rab` does the writing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin
from detail_project.models import Pekerjaan
from detail_project.money import format_decimal_id
from detail_project.services.rab import DIRECTIONS

# Accepted shapes, tried in order (the sign is handled apart):
_PLAIN = re.compile(r"\d+")  # 1234
_DECIMAL_COMMA = re.compile(r"\d+,\d*|,\d+")  # 1234,56
_GROUPED_DOTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d*)?")  # 1.234 · 1.234.567 · 1.234,56
_DECIMAL_POINT = re.compile(r"\d+\.\d*|\.\d+")  # 1234.56 · 0.500
_GROUPED_COMMAS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+\.\d*|[1-9]\d{0,2}(?:,\d{3}){2,}")


def parse_decimal_id(text: str) -> Decimal:
    """Read a number the way an Indonesian planner writes it; ValueError when it is not one.

    A comma marks decimals and dots group thousands ("1.234,56", "1.500" is fifteen hundred);
    a lone dot that cannot be a thousands separator is a decimal point ("1234.56", "0.5").
    Spaces and a leading "Rp" are ignored.
    """
    value = re.sub(r"[\s\u00a0]", "", str(text))
    if value[:2].lower() == "rp":
        value = value[2:].lstrip(".")
    sign = ""
    if value.startswith(("+", "-")):
        sign, value = value[0], value[1:]
    if _PLAIN.fullmatch(value):
        number = value
    elif _DECIMAL_COMMA.fullmatch(value) or _GROUPED_DOTS.fullmatch(value):
        number = value.replace(".", "").replace(",", ".")
    elif _DECIMAL_POINT.fullmatch(value):
        number = value
    elif _GROUPED_COMMAS.fullmatch(value):
        number = value.replace(",", "")
    else:
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(sign + number.rstrip("."))
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        raise ValueError(f"not a number: {text!r}") from None


def strip_trailing_zeros(value: Decimal) -> Decimal:
    """1.500 → 1.5 and 2.000 → 2, so that "1.234,50" is not refused for having 3 places."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_decimal_input(value: Decimal) -> str:
    """A Decimal as a planner would type it: "1.500", "1.234,5", "0,125"."""
    value = strip_trailing_zeros(value)
    places = max(-int(value.as_tuple().exponent), 0)
    return format_decimal_id(value, places)


class IndonesianDecimalField(forms.DecimalField):
    """A DecimalField that accepts "1.234,56" as well as "1234.56" and shows values the same way."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a number, for example 1.234,56."),
        "min_value": _("Cannot be negative."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Comma for decimals, dot for thousands: 1.234,56 (1234.56 also works).")
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        attrs.setdefault("autocomplete", "off")
        return attrs

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            number = value
        else:
            try:
                number = parse_decimal_id(str(value))
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return strip_trailing_zeros(number)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal) and value.is_finite():
            return format_decimal_input(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return format_decimal_input(Decimal(value))
        return value


class KlasifikasiForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama klasifikasi"), max_length=255)


class SubKlasifikasiForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nama sub-klasifikasi"), max_length=255)


class PekerjaanForm(BootstrapFormMixin, forms.Form):
    kode_pekerjaan = forms.CharField(
        label=_("Kode"),
        max_length=64,
        required=False,
        help_text=_("AHSP code, for example 2.2.1.4.5 (optional)."),
    )
    uraian = forms.CharField(label=_("Uraian pekerjaan"), widget=forms.Textarea(attrs={"rows": 3}))
    satuan = forms.CharField(
        label=_("Satuan"), max_length=32, required=False, help_text=_("For example m2, m3, kg.")
    )
    volume = IndonesianDecimalField(
        label=_("Volume"), max_digits=18, decimal_places=3, min_value=Decimal("0")
    )
    harga_satuan = IndonesianDecimalField(
        label=_("Harga satuan (Rp)"), max_digits=20, decimal_places=2, min_value=Decimal("0")
    )

    @staticmethod
    def initial_from(pekerjaan: Pekerjaan) -> dict[str, Any]:
        return {
            "kode_pekerjaan": pekerjaan.kode_pekerjaan,
            "uraian": pekerjaan.uraian,
            "satuan": pekerjaan.satuan,
            "volume": pekerjaan.volume,
            "harga_satuan": pekerjaan.harga_satuan,
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(d, d) for d in DIRECTIONS])
