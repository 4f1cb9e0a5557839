from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import health
from detail_project.api.urls import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:project_list"), name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("detail_project/api/", api.urls),
    path("detail_project/", include("detail_project.urls")),
    path("admin/", admin.site.urls),
]
