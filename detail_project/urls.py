from django.urls import include, path

from detail_project import views, views_ahsp, views_documents, views_team

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
    # AHSP prices (SPEC §13)
    path("project/<int:project_id>/harga-dasar/", views_ahsp.harga_dasar, name="harga_dasar"),
    path(
        "project/<int:project_id>/harga-dasar/export/",
        views_ahsp.harga_dasar_export,
        name="harga_dasar_export",
    ),
    path(
        "project/<int:project_id>/harga-dasar/import/",
        views_ahsp.harga_dasar_import,
        name="harga_dasar_import",
    ),
    path(
        "project/<int:project_id>/rab/pekerjaan/<int:pekerjaan_id>/ahsp/",
        views_ahsp.pekerjaan_ahsp,
        name="rab_pekerjaan_ahsp",
    ),
    path(
        "project/<int:project_id>/rab/pekerjaan/<int:pekerjaan_id>/ahsp/reset/",
        views_ahsp.pekerjaan_ahsp_reset,
        name="rab_pekerjaan_ahsp_reset",
    ),
    # The team and the history of its changes (SPEC §14)
    path("project/<int:project_id>/anggota/", views_team.anggota, name="anggota"),
    path(
        "project/<int:project_id>/anggota/<int:user_id>/hapus/",
        views_team.anggota_hapus,
        name="anggota_hapus",
    ),
    path(
        "project/<int:project_id>/anggota/keluar/",
        views_team.anggota_keluar,
        name="anggota_keluar",
    ),
    path("project/<int:project_id>/riwayat/", views_team.riwayat, name="riwayat"),
    path("project/<int:project_id>/undangan/", views_team.undangan_kirim, name="undangan_kirim"),
    path(
        "project/<int:project_id>/undangan/<int:undangan_id>/batal/",
        views_team.undangan_batal,
        name="undangan_batal",
    ),
    # An invitation link: reached by its secret token by someone not yet in the team.
    path("undangan/<str:token>/", views_team.undangan, name="undangan"),
    # Documents (SPEC §11)
    path(
        "project/<int:project_id>/jadwal-pekerjaan/export/<str:fmt>/",
        views_documents.jadwal_export,
        name="jadwal_export",
    ),
    # The rekap kebutuhan (SPEC §13) comes only as xlsx: the format is part of the path, so
    # any other (`kebutuhan/pdf/`) is a URL that does not exist.
    path(
        "project/<int:project_id>/jadwal-pekerjaan/kebutuhan/xlsx/",
        views_documents.kebutuhan_export,
        {"fmt": "xlsx"},
        name="kebutuhan_export",
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
