"""The catalogue's one input: a search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin, PlainTextMixin

SEARCH_MAX_LENGTH = 100


class CatalogueSearchForm(BootstrapFormMixin, PlainTextMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput(
            attrs={
                "placeholder": _("Kode (2.2.1) or words of the name"),
                "aria-label": _("Search the AHSP catalogue"),
            }
        ),
    )

    def search(self) -> str:
        """The search text once valid ("" for none)."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def first_error(self) -> str:
        return next((str(error) for errors in self.errors.values() for error in errors), "")
