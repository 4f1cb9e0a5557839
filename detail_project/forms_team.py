"""The team page's form: add a member by username, or give a member another peran."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import BootstrapFormMixin
from dashboard.models import Peran
from detail_project.services.team import USERNAME_MAX_LENGTH


class AnggotaForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=USERNAME_MAX_LENGTH,
        help_text=_("The person signs up first; then add them by the username they chose."),
    )
    peran = forms.ChoiceField(label=_("Role"), choices=Peran.choices, initial=Peran.PEMBACA)


class UndanganForm(BootstrapFormMixin, forms.Form):
    """Invite by email (only where the server sends email)."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("They get a link to join; it works once, for a few days."),
    )
    peran = forms.ChoiceField(label=_("Role"), choices=Peran.choices, initial=Peran.PEMBACA)
