from django.urls import include, path

from detail_project import views, views_documents

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
    # Documents (SPEC §11)
    path(
        "project/<int:project_id>/jadwal-pekerjaan/export/<str:fmt>/",
        views_documents.jadwal_export,
        name="jadwal_export",
    ),
    path(
        "project/<int:project_id>/laporan/<str:jenis>/<int:nomor>/<str:fmt>/",
        views_documents.laporan,
        name="laporan",
    ),
    path(
        "project/<int:project_id>/rab/export/<str:fmt>/",
        views_documents.rab_export,
        name="rab_export",
    ),
]
