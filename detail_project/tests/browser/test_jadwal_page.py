"""The page itself, without a browser: access, the embedded schedule, module URLs, queries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import json_script

from detail_project.tests.browser.conftest import build_schedule
from detail_project.tests.factories import make_rab
from detail_project.views import (
    JADWAL_MODULES,
    REVOGRID_CHUNKS,
    STATIC_DIR,
    schedule_json_script,
)


@pytest.fixture
def weekly(owner):
    return build_schedule(owner)


def embedded(response, element_id: str):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


def test_it_embeds_the_whole_schedule(owner_client, weekly):
    response = owner_client.get(weekly.url)
    assert response.status_code == 200
    data = embedded(response, "jadwal-data")
    assert data["version"] == weekly.project.jadwal_version
    assert data["mode"] == "weekly"
    assert len(data["tahapan"]) == 12
    assert sum(len(s["pekerjaan"]) for k in data["tree"] for s in k["sub"]) == 8
    assert len(data["assignments"]) == 8
    config = embedded(response, "jadwal-config")
    assert config["api_base"] == f"/detail_project/api/project/{weekly.project.pk}/"
    assert response.cookies.get("csrftoken"), "the grid's writes need the CSRF cookie"


def test_user_text_is_escaped_in_the_embedded_data(owner_client, owner):
    schedule = build_schedule(owner, rename={"B.2": "</script><script>alert(1)</script>"})
    body = owner_client.get(schedule.url).content.decode()
    assert "</script><script>alert(1)" not in body
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in body


def test_the_fast_json_script_matches_djangos():
    value = {
        "uraian": "</script><script>alert('x') & \"y\" <!-- é 😀 \u2028",
        "numbers": [0, 1.5, 33.33, -2, 10**12],
        "nested": [[1, 2, 3.25], {"a": None, "b": True}],
    }
    ours = str(schedule_json_script(json.dumps(value), "x"))
    theirs = str(json_script(value, "x"))
    inner = re.compile(r'<script id="x" type="application/json">(.*)</script>', re.S)
    assert json.loads(inner.match(ours)[1]) == json.loads(inner.match(theirs)[1]) == value
    body = inner.match(ours)[1]
    assert not {"<", ">", "&"} & set(body)


def test_every_module_is_mapped_and_exists(owner_client, weekly):
    body = owner_client.get(weekly.url).content.decode()
    # The map is an inline script: it carries the CSP nonce (config/tests/test_csp.py).
    found = re.search(r'<script type="importmap" nonce="[^"]+">(.*?)</script>', body, re.S)
    import_map = json.loads(found[1])
    imports = import_map["imports"]
    on_disk = sorted(p.name for p in (STATIC_DIR / "js" / "jadwal").glob("*.js"))
    assert list(JADWAL_MODULES) == on_disk
    for module in on_disk:
        assert f"/static/detail_project/js/jadwal/{module}" in imports
    assert imports["revogrid"].endswith("revogrid-4.28.1/revo-grid.esm.js")
    assert imports["echarts"].endswith("echarts-6.1.0/echarts.esm.min.js")
    assert "revogr-data_4.entry.js" in REVOGRID_CHUNKS
    for chunk in REVOGRID_CHUNKS:
        assert f"vendor/revogrid-4.28.1/{chunk}" in body


def test_shipped_javascript_has_no_debug_output_or_source_maps():
    for path in (STATIC_DIR / "js").rglob("*.js"):
        text = path.read_text()
        assert "console.log" not in text, path
        assert "TODO" not in text, path
        assert "innerHTML" not in text, f"{path}: user text must be set with textContent"
    for path in (STATIC_DIR / "vendor").rglob("*.js"):
        assert "sourceMappingURL" not in path.read_text(), path


def test_vendored_libraries_carry_their_licences():
    vendor = STATIC_DIR / "vendor"
    assert (vendor / "revogrid-4.28.1" / "LICENSE").exists()
    for name in ("LICENSE", "NOTICE", "LICENSE-zrender", "LICENSE-d3"):
        assert (vendor / "echarts-6.1.0" / name).exists()
    assert "4.28.1" in Path(vendor / "VENDORED.md").read_text()


def test_it_rejects_outsider(outsider_client, weekly):
    assert outsider_client.get(weekly.url).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, weekly):
    response = client.get(weekly.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_it_refuses_post(owner_client, weekly):
    assert owner_client.post(weekly.url).status_code == 405


@pytest.mark.parametrize("size", [10, 300])
def test_query_count_does_not_grow_with_the_project(
    size, owner, project, django_assert_num_queries
):
    make_rab(project, pekerjaan=size)
    client = Client()
    client.force_login(owner)
    url = f"/detail_project/project/{project.pk}/jadwal-pekerjaan/"
    client.get(url)  # warm the session
    # session, user, project, tree (3), tahapan, cells + sums, realisasi (the user's saved
    # language rides in the session: no query of its own)
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
