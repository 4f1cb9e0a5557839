"""Sign up; log in and out are Django's own views (see accounts/urls.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import SignupForm


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
        messages.success(request, "Welcome! Create your first project to get started.")
        return redirect("dashboard:project_list")
    return render(request, "registration/signup.html", {"form": form})
