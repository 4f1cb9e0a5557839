"""The JSON API under /detail_project/api/; its OpenAPI schema is served at
/detail_project/api/schema/ and browsable docs at /detail_project/api/docs/."""

from detail_project.api import jadwal, kebutuhan, progress, tahapan, team
from detail_project.api.base import api

api.add_router("", tahapan.router)
api.add_router("", jadwal.router)
api.add_router("", progress.router)
api.add_router("", kebutuhan.router)
api.add_router("", team.router)

__all__ = ["api"]
