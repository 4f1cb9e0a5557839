"""The cache with a real Redis (REDIS_URL): the tahapan summary is served from Redis until a
schedule write changes the schedule version, and then the answer changes at once."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from detail_project.services import jadwal_switch
from detail_project.tests.factories import make_rab

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_cache(settings):
    """Django's RedisCache on a key prefix of this test's own; its keys are deleted after."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not answering at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    prefix = f"jadwal-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield client, prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def summary_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_summary_is_read_from_redis_and_a_save_changes_the_answer(
    redis_cache, owner_client, project, owner
):
    client, prefix = redis_cache
    rows = make_rab(project, pekerjaan=4)
    jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
    url = f"/detail_project/api/project/{project.pk}/tahapan/"

    with CaptureQueriesContext(connection) as first:
        answer1 = owner_client.get(url)
    assert answer1.status_code == 200
    assert len(summary_queries(first)) == 1  # computed once ...
    keys = [key.decode() for key in client.scan_iter(match=f"{prefix}:*tahapan_summary*")]
    assert len(keys) == 1
    assert f"tahapan_summary:{project.pk}:" in keys[0]

    with CaptureQueriesContext(connection) as second:
        answer2 = owner_client.get(url)
    assert answer2.json() == answer1.json()
    assert summary_queries(second) == []  # ... then served from Redis
    assert len(second.captured_queries) < len(first.captured_queries)

    first_tahapan = answer1.json()["tahapan"][0]
    assert first_tahapan["jumlah_pekerjaan"] == 0
    version = owner_client.get(f"/detail_project/api/project/{project.pk}/jadwal/").json()[
        "version"
    ]
    saved = owner_client.post(
        f"/detail_project/api/project/{project.pk}/jadwal/save/",
        data=json.dumps(
            {
                "version": version,
                "changes": [
                    {
                        "pekerjaan_id": rows[0].pk,
                        "tahapan_id": first_tahapan["tahapan_id"],
                        "proporsi": "40,5",
                    }
                ],
            }
        ),
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content

    answer3 = owner_client.get(url).json()
    assert answer3 != answer1.json()
    assert answer3["tahapan"][0]["jumlah_pekerjaan"] == 1
    assert answer3["tahapan"][0]["total_assigned_proportion"] == 40.5
    # The new answer is cached under the new version's key; the old key simply expires.
    assert len(list(client.scan_iter(match=f"{prefix}:*tahapan_summary*"))) == 2
    with CaptureQueriesContext(connection) as fourth:
        assert owner_client.get(url).json() == answer3
    assert summary_queries(fourth) == []
