"""Every response is sent with a strict Content-Security-Policy, and every inline script or
style of a page carries the nonce its header names.

The URLs are read from the URLconf (as `detail_project/tests/api_operations.py` reads the API
from its schema), so a new page is covered the moment it exists. A URL parameter this module
cannot fill fails loudly until PARAMETERS learns it. Each URL is asked for by a visitor and by
the project's owner (a superuser, so the admin's pages render too).
"""

from __future__ import annotations

import datetime as dt
import re
import runpy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.resolvers import RegexPattern, RoutePattern

from ahsp.models import AhspAnalisis
from config import urls as site_urls
from config.health import HEALTH_PATH
from config.tests.conftest import ROOT, SETTING_NAMES
from dashboard.models import Project
from detail_project.demo import SAMPLE_RAB
from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi, TahapPelaksanaan
from detail_project.services import jadwal_switch
from detail_project.tests.ahsp_fixtures import make_catalogue
from detail_project.tests.factories import make_rab

HEADER = "Content-Security-Policy"
NEVER = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:")
# <script type=…> that the browser runs; any other type (application/json) is a data block.
SCRIPT_TYPES = {"", "module", "importmap", "text/javascript", "application/javascript"}


# --- the URLs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # "detail_project:rab"; None for an unnamed pattern
    segments: tuple[RoutePattern | RegexPattern, ...]

    @property
    def template(self) -> str:
        return "".join(str(segment) for segment in self.segments)

    @property
    def parameters(self) -> set[str]:
        names: set[str] = set()
        for segment in self.segments:
            if isinstance(segment, RoutePattern):
                names |= set(segment.converters)
            else:
                names |= set(segment.regex.groupindex)
        return names

    def __str__(self) -> str:
        return self.template or "/"


def routes() -> list[Route]:
    def walk(patterns: list[Any], prefix: tuple, namespace: str | None) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, (*prefix, pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield Route(name, (*prefix, pattern.pattern))

    found: dict[str, Route] = {}
    for route in walk(get_resolver().url_patterns, (), None):
        found.setdefault(route.template, route)  # one GET per URL (the API has two per path)
    return list(found.values())


ROUTES = routes()


@dataclass
class Site:
    """One of everything a URL can point at, owned by a superuser."""

    owner: Any
    project: Project
    klasifikasi: Klasifikasi
    sub: SubKlasifikasi
    pekerjaan: Pekerjaan
    tahapan: TahapPelaksanaan

    def first(self, model: type[Model]) -> Model:
        instance = model._default_manager.order_by("pk").first()
        assert instance is not None, f"the site fixture has no {model.__name__}: create one"
        return instance


def _admin_object(site: Site, route: Route) -> object:
    """The admin's `<object_id>` / `<id>`: an instance of the model the URL is about
    (admin/<app_label>/<model_name>/…), the project for "view on site" (admin/r/…)."""
    parts = route.template.split("/")
    if parts[1] == "r":
        return site.project.pk
    return site.first(apps.get_model(parts[1], parts[2])).pk


PARAMETERS: dict[str, Callable[[Site, Route], object]] = {
    "project_id": lambda site, route: site.project.pk,
    "klasifikasi_id": lambda site, route: site.klasifikasi.pk,
    "sub_id": lambda site, route: site.sub.pk,
    "pekerjaan_id": lambda site, route: site.pekerjaan.pk,
    "tahapan_id": lambda site, route: site.tahapan.pk,
    # Only DELETE serves it: a GET answers the API's JSON 405, whichever id.
    "baseline_id": lambda site, route: 1,
    # a member of the team (removing one is POST-only: a GET answers 405)
    "user_id": lambda site, route: site.project.owner_id,
    # an invitation (cancelling one is POST-only) and an invitation link (unknown: its page)
    "undangan_id": lambda site, route: 1,
    "token": lambda site, route: "no-such-invitation",
    # the AHSP catalogue: an analysis
    "pk": lambda site, route: site.first(AhspAnalisis).pk,
    # the documents: a PDF of each, week 1 for the report
    "fmt": lambda site, route: "pdf",
    "jenis": lambda site, route: "mingguan",
    "nomor": lambda site, route: 1,
    # Django's admin
    "object_id": _admin_object,
    "id": _admin_object,
    "content_type_id": lambda site, route: ContentType.objects.get_for_model(Project).pk,
    "app_label": lambda site, route: site.project._meta.app_label,
    "url": lambda site, route: "no-such-page/",  # the admin's catch-all
}


def url_of(route: Route, site: Site) -> str:
    missing = route.parameters - PARAMETERS.keys()
    assert not missing, f"{route}: add {sorted(missing)} to PARAMETERS in {__name__}"
    values = {name: str(PARAMETERS[name](site, route)) for name in route.parameters}
    built = []
    for segment in route.segments:
        if isinstance(segment, RoutePattern):
            built.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], str(segment)))
        else:
            text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m[1]], str(segment))
            built.append(text.removeprefix("^").removesuffix("$"))
    return "/" + "".join(built)


@pytest.fixture
def site(db) -> Site:
    owner = get_user_model().objects.create_superuser("owner", "owner@example.com", "pw")
    project = Project.objects.create(
        owner=owner,
        nama="Gedung Serbaguna",
        tanggal_mulai=dt.date(2026, 1, 5),
        tanggal_selesai=dt.date(2026, 3, 29),
    )
    pekerjaan = make_rab(project, pekerjaan=1, klasifikasi=1, subs=1)[0]
    jadwal_switch.tahapan_regenerate(project=project, user=owner, mode="weekly")
    Group.objects.create(name="Planners")
    make_catalogue()  # the AHSP catalogue's pages show an analysis
    return Site(
        owner=owner,
        project=project,
        klasifikasi=Klasifikasi.objects.get(project=project),
        sub=SubKlasifikasi.objects.get(project=project),
        pekerjaan=Pekerjaan.objects.get(pk=pekerjaan.pk),
        tahapan=TahapPelaksanaan.objects.filter(project=project).first(),
    )


def clients(site: Site) -> dict[str, Client]:
    signed_in = Client()
    signed_in.force_login(site.owner)
    return {"a visitor": Client(), "the owner": signed_in}


# --- what a response must look like -------------------------------------------------------


def policy_of(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(header: str, where: str) -> None:
    policy = policy_of(header)
    for name, values in policy.items():
        loose = [value for value in values if value in NEVER]
        assert not loose, f"{where}: {name} allows {loose}"
    assert policy["default-src"] == ["'self'"], where
    for name in ("script-src", "style-src"):
        assert policy[name][0] == "'self'", where
        assert all(v.startswith("'nonce-") for v in policy[name][1:]), f"{where}: {name}"
    assert policy["object-src"] == ["'none'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert policy["form-action"] == ["'self'"], where


class Markup(HTMLParser):
    """What of a page the browser would treat as inline code or style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.needs_nonce: list[tuple[str, str | None]] = []  # (element, its nonce)
        self.inline: list[str] = []  # style="", onclick="", javascript: URLs
        self.external: list[str] = []  # scripts and stylesheets from another site

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name == "style" or name.startswith("on") or url.startswith("javascript:"):
                self.inline.append(f"<{tag} {name}={value!r}>")
        source = attributes.get("src")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            source = attributes.get("href")
        if source and re.match(r"^(\w+:)?//", source):
            self.external.append(f"<{tag}> {source}")
        script_type = (attributes.get("type") or "").strip().lower()
        if tag == "script" and not attributes.get("src") and script_type in SCRIPT_TYPES:
            self.needs_nonce.append((f"<script type={script_type!r}>", attributes.get("nonce")))
        elif tag == "style":
            self.needs_nonce.append(("<style>", attributes.get("nonce")))
        elif tag == "meta" and attributes.get("name") == "csp-nonce":
            self.needs_nonce.append(("<meta name=csp-nonce>", attributes.get("content")))


def assert_page_complies(response: Any, where: str) -> Markup:
    markup = Markup()
    markup.feed(response.content.decode(response.charset or "utf-8"))
    assert not markup.inline, f"{where}: inline code or style {markup.inline}"
    assert not markup.external, f"{where}: from another site {markup.external}"
    nonces = re.findall(r"'nonce-([^']+)'", response[HEADER])
    for element, nonce in markup.needs_nonce:
        assert nonce, f"{where}: {element} has no nonce"
        assert nonces and set(nonces) == {nonce}, (
            f"{where}: {element} has nonce {nonce!r}, the header {nonces}"
        )
    return markup


# --- the tests ----------------------------------------------------------------------------


def test_the_urlconf_yields_the_pages():
    names = {route.name for route in ROUTES}
    assert {"login", "signup", "dashboard:project_list", "detail_project:rab"} <= names
    assert {"detail_project:jadwal_pekerjaan", "detail_project:rab_import", "admin:index"} <= names
    assert len(ROUTES) > 50


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_response_carries_a_strict_policy_and_its_nonce(route, site):
    url = url_of(route, site)
    for who, client in clients(site).items():
        response = client.get(url)
        where = f"GET {url} by {who} ({response.status_code})"
        if url == HEALTH_PATH:
            # Answered by HealthCheckMiddleware before every other middleware: JSON for probes.
            assert response["Content-Type"] == "application/json", where
            continue
        assert HEADER in response, f"{where}: no {HEADER} header"
        assert_strict(response[HEADER], where)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_page_complies(response, where)


def test_the_jadwal_page_gives_its_nonce_to_the_import_map_and_to_revogrid(site):
    client = clients(site)["the owner"]
    url = f"/detail_project/project/{site.project.pk}/jadwal-pekerjaan/"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    markup = assert_page_complies(first, url)
    assert {element for element, _ in markup.needs_nonce} == {
        "<script type='importmap'>",
        "<meta name=csp-nonce>",
    }
    nonces = {re.search(r"'nonce-([^']+)'", r[HEADER])[1] for r in (first, second)}
    assert len(nonces) == 2, "every response gets a nonce of its own"
    for nonce in nonces:
        assert len(nonce) >= 22  # 128 random bits, base64


def test_the_import_preview_complies(site):
    """The one page only a POST shows: the preview of an uploaded RAB."""
    client = clients(site)["the owner"]
    upload = SimpleUploadedFile(SAMPLE_RAB.name, SAMPLE_RAB.read_bytes())
    url = f"/detail_project/project/{site.project.pk}/rab/import/"
    response = client.post(url, {"file": upload, "replace": "on"})
    assert response.status_code == 200
    assert b'data-testid="confirm-import"' in response.content
    assert_strict(response[HEADER], "import preview")
    assert_page_complies(response, "import preview")


def test_a_page_without_inline_code_gets_no_nonce(site):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "'nonce-" not in response[HEADER]


def test_the_not_found_page_complies(site):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert_strict(response[HEADER], "404")
    assert_page_complies(response, "404")


def boom(request):
    raise RuntimeError("a bug")


# The site's URLconf and its error handler, plus a view that fails.
urlpatterns = [path("boom/", boom), *site_urls.urlpatterns]
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")


def test_the_server_error_page_complies(site, settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert_strict(response[HEADER], "500")
    assert b"/static/css/error.css" in response.content
    assert_page_complies(response, "500")


# --- the settings -------------------------------------------------------------------------


def load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    monkeypatch.setenv("ENV_FILE", "")
    for name, value in {"SECRET_KEY": "csp-test-" + "x" * 40, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))


def test_the_policy_is_enforced_by_default(monkeypatch):
    loaded = load_settings(monkeypatch)
    assert loaded["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None
    directives = loaded["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert "report-uri" not in directives
    assert "csp.middleware.CSPMiddleware" in loaded["MIDDLEWARE"]


def test_report_only_sends_the_same_policy_under_the_report_only_header(
    monkeypatch, settings, site
):
    enforced = load_settings(monkeypatch)["CONTENT_SECURITY_POLICY"]
    loaded = load_settings(
        monkeypatch, CSP_REPORT_ONLY="true", CSP_REPORT_URI="https://reports.example.com/csp"
    )
    assert loaded["CONTENT_SECURITY_POLICY"] is None
    report_only = loaded["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    assert report_only["DIRECTIVES"].pop("report-uri") == ["https://reports.example.com/csp"]
    assert report_only == enforced

    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = loaded["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    response = Client().get("/accounts/login/")
    assert HEADER not in response
    assert_strict(response[f"{HEADER}-Report-Only"], "report-only")


def test_a_report_uri_must_be_a_url(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CSP_REPORT_URI"):
        load_settings(monkeypatch, CSP_REPORT_URI="reports.example.com/csp")
