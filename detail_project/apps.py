from django.apps import AppConfig


class DetailProjectConfig(AppConfig):
    name = "detail_project"
    verbose_name = "Detail project"
