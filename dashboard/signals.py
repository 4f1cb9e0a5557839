"""Moments in a project's life that the apps holding its content must act on.

The dashboard owns projects; their content (the RAB and the time-phased schedule) lives in
`detail_project`, which depends on the dashboard and never the other way round. So the
dashboard's services announce these moments and `detail_project` answers them (its receivers
are connected in `DetailProjectConfig.ready`). Receivers run synchronously inside the caller's
transaction: if one fails, the whole project write is rolled back. A receiver may return a
message for the planner (a str), which the dashboard shows.
"""

from __future__ import annotations

from django.dispatch import Signal

# project, user: a new project exists; its schedule can be set up.
project_created = Signal()
# project, user: tanggal_mulai, tanggal_selesai or week_end_day changed.
project_dates_changed = Signal()
# source, copy: `copy` was just made from `source`; copy the content across.
project_duplicated = Signal()


def messages_from(responses: list[tuple[object, object]]) -> list[str]:
    """The planner-facing messages the receivers returned."""
    return [response for _, response in responses if isinstance(response, str) and response]
