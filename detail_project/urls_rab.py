"""URLs of the RAB page and its editing, included under `project/<int:project_id>/`."""

from django.urls import path

from detail_project import views_rab

urlpatterns = [
    path("rab/", views_rab.rab_page, name="rab"),
    # klasifikasi
    path(
        "rab/klasifikasi/new/",
        views_rab.rab_klasifikasi_create,
        name="rab_klasifikasi_create",
    ),
    path(
        "rab/klasifikasi/<int:klasifikasi_id>/edit/",
        views_rab.rab_klasifikasi_edit,
        name="rab_klasifikasi_edit",
    ),
    path(
        "rab/klasifikasi/<int:klasifikasi_id>/delete/",
        views_rab.rab_klasifikasi_delete,
        name="rab_klasifikasi_delete",
    ),
    path(
        "rab/klasifikasi/<int:klasifikasi_id>/move/",
        views_rab.rab_klasifikasi_move,
        name="rab_klasifikasi_move",
    ),
    # sub-klasifikasi
    path(
        "rab/klasifikasi/<int:klasifikasi_id>/sub/new/",
        views_rab.rab_sub_klasifikasi_create,
        name="rab_sub_klasifikasi_create",
    ),
    path(
        "rab/sub/<int:sub_id>/edit/",
        views_rab.rab_sub_klasifikasi_edit,
        name="rab_sub_klasifikasi_edit",
    ),
    path(
        "rab/sub/<int:sub_id>/delete/",
        views_rab.rab_sub_klasifikasi_delete,
        name="rab_sub_klasifikasi_delete",
    ),
    path(
        "rab/sub/<int:sub_id>/move/",
        views_rab.rab_sub_klasifikasi_move,
        name="rab_sub_klasifikasi_move",
    ),
    # pekerjaan
    path(
        "rab/sub/<int:sub_id>/pekerjaan/new/",
        views_rab.rab_pekerjaan_create,
        name="rab_pekerjaan_create",
    ),
    path(
        "rab/pekerjaan/<int:pekerjaan_id>/edit/",
        views_rab.rab_pekerjaan_edit,
        name="rab_pekerjaan_edit",
    ),
    path(
        "rab/pekerjaan/<int:pekerjaan_id>/delete/",
        views_rab.rab_pekerjaan_delete,
        name="rab_pekerjaan_delete",
    ),
    path(
        "rab/pekerjaan/<int:pekerjaan_id>/move/",
        views_rab.rab_pekerjaan_move,
        name="rab_pekerjaan_move",
    ),
]
