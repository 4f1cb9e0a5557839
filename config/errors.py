"""The 500 answer: the API's JSON shape under the API, the HTML page elsewhere.

Django calls `handler500` after it has logged the exception and told Sentry, for an error raised
anywhere (a view, a middleware, the database going away), so every client of
`/detail_project/api/` reads `{"ok": false, "error": …}` even then. The page is rendered without
a request context: whatever failed (the session, the database) must not fail it again.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext

from detail_project.api.middleware import API_PREFIX


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        message = gettext(
            "Something went wrong on the server; nothing was saved. Try again in a moment."
        )
        return JsonResponse({"ok": False, "error": message}, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
