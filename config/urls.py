from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from config.health import health
from detail_project.api.urls import api


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers still ask for /favicon.ico (headless Chromium even beside a <link rel=icon>);
    the URL is resolved per request because the hashed static name exists only after
    collectstatic."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


handler500 = "config.errors.server_error"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:project_list"), name="home"),
    path("health/", health, name="health"),
    path("favicon.ico", favicon),
    path("accounts/", include("accounts.urls")),
    # The page's JavaScript reads its words from the active language's catalog (djangojs).
    path(
        "jsi18n/", JavaScriptCatalog.as_view(packages=["detail_project"]), name="javascript-catalog"
    ),
    path("dashboard/", include("dashboard.urls")),
    path("ahsp/", include("ahsp.urls")),
    path("detail_project/api/", api.urls),
    path("detail_project/", include("detail_project.urls")),
    path("admin/", admin.site.urls),
]
