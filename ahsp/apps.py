from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AhspConfig(AppConfig):
    """The AHSP catalogue (SPEC §13): analyses and their resource lines, shared by every
    project. It knows nothing of projects; `detail_project` copies lines from it."""

    name = "ahsp"
    verbose_name = _("AHSP catalogue")
