"""Forms of the dashboard: the project form and the duplicate confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin
from dashboard.models import Project
from dashboard.services import PROJECT_EDITABLE_FIELDS, validate_project_dates

# <input type="date"> only understands ISO dates; the default widget would render the locale's.
_DATE_WIDGET_FORMAT = "%Y-%m-%d"

_MONEY_NOT_NEGATIVE = _("The amount cannot be negative.")
_PPN_RANGE = _("PPN must be between 0 and 100 percent.")
_PEMBULATAN_MIN = _("The rounding step must be at least Rp 1.")


class ProjectForm(BootstrapFormMixin, forms.ModelForm):
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
            "anggaran_owner": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
            "ppn_percent": forms.NumberInput(attrs={"min": "0", "max": "100", "step": "0.01"}),
            "pembulatan_step": forms.NumberInput(attrs={"step": "1"}),
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
        # The form field derives min="0" from PositiveIntegerField; the model asks for 1.
        self.fields["pembulatan_step"].widget.attrs["min"] = "1"

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


class ProjectDuplicateForm(BootstrapFormMixin, forms.Form):
    """The name of the copy; everything else is taken from the original."""

    nama = forms.CharField(
        label=_("Name of the copy"),
        max_length=Project._meta.get_field("nama").max_length,
    )

    @staticmethod
    def default_name(project: Project) -> str:
        """“<nama> (copy)”, shortened so that it still fits the column."""
        suffix = " (copy)"
        max_length = Project._meta.get_field("nama").max_length or 200
        return project.nama[: max_length - len(suffix)] + suffix
