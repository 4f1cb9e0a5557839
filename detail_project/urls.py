from django.urls import include, path

from detail_project import views

app_name = "detail_project"

urlpatterns = [
    path("project/<int:project_id>/", views.project_home, name="project_home"),
    path("project/<int:project_id>/", include("detail_project.urls_rab")),
    path("project/<int:project_id>/", include("detail_project.urls_import")),
    path(
        "project/<int:project_id>/jadwal-pekerjaan/",
        views.jadwal_pekerjaan,
        name="jadwal_pekerjaan",
    ),
]
