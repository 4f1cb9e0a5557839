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
from dashboard.models import SIGNATURES, Project
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


# What a signature block says when the planner leaves it as it comes (Indonesian documents name
# who made, checked and approved a schedule).
SIGNATURE_ROLES = (
    _("Prepared by, Contractor"),
    _("Checked by, Supervising consultant"),
    _("Approved by, PPK"),
    "",
)
SIGNATURE_PARTS = ("peran", "nama", "jabatan")


class ProjectForm(BootstrapFormMixin, PlainTextMixin, forms.ModelForm):
    """Create or edit a project's identity, dates, money settings and what its documents say
    (the header fields and up to SIGNATURES signature blocks).

    Range checks live on the model (validators and check constraints); this form only gives
    them messages a planner understands, and adds the date rules shared with the services.
    The signature blocks are a formset of their own (`SignatureFormSet`), stored together in
    `Project.tanda_tangan`.
    """

    class Meta:
        model = Project
        fields = [name for name in PROJECT_EDITABLE_FIELDS if name != "tanda_tangan"]
        widgets = {
            "tanggal_mulai": forms.DateInput(attrs={"type": "date"}, format=_DATE_WIDGET_FORMAT),
            "tanggal_selesai": forms.DateInput(attrs={"type": "date"}, format=_DATE_WIDGET_FORMAT),
            "tanggal_kontrak": forms.DateInput(attrs={"type": "date"}, format=_DATE_WIDGET_FORMAT),
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


class SignatureForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
    """One signature block of the documents: who signs, in which role."""

    peran = forms.CharField(label=_("Role"), max_length=200, required=False)
    nama = forms.CharField(label=_("Name"), max_length=200, required=False)
    jabatan = forms.CharField(label=_("Position or NIP"), max_length=200, required=False)


class BaseSignatureFormSet(forms.BaseFormSet):
    # A post without the blocks at all (an older form, a script that edits the project's
    # fields): the signatures stay as they were.
    stored: list[dict[str, str]] | None = None

    def is_valid(self) -> bool:
        return self.stored is not None or super().is_valid()

    def blocks(self) -> list[dict[str, str]]:
        """The filled blocks, in order, as `Project.tanda_tangan` keeps them."""
        if self.stored is not None:
            return self.stored
        result = []
        for form in self.forms:
            block = {part: form.cleaned_data.get(part, "").strip() for part in SIGNATURE_PARTS}
            if any(block.values()):
                result.append(block)
        return result


SignatureFormSet = forms.formset_factory(
    SignatureForm,
    formset=BaseSignatureFormSet,
    extra=0,
    min_num=SIGNATURES,
    max_num=SIGNATURES,
    validate_max=True,
    absolute_max=SIGNATURES,
)


def signature_formset(data: Any = None, *, project: Project | None = None) -> BaseSignatureFormSet:
    """The project's signature blocks as a formset; a new project starts with the usual roles."""
    if project is not None and project.pk:
        stored = list(project.tanda_tangan or [])
        initial = [stored[i] if i < len(stored) else {} for i in range(SIGNATURES)]
    else:
        initial = [{"peran": str(role)} for role in SIGNATURE_ROLES]
    formset = SignatureFormSet(data, initial=initial, prefix="ttd")
    if data is not None and "ttd-TOTAL_FORMS" not in data:
        formset.stored = list(project.tanda_tangan or []) if project is not None else []
    return formset


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
