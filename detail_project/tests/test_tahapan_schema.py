"""The served OpenAPI schema, and a bounded schemathesis run against it: whatever a client
sends, the API answers with a documented status and a body matching the schema — never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from detail_project.models import JadwalLog
from detail_project.tests.api_operations import OPERATIONS

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/detail_project/api/schema/"


@schemathesis.check
def refused_only_by_a_business_rule(ctx, response, case):
    """A request the schema calls valid is never refused for its shape: the schema is as strict
    as the server. Business rules the schema cannot say (a duplicate name, dates outside the
    project, ids of another project, a stale version; docs/API.md lists them) may still refuse
    it, and say so without the `errors` list that marks a refused shape."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if any(info.mode == GenerationMode.NEGATIVE for info in meta.components.values()):
        return None
    if response.status_code in (400, 422):
        body = response.json()
        assert "errors" not in body, f"a schema-valid request was refused: {body['error']}"
    return None


# "positive data acceptance" would also count the business rules; the check above tells them
# apart. The stateful checks need links.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    refused_only_by_a_business_rule,
]

# The contract of SPEC §5 and §9: these must be served (more may be).
SPEC_PATHS = {
    "tahapan/": {"get", "post"},
    "tahapan/{tahapan_id}/": {"put", "delete"},
    "tahapan/reorder/": {"post"},
    "tahapan/{tahapan_id}/assign/": {"post"},
    "tahapan/{tahapan_id}/unassign/": {"post"},
    "pekerjaan/{pekerjaan_id}/assignments/": {"get"},
    "regenerate-tahapan/": {"post"},
    "tahapan/validate/": {"get"},
    "tahapan/unassigned/": {"get"},
    "volume-pekerjaan/list/": {"get"},
    "jadwal/": {"get"},
    "jadwal/save/": {"post"},
    "kurva-s/": {"get"},
    "realisasi/": {"get"},
    "realisasi/save/": {"post"},
    "baseline/": {"get", "post"},
    "baseline/{baseline_id}/": {"delete"},
    "anggota/": {"get", "post"},
    "anggota/{user_id}/": {"delete"},
}


def test_the_schema_is_served_as_openapi_3_with_every_endpoint(client):
    response = client.get(SCHEMA_URL)

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    prefix = "/detail_project/api/project/{project_id}/"
    served = {
        path.removeprefix(prefix): set(operations) for path, operations in schema["paths"].items()
    }
    for path, methods in SPEC_PATHS.items():
        assert methods <= served.get(path, set()), f"{path} {methods} is not served"
    assert {str(operation) for operation in OPERATIONS} == {
        f"{method.upper()} {path}" for path, methods in served.items() for method in methods
    }


@pytest.fixture
def baseline(project, owner, weekly):
    from detail_project.services.baseline import baseline_create

    return baseline_create(project=project, user=owner, nama="Kontrak", jenis="kontrak")


@pytest.fixture
def authenticated(owner, project, pekerjaan, weekly):
    client = Client()
    client.force_login(owner)
    client.get(f"/detail_project/project/{project.pk}/rab/")
    session, token = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    return {
        "cookies": {"sessionid": session, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture
def keep_connection_open(authenticated):
    """The raw WSGI app closes "old" connections at each request's start and end, which on
    PostgreSQL would end the test's transaction; Django's test Client avoids it the same way.
    (After `authenticated`: the test Client reconnects the signal when it is done.)"""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_connection_open")
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_gets_a_5xx_or_an_undocumented_answer(
    project, pekerjaan, weekly, baseline, authenticated, mode
):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
    ids = {
        "project_id": st.sampled_from([project.pk, project.pk + 1000]),
        "tahapan_id": st.sampled_from([t.pk for t in weekly[:3]] + [999_999]),
        "pekerjaan_id": st.sampled_from([p.pk for p in pekerjaan[:3]] + [999_999]),
        "baseline_id": st.sampled_from([baseline.pk, 999_999]),
        # the owner (the only pemilik: refused, 400) or nobody in the team (404)
        "user_id": st.sampled_from([project.owner_id, 999_999]),
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(OPERATIONS)

    for operation in operations:
        run_bounded(operation, ids, mode, authenticated)
    # The run really wrote through the API, not only bounced off validation.
    assert mode == GenerationMode.NEGATIVE or JadwalLog.objects.filter(project=project).count() > 1


def run_bounded(operation, ids, mode, authenticated) -> None:
    names = {parameter.name for parameter in operation.path_parameters}

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        derandomize=True,  # the same exploration on every run: CI must not flicker
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def exercise(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        components = case.meta.components if case.meta else {}

        def broken(location: ParameterLocation) -> bool:
            info = components.get(location)
            return info is not None and info.mode == GenerationMode.NEGATIVE

        # Aim at real rows and a real session; a deliberately broken part stays broken.
        if not broken(ParameterLocation.PATH):
            case.path_parameters = {name: data.draw(ids[name]) for name in names}
        call = {
            "cookies": None if broken(ParameterLocation.COOKIE) else authenticated["cookies"],
            "headers": None if broken(ParameterLocation.HEADER) else authenticated["headers"],
        }
        case.call_and_validate(checks=CHECKS, **call)

    exercise()
