"""Keep every answer under the JSON API in the API's own shape.

Django answers some failures before a view runs (a body that is too large, a method the URL does
not accept, an unknown URL) with HTML. A client of `/detail_project/api/` must always be able to
read `{"ok": false, "error": …}`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext

from detail_project.money import format_trimmed

API_PREFIX = "/detail_project/api/"


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return too_large_response()
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            json_response = JsonResponse(
                {
                    "ok": False,
                    "error": gettext("Method %(method)s not allowed (use %(allowed)s).")
                    % {"method": request.method, "allowed": allowed},
                },
                status=405,
            )
            json_response["Allow"] = allowed
            return json_response
        if response.status_code == 404:
            return JsonResponse({"ok": False, "error": not_found_message()}, status=404)
        return response


def not_found_message() -> str:
    return gettext("Not found.")


def too_large_response() -> JsonResponse:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    message = gettext("Request body too large (limit %(limit)s MB).") % {
        "limit": format_trimmed(limit_mb, 1)
    }
    return JsonResponse({"ok": False, "error": message}, status=413)
