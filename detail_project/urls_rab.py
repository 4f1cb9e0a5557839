from django.urls import path

from detail_project import views_rab

urlpatterns = [
    path("rab/", views_rab.rab_page, name="rab"),
]
