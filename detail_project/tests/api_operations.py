"""Every operation of the JSON API, read from the OpenAPI schema it serves, so that tests of
"every endpoint" (404 for an outsider, 401, CSRF) cover a new endpoint the moment it exists.

An operation with a request body needs an example body valid enough to pass validation (the
project lookup comes after it); a new input schema fails loudly below until one is added.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from detail_project.api.urls import api

PREFIX = "/detail_project/api/project/{project_id}/"
# What every endpoint answers outside the team: the same words whether the project exists or not.
NOT_A_MEMBER = "This project does not exist, or you are not a member of its team."

EXAMPLE_BODIES: dict[str, dict[str, Any]] = {
    "TahapanCreateIn": {"nama": "X"},
    "TahapanUpdateIn": {"nama": "X"},
    "ReorderIn": {"order": [{"id": 1, "urutan": 1}]},
    "AssignIn": {"assignments": [{"pekerjaan_id": 1, "proporsi": 1}]},
    "UnassignIn": {"pekerjaan_ids": [1]},
    "RegenerateIn": {"mode": "daily"},
    "JadwalSaveIn": {"version": 0, "changes": []},
    "RealisasiSaveIn": {"version": 0, "changes": []},
    "BaselineCreateIn": {"nama": "X", "jenis": "kontrak"},
    "AnggotaIn": {"username": "nobody-by-this-name", "peran": "pembaca"},
}


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # relative to the project's API base, e.g. "tahapan/{tahapan_id}/"
    body: dict[str, Any] | None
    action: str  # what the operation needs of a member's peran (dashboard.access)

    @property
    def writes(self) -> bool:
        return self.method != "get"

    def path(self, **ids: int) -> str:
        """The URL with these ids; an id not given (of an object the test has none of) is 1."""
        return self.template.format_map(defaultdict(lambda: 1, ids))

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.template}"


def _declared_actions() -> dict[tuple[str, str], str]:
    """(method, schema path) → the action its `project_access` decorator declares."""
    declared = {}
    for _prefix, router in api._routers:
        for route, path_view in router.path_operations.items():
            schema_path = "/detail_project/api/" + re.sub(r"\{\w+:", "{", route)
            for operation in path_view.operations:
                actions = getattr(operation.view_func, "project_actions", None)
                for method in operation.methods:
                    assert actions, f"{method} {route} does not go through project_access"
                    needed = actions["read"] if method == "GET" else actions["write"]
                    declared[method.lower(), schema_path] = needed
    return declared


def operations() -> list[Operation]:
    result = []
    declared = _declared_actions()
    for path, methods in api.get_openapi_schema()["paths"].items():
        assert path.startswith(PREFIX), f"{path} is not scoped to a project"
        for method, operation in methods.items():
            body = None
            if "requestBody" in operation:
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                name = ref.rsplit("/", 1)[-1]
                assert name in EXAMPLE_BODIES, f"add an example {name} body to EXAMPLE_BODIES"
                body = EXAMPLE_BODIES[name]
            action = declared[method, path]
            result.append(Operation(method, path.removeprefix(PREFIX), body, action))
    return result


OPERATIONS = operations()
