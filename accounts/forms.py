from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from config.forms import BootstrapFormMixin


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    pass


class SignupForm(BootstrapFormMixin, UserCreationForm):
    pass
