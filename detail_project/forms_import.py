"""Forms of the RAB import: the upload, and the confirm of a previewed file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin
from detail_project.importing import too_large_message

ALLOWED_EXTENSIONS = (".xlsx", ".csv", ".txt")


class RabImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("RAB file (.xlsx or .csv)"),
        allow_empty_file=True,  # the parser says "The file is empty." like for every other problem
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    replace = forms.BooleanField(
        label=_("Replace the current RAB"),
        required=False,
        initial=True,
        help_text=_(
            "On: the file becomes the project's RAB (the current pekerjaan and their schedule "
            "are removed). Off: the file's klasifikasi are added after the current ones. "
            "Nothing changes until you confirm the preview."
        ),
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        """Refuse by name and declared size before a single byte is parsed."""
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in ALLOWED_EXTENSIONS:
            raise ValidationError(
                _("Only .xlsx and .csv files can be imported (this file is “%(name)s”).")
                % {"name": upload.name},
                code="extension",
            )
        if upload.size is not None and upload.size > self.max_bytes:
            raise ValidationError(too_large_message(upload.size, self.max_bytes), code="too_large")
        return upload


class RabImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=4096)
    use_file_ppn = forms.BooleanField(required=False)
    link_ahsp = forms.BooleanField(required=False)
