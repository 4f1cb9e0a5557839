"""Request bodies larger than anything the app accepts are refused before they are read.

nginx refuses them first in production (client_max_body_size); without it (runserver, a
gunicorn exposed directly, a proxy configured otherwise) Django would parse a 50 MB upload into a
temporary file before the form could say it is too large. Here the declared size is checked
before any middleware reads the body. (Django reads no more than the declared size, and nothing
of a body that declares none, so the declared size is the whole story.)
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from detail_project.api.middleware import API_PREFIX, too_large_response

MEGABYTE = Decimal(1024 * 1024)


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large_message(size: int, limit: int) -> str:
    """ "The file is 12,3 MB; the limit is 6 MB.", numbers in the reader's format."""
    return gettext("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": number_format(Decimal(size) / MEGABYTE, 1, use_l10n=True),
        "limit": number_format(Decimal(limit) / MEGABYTE, 0, use_l10n=True),
    }


class RequestBodyLimitMiddleware:
    """Before CSRF and the session read `request.POST`: a body declared larger than
    MAX_REQUEST_BODY_BYTES answers 413 (the API's JSON under the API, a short page elsewhere)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_REQUEST_BODY_BYTES
        size = declared_length(request)
        if size <= limit:
            return self.get_response(request)
        # Before LocaleMiddleware: the language comes from the cookie or Accept-Language.
        with translation.override(translation.get_language_from_request(request)):
            if request.path.startswith(API_PREFIX):
                return too_large_response()
            # The largest body a page takes is a RAB upload: name the limit its form states.
            message = too_large_message(size, settings.RAB_IMPORT_MAX_BYTES)
            page = loader.get_template("413.html").render({"message": message})
        return HttpResponse(page, status=413)
