"""Loaded once by the import sandbox's fork server (`importing.sandbox`): Django set up and the
parsers imported there, so that each child forked from it starts parsing at once."""

from __future__ import annotations

import django
from django.apps import apps

if not apps.ready:
    django.setup()

from detail_project.importing import parse_rab_file  # noqa: E402, F401 - loaded for the children
