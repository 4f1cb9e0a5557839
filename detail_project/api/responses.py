"""Documented error answers, so the OpenAPI schema lists every status an endpoint can give."""

from __future__ import annotations

from typing import Any

from detail_project.api.schemas import ErrorOut


def errors(*codes: int) -> dict[int, Any]:
    """`{code: ErrorOut}` for the given codes, plus those any request can meet: malformed input
    (400), a member whose peran does not allow it (403), a project outside the user's teams
    (404) and a body that is too large (413)."""
    return {code: ErrorOut for code in sorted({*codes, 400, 403, 404, 413})}
