"""Static files in production: `collectstatic` with the manifest storage passes on the whole
tree (vendored libraries included), writes the grid's JS and CSS under their own names and
hashed ones, and WhiteNoise serves them when no web server sits in front of gunicorn."""

from __future__ import annotations

import json
import re

import pytest

from config.tests.conftest import clean_environ, run_manage, run_python

GRID_JS = "detail_project/js/kelola_tahapan_grid.js"
GRID_CSS = "detail_project/css/kelola_tahapan_grid.css"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    env = clean_environ(
        DEBUG="false",
        SECRET_KEY="static-test-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(root),
        DATABASE_URL="sqlite:///:memory:",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = run_manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, (
        "collectstatic failed (a vendored file may reference a missing file through url() "
        "or sourceMappingURL):\n" + result.stderr[-3000:]
    )
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    return root, manifest, env


def test_collectstatic_writes_the_grid_files_and_hashed_copies(collected):
    root, manifest, _ = collected
    for name in (GRID_JS, GRID_CSS):
        assert (root / name).is_file()
        hashed = manifest[name]
        assert re.fullmatch(re.escape(name.rsplit(".", 1)[0]) + r"\.[0-9a-f]{12}\.\w+", hashed)
        assert (root / hashed).is_file()
        assert (root / (hashed + ".gz")).is_file()  # compressed for nginx's gzip_static


def test_every_vendored_library_is_collected(collected):
    root, manifest, _ = collected
    vendored = [name for name in manifest if "/vendor/" in name or name.startswith("vendor/")]
    assert any(name.startswith("detail_project/vendor/revogrid-") for name in vendored)
    assert any(name.startswith("detail_project/vendor/echarts-") for name in vendored)
    for name in vendored:
        assert (root / manifest[name]).is_file(), name


def test_whitenoise_serves_hashed_files_forever_and_plain_names_for_30_days(collected):
    root, manifest, env = collected
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "from django.templatetags.static import static; c = Client(); out = {}; "
        f"out['url'] = static({GRID_JS!r}); "
        f"h = c.get('/static/{manifest[GRID_JS]}', secure=True); "
        f"p = c.get('/static/{GRID_JS}', secure=True); "
        "out['hashed'] = [h.status_code, h['Cache-Control']]; "
        "out['plain'] = [p.status_code, p['Cache-Control']]; "
        "print(json.dumps(out))"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    # Pages link the hashed name: a new release (or a rollback) links a different file.
    assert out["url"] == "/static/" + manifest[GRID_JS]
    assert out["hashed"][0] == 200
    assert "immutable" in out["hashed"][1]
    assert out["plain"] == [200, "max-age=2592000, public"]
