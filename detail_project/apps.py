from django.apps import AppConfig


class DetailProjectConfig(AppConfig):
    name = "detail_project"
    verbose_name = "Detail project"

    def ready(self) -> None:
        # The dashboard announces project creation, date changes and copies; the schedule
        # answers (see dashboard/signals.py for why the arrow points this way).
        from dashboard import signals
        from detail_project.services import project_content

        signals.project_created.connect(project_content.on_project_created)
        signals.project_dates_changed.connect(project_content.on_project_dates_changed)
        signals.project_duplicated.connect(project_content.on_project_duplicated)
