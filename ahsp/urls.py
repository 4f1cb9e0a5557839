from django.urls import path

from ahsp import views

app_name = "ahsp"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("analisis/<int:pk>/", views.analisis, name="analisis"),
    path("cari/", views.search, name="search"),
]
