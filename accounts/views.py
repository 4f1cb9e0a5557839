"""Log in (Django's view, throttled by its form), sign up, the language switch; log out is
Django's own view (see accounts/urls.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import throttle
from accounts.forms import LoginForm, SignupForm
from accounts.middleware import remember_language
from accounts.models import UserPreference
from config import ratelimit


def _refused(response: HttpResponse, refusal: throttle.Refusal) -> HttpResponse:
    response.status_code = refusal.status
    response["Retry-After"] = str(refusal.retry_after)
    return response


class LoginView(auth_views.LoginView):
    """Django's log-in view; a form refused by the rate limits answers 429 (or 503 when the
    limits cannot be checked) with the reason above the fields."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Form) -> HttpResponse:
        response = super().form_invalid(form)
        refusal = getattr(form, "refusal", None)
        return _refused(response, refusal) if refusal else response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and log straight in: a new planner lands on the empty project list.
    Open unless SIGNUP_ENABLED is off; accounts created per address are rationed."""
    if not settings.SIGNUP_ENABLED:
        raise Http404
    if request.user.is_authenticated:
        return redirect("dashboard:project_list")
    # Bound on every POST, even an empty one, so that missing fields are reported.
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if form.is_valid():
        # Only accounts actually created are counted: a typo costs nothing.
        try:
            wait = ratelimit.consume(*throttle.signup_check(request))
        except ratelimit.RateLimitUnavailable:
            refusal: throttle.Refusal | None = throttle.signup_unavailable()
        else:
            refusal = throttle.signup_limited(wait) if wait else None
        if refusal is not None:
            form.add_error(None, refusal.message)
            response = render(request, "registration/signup.html", {"form": form})
            return _refused(response, refusal)
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
