from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("project/new/", views.project_create, name="project_create"),
    path("project/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("project/<int:project_id>/duplicate/", views.project_duplicate, name="project_duplicate"),
    path("project/<int:project_id>/delete/", views.project_delete, name="project_delete"),
]
