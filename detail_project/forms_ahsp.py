"""Forms of the AHSP pages of a project: the harga dasar table and a pekerjaan's lines. They
validate what was typed (in the reader's number convention); `services.ahsp_pricing` writes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ahsp.models import Kategori
from config.forms import BootstrapFormMixin, LocalizedDecimalField, PlainTextMixin
from detail_project.forms_rab import AmountField
from detail_project.models import HargaDasar
from detail_project.services.ahsp_pricing import LineEdit


def _price_field(label: str) -> AmountField:
    return AmountField(
        label=label, max_digits=20, decimal_places=2, min_value=Decimal(0), help_text=""
    )


class HargaDasarForm(BootstrapFormMixin, forms.Form):
    """One price field per item the project uses (`harga_<pk>`) and the overhead percent."""

    overhead_profit_percent = LocalizedDecimalField(
        label=_("Overhead and profit (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        help_text=_("Added to every AHSP-priced unit price (E = D × this percentage)."),
    )

    def __init__(self, *args: Any, rows: Sequence[HargaDasar], **kwargs: Any) -> None:
        self.rows = list(rows)
        super().__init__(*args, **kwargs)
        for row in self.rows:
            field = _price_field(f"{row.kode_item} {row.uraian}")
            field.widget.attrs.update({"class": "form-control form-control-sm text-end"})
            self.fields[f"harga_{row.pk}"] = field
            self.initial.setdefault(f"harga_{row.pk}", row.harga)
        # The mixin read `errors` to style invalid fields before these fields existed: clean
        # again with every field, and mark the invalid prices the same way.
        self._errors = None
        if self.is_bound:
            for name in self.errors:
                if name in self.fields:
                    widget = self.fields[name].widget
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def bound_rows(self) -> list[tuple[HargaDasar, forms.BoundField]]:
        return [(row, self[f"harga_{row.pk}"]) for row in self.rows]

    def prices(self) -> dict[str, Decimal]:
        return {row.kode_item: self.cleaned_data[f"harga_{row.pk}"] for row in self.rows}


class HargaDasarImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class AhspLineForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kategori = forms.ChoiceField(label=_("Category"), choices=Kategori.choices)
    kode_item = forms.CharField(label=_("Item code"), max_length=32)
    uraian = forms.CharField(label=_("Item"), max_length=255)
    satuan = forms.CharField(label=_("Satuan"), max_length=32, required=False)
    koefisien = AmountField(
        label=_("Koefisien"), max_digits=18, decimal_places=6, min_value=Decimal(0), help_text=""
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            existing = field.widget.attrs.get("class", "")
            if "form-control" in existing or "form-select" in existing:
                field.widget.attrs["class"] = existing.replace(
                    "form-control", "form-control form-control-sm"
                ).replace("form-select", "form-select form-select-sm")


AhspLineFormSet = forms.formset_factory(AhspLineForm, extra=1, can_delete=True, max_num=200)


def line_edits(formset: forms.BaseFormSet) -> list[LineEdit]:
    """The lines to keep, in order: deleted forms and untouched extra forms left out."""
    edits = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        edits.append(
            LineEdit(
                id=data.get("id"),
                kategori=data["kategori"],
                kode_item=data["kode_item"],
                uraian=data["uraian"],
                satuan=data.get("satuan") or "",
                koefisien=data["koefisien"],
            )
        )
    return edits
