"""The NinjaAPI instance and the error shape every endpoint shares.

Every answer is `{"ok": true, …}` or `{"ok": false, "error": "<clear message>"}`, the message in
the reader's language. Validation errors become 400 (not Ninja's default 422) with a message
naming the offending field or cell by its path in the JSON sent ("changes[3]: …").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import SessionAuth

from dashboard.access import ProjectNotFound
from detail_project.api.middleware import not_found_message, too_large_response
from detail_project.api.schemas import error_reason
from detail_project.services.errors import ServiceError

api = NinjaAPI(
    title="Jadwal Pekerjaan API",
    version="1.0",
    description=(
        "JSON API of Jadwal Pekerjaan. Session authentication; every write needs the CSRF "
        "token in the `X-CSRFToken` header. Errors answer `{ok: false, error}`."
    ),
    auth=SessionAuth(csrf=True),
    urls_namespace="api",
    openapi_url="schema/",
    docs_url="docs/",
)


def _error(request: HttpRequest, message: str, status: int, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"ok": False, "error": message, **extra}, status=status)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    # Ninja prefixes the parameter source ("body", "payload"); planners only need the path
    # inside the JSON they sent.
    parts = [str(part) for part in loc]
    while parts and parts[0] in {"body", "payload", "query", "path"}:
        parts.pop(0)
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or "body"


def _describe(error: dict[str, Any]) -> str:
    message = error_reason(error) or gettext("invalid value")
    return f"{_location(error.get('loc', ()))}: {message}"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [_describe(error) for error in exc.errors]
    summary = details[0] if details else gettext("Invalid request.")
    if len(details) > 1:
        more = len(details) - 1
        summary = ngettext(
            "%(first)s (and %(count)s more problem)",
            "%(first)s (and %(count)s more problems)",
            more,
        ) % {"first": summary, "count": more}
    return _error(request, summary, 400, errors=details[:50])


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, exc.message, exc.status, **exc.extra)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # A project outside the user's teams says so (a member removed while editing reads why
    # their save was refused); anything else inside a project is a plain "not found".
    if isinstance(exc, ProjectNotFound):
        return _error(request, str(exc), 404, reason="not_member")
    return _error(request, not_found_message(), 404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # A member whose peran does not allow the action (dashboard.access names the reason).
    message = str(exc) or gettext("You may not do this in this project.")
    return _error(request, message, 403, reason="peran")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, gettext("Authentication required: log in first."), 401)


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _error(request, gettext("Too many requests: wait a moment and try again."), 429)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 403 and "CSRF" in message:
        message = gettext("CSRF verification failed: reload the page and try again.")
    elif exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = gettext("The request body is not valid JSON.")
    return _error(request, message, exc.status_code)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return too_large_response()
