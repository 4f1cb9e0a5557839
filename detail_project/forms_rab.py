"""Forms of the RAB page. They validate input; `services.rab` does the writing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin, LocalizedDecimalField, PlainTextMixin
from detail_project.models import Pekerjaan
from detail_project.services.rab import DIRECTIONS


def strip_trailing_zeros(value: Decimal) -> Decimal:
    """1.500 → 1.5 and 2.000 → 2, so that "1.234,50" is not refused for having 3 places."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class AmountField(LocalizedDecimalField):
    """A volume or harga satuan as the planner types it in the active language (in Indonesian
    "1.500,5", "1500.5" and "12,5"; see `config.numbers`), shown back without trailing zeros."""

    default_error_messages = {
        # Each language names its own way of writing a number (the translation gives 1.234,56).
        "invalid": _("Enter a number, for example 1,234.56."),
        "min_value": _("Cannot be negative."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("Dot for decimals, comma for thousands: 1,234.56 (1234.56 also works).")
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return strip_trailing_zeros(value)
        number = super().to_python(value)
        return None if number is None else strip_trailing_zeros(number)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal) and value.is_finite():
            value = strip_trailing_zeros(value)
        return super().prepare_value(value)


class KlasifikasiForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Klasifikasi name"), max_length=255)


class SubKlasifikasiForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Sub-klasifikasi name"), max_length=255)


class PekerjaanForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
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
    volume = AmountField(label=_("Volume"), max_digits=18, decimal_places=3, min_value=Decimal("0"))
    ahsp_kode = forms.CharField(
        label=_("AHSP analysis"),
        max_length=64,
        required=False,
        help_text=_(
            "Type a kode or words of the analysis (for example 2.2.1.4 or “beton f'c 20”) "
            "and pick it: the unit price then follows the analysis and the harga dasar. Leave "
            "empty to type the unit price yourself."
        ),
    )
    harga_satuan = AmountField(
        label=_("Unit price (Rp)"),
        max_digits=20,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
    )

    field_order = ["kode_pekerjaan", "uraian", "satuan", "volume", "ahsp_kode", "harga_satuan"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        search = self.fields["ahsp_kode"].widget.attrs
        search.update(
            {
                "list": "ahsp-options",
                "data-ahsp-search": reverse_lazy("ahsp:search"),
                "autocomplete": "off",
                "placeholder": _("Search the AHSP catalogue"),
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("ahsp_kode") and data.get("harga_satuan") is None:
            if "harga_satuan" not in self.errors:
                self.add_error(
                    "harga_satuan",
                    _("Enter the unit price, or choose an AHSP analysis to derive it."),
                )
        return data

    @staticmethod
    def initial_from(pekerjaan: Pekerjaan) -> dict[str, Any]:
        return {
            "kode_pekerjaan": pekerjaan.kode_pekerjaan,
            "uraian": pekerjaan.uraian,
            "satuan": pekerjaan.satuan,
            "volume": pekerjaan.volume,
            "ahsp_kode": pekerjaan.ahsp.kode if pekerjaan.ahsp_id else "",
            "harga_satuan": pekerjaan.harga_satuan,
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[(d, d) for d in DIRECTIONS])
