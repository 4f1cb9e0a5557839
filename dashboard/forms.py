"""Forms of the dashboard: the project form and the duplicate confirmation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.forms import (
    BootstrapFormMixin,
    LocalizedDecimalField,
    LocalizedIntegerField,
    PlainTextMixin,
)
from dashboard.models import Project
from dashboard.services import PROJECT_EDITABLE_FIELDS, validate_project_dates

# <input type="date"> only understands ISO dates; the default widget would render the locale's.
_DATE_WIDGET_FORMAT = "%Y-%m-%d"

_MONEY_NOT_NEGATIVE = _("The amount cannot be negative.")
_PPN_RANGE = _("PPN must be between 0 and 100 percent.")
_PEMBULATAN_MIN = _("The rounding step must be at least Rp 1.")


def _without_trailing_zeros(value: Decimal) -> Decimal:
    """11.50 → 11.5, 1000000000.00 → 1000000000 (never 1E+9)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class ProjectForm(BootstrapFormMixin, PlainTextMixin, forms.ModelForm):
    """Create or edit a project's identity, dates and money settings.

    Range checks live on the model (validators and check constraints); this form only gives
    them messages a planner understands, and adds the date rules shared with the services.
    """

    class Meta:
        model = Project
        fields = PROJECT_EDITABLE_FIELDS
        widgets = {
            "tanggal_mulai": forms.DateInput(attrs={"type": "date"}, format=_DATE_WIDGET_FORMAT),
            "tanggal_selesai": forms.DateInput(attrs={"type": "date"}, format=_DATE_WIDGET_FORMAT),
        }
        # Money and percentages are typed the way the planner writes them in the active
        # language (`1.500.000.000`, `11,5`); a browser's number input would refuse those.
        field_classes = {
            "anggaran_owner": LocalizedDecimalField,
            "ppn_percent": LocalizedDecimalField,
            "pembulatan_step": LocalizedIntegerField,
        }
        # Used for both the form field's and the model field's validators (same codes).
        error_messages = {
            "anggaran_owner": {"min_value": _MONEY_NOT_NEGATIVE},
            "ppn_percent": {
                "min_value": _PPN_RANGE,
                "max_value": _PPN_RANGE,
                "max_whole_digits": _PPN_RANGE,
            },
            "pembulatan_step": {"min_value": _PEMBULATAN_MIN},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The database hands back 1000000000.00 and 11.00; a planner reads and retypes
        # "1.000.000.000" and "11" (the field writes them in the active language).
        for name in ("anggaran_owner", "ppn_percent"):
            value = self.initial.get(name)
            if isinstance(value, Decimal) and value.is_finite():
                self.initial[name] = _without_trailing_zeros(value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mulai = cleaned.get("tanggal_mulai")
        selesai = cleaned.get("tanggal_selesai")
        if mulai and selesai:
            try:
                validate_project_dates(tanggal_mulai=mulai, tanggal_selesai=selesai)
            except ValidationError as error:
                # add_error also drops the field from cleaned_data, so the model's check
                # constraint on the same dates is skipped instead of repeating the message.
                self.add_error(None, error)
        return cleaned


class ProjectDuplicateForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
    """The name of the copy; everything else is taken from the original."""

    nama = forms.CharField(
        label=_("Name of the copy"),
        max_length=Project._meta.get_field("nama").max_length,
    )

    @staticmethod
    def default_name(project: Project) -> str:
        """“<nama> (copy)” in the active language, shortened so that it still fits the column."""
        template = gettext("%(nama)s (copy)")
        max_length = Project._meta.get_field("nama").max_length or 200
        room = max(max_length - len(template % {"nama": ""}), 0)
        return template % {"nama": project.nama[:room]}
