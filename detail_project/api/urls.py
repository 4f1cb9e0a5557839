"""The JSON API under /detail_project/api/; its OpenAPI schema is served at
/detail_project/api/schema/."""

from detail_project.api.base import api

__all__ = ["api"]
