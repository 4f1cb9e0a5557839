"""RAB import: upload and preview, confirm, cancel, and the template download."""

from django.urls import path

from detail_project import views_import

urlpatterns = [
    path("rab/import/", views_import.rab_import, name="rab_import"),
    path("rab/import/confirm/", views_import.rab_import_confirm, name="rab_import_confirm"),
    path("rab/import/cancel/", views_import.rab_import_cancel, name="rab_import_cancel"),
    path("rab/import/template/", views_import.rab_import_template, name="rab_import_template"),
]
