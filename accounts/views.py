"""Sign up; log in and out are Django's own views (see accounts/urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import SignupForm
from accounts.middleware import remember_language
from accounts.models import UserPreference


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and log straight in: a new planner lands on the empty project list."""
    if request.user.is_authenticated:
        return redirect("dashboard:project_list")
    # Bound on every POST, even an empty one, so that missing fields are reported.
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Create your first project to get started."))
        return redirect("dashboard:project_list")
    return render(request, "registration/signup.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The navbar's language switch: remembered in a cookie for this browser and, for a
    signed-in user, saved with the account (it then wins on every device)."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_authenticated:
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
        remember_language(request, language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
