"""Settings come from the environment only, with secure production defaults, and a value that
cannot be used stops the start-up with an error naming the variable."""

from __future__ import annotations

import re
import runpy
import secrets
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import parse_database_url
from config.tests.conftest import ROOT, SETTING_NAMES, clean_environ, run_manage, run_python

SETTINGS_FILE = ROOT / "config" / "settings.py"
SECRET = "a-test-secret-" + "x" * 40


def load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """Execute config/settings.py afresh with exactly `env` as the application's settings."""
    for name in SETTING_NAMES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    monkeypatch.setenv("ENV_FILE", "")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def production(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    return load_settings(
        monkeypatch, **{"SECRET_KEY": SECRET, "ALLOWED_HOSTS": "jadwal.example.com", **env}
    )


# --- production defaults ------------------------------------------------------------------


def test_debug_is_off_unless_asked_for(monkeypatch):
    assert production(monkeypatch)["DEBUG"] is False


def test_it_refuses_to_start_without_secret_key_when_debug_is_off(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings(monkeypatch, DEBUG="false")


def test_production_defaults_are_secure(monkeypatch):
    s = production(monkeypatch)
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["CSRF_COOKIE_HTTPONLY"] is False  # the grid reads the token for fetch()
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["SECURE_HSTS_SECONDS"] == 31_536_000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is False
    assert s["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]
    assert s["SECURE_REDIRECT_EXEMPT"] == [r"^health/$"]
    assert s["X_FRAME_OPTIONS"] == "DENY"


def test_static_files_are_hashed_and_compressed_in_production(monkeypatch):
    s = production(monkeypatch)
    assert s["STATIC_URL"] == "/static/"
    assert s["STATIC_ROOT"] == ROOT / "staticfiles"
    assert (
        s["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert s["WHITENOISE_MAX_AGE"] == 30 * 24 * 3600
    # WhiteNoise answers static files right after the security headers (HSTS, CSP) and the
    # body limit, before the session and everything else that would be wasted on them.
    middleware = s["MIDDLEWARE"]
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware[:whitenoise] == [
        "config.health.HealthCheckMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "config.request_limits.RequestBodyLimitMiddleware",
    ]


def test_health_check_middleware_comes_first(monkeypatch):
    assert production(monkeypatch)["MIDDLEWARE"][0] == "config.health.HealthCheckMiddleware"


def test_hosts_and_trusted_origins(monkeypatch):
    s = production(
        monkeypatch,
        ALLOWED_HOSTS="yourdomain.com, www.yourdomain.com",
        CSRF_TRUSTED_ORIGINS="https://yourdomain.com,https://www.yourdomain.com:8443",
    )
    assert s["ALLOWED_HOSTS"] == ["yourdomain.com", "www.yourdomain.com"]
    assert s["CSRF_TRUSTED_ORIGINS"] == [
        "https://yourdomain.com",
        "https://www.yourdomain.com:8443",
    ]


def test_allowed_hosts_default_to_none_in_production(monkeypatch):
    s = load_settings(monkeypatch, SECRET_KEY=SECRET)
    assert s["ALLOWED_HOSTS"] == []


def test_development_defaults(monkeypatch):
    s = load_settings(monkeypatch, DEBUG="true")
    assert s["SECRET_KEY"].startswith("django-insecure")
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in s
    assert (
        s["STORAGES"]["staticfiles"]["BACKEND"]
        == "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_each_security_setting_can_be_relaxed_explicitly(monkeypatch):
    s = production(
        monkeypatch,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="no",
        SECURE_HSTS_SECONDS="0",
        USE_X_FORWARDED_PROTO="off",
    )
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["CSRF_COOKIE_SECURE"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in s


def test_hsts_preload_is_opt_in_and_then_checked(monkeypatch):
    s = production(monkeypatch, SECURE_HSTS_PRELOAD="true")
    assert s["SECURE_HSTS_PRELOAD"] is True
    assert s["SILENCED_SYSTEM_CHECKS"] == []


# --- paths --------------------------------------------------------------------------------


def test_relative_paths_are_taken_from_the_project_folder(monkeypatch):
    s = production(monkeypatch, STATIC_ROOT="collected", MEDIA_ROOT="uploads")
    assert s["STATIC_ROOT"] == ROOT / "collected"
    assert s["MEDIA_ROOT"] == ROOT / "uploads"


def test_absolute_paths_are_kept(monkeypatch, tmp_path):
    s = production(monkeypatch, STATIC_ROOT=str(tmp_path / "static"))
    assert s["STATIC_ROOT"] == tmp_path / "static"


def test_the_import_parse_limits(monkeypatch):
    s = production(monkeypatch)
    assert (s["RAB_IMPORT_PARSE_SECONDS"], s["RAB_IMPORT_PARSE_MEMORY_MB"]) == (5, 512)
    s = production(monkeypatch, RAB_IMPORT_PARSE_SECONDS="3", RAB_IMPORT_PARSE_MEMORY_MB="256")
    assert (s["RAB_IMPORT_PARSE_SECONDS"], s["RAB_IMPORT_PARSE_MEMORY_MB"]) == (3, 256)
    with pytest.raises(ImproperlyConfigured, match="RAB_IMPORT_PARSE_SECONDS"):
        production(monkeypatch, RAB_IMPORT_PARSE_SECONDS="0")


# --- database -----------------------------------------------------------------------------


def test_database_url(monkeypatch):
    db = production(monkeypatch, DATABASE_URL="postgresql://user:p%40ss@db.internal:6543/jadwal")[
        "DATABASES"
    ]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("jadwal", "user", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "6543")
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


def test_the_guides_db_variables(monkeypatch):
    db = production(
        monkeypatch,
        DB_NAME="ahsp_db",
        DB_USER="ahsp_user",
        DB_PASSWORD="securepassword",
        DB_HOST="10.1.2.3",
        DB_PORT="5433",
    )["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("ahsp_db", "ahsp_user", "securepassword")
    assert (db["HOST"], db["PORT"]) == ("10.1.2.3", "5433")


def test_the_guides_db_variables_default_to_localhost_5432(monkeypatch):
    db = production(monkeypatch, DB_NAME="ahsp_db")["DATABASES"]["default"]
    assert (db["HOST"], db["PORT"]) == ("localhost", "5432")


def test_mysql_through_db_engine(monkeypatch):
    db = production(monkeypatch, DB_ENGINE="mysql", DB_NAME="ahsp_db")["DATABASES"]["default"]
    assert (db["ENGINE"], db["PORT"]) == ("django.db.backends.mysql", "3306")


def test_database_url_wins_over_db_variables(monkeypatch):
    db = production(monkeypatch, DATABASE_URL="postgres://u@h/url_db", DB_NAME="other")[
        "DATABASES"
    ]["default"]
    assert db["NAME"] == "url_db"


def test_sqlite_when_nothing_is_configured(monkeypatch):
    db = production(monkeypatch)["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == ROOT / "db.sqlite3"


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://u:p@h:5432/n", "django.db.backends.postgresql"),
        ("pgsql://u@h/n", "django.db.backends.postgresql"),
        ("mysql://u:p@h/n?charset=utf8mb4", "django.db.backends.mysql"),
        ("sqlite:///relative.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_parse_database_url(url, engine):
    assert parse_database_url(url, base_dir=Path("/base"))["ENGINE"] == engine


def test_parse_database_url_keeps_options():
    config = parse_database_url("mysql://u:p@h/n?charset=utf8mb4", base_dir=Path("/base"))
    assert config["OPTIONS"] == {"charset": "utf8mb4"}


# --- cache, logging, Sentry ---------------------------------------------------------------


def test_memory_cache_without_redis(monkeypatch):
    cache = production(monkeypatch)["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_cache_when_redis_url_is_set(monkeypatch):
    cache = production(
        monkeypatch, REDIS_URL="redis://127.0.0.1:6379/2", CACHE_KEY_PREFIX="site-a"
    )["CACHES"]["default"]
    assert cache == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
        "KEY_PREFIX": "site-a",
    }


def test_logs_go_to_stderr_by_default(monkeypatch):
    logging = production(monkeypatch)["LOGGING"]
    assert list(logging["handlers"]) == ["console"]
    assert logging["handlers"]["console"]["class"] == "logging.StreamHandler"
    assert logging["root"]["level"] == "INFO"


def test_logs_also_go_to_a_file_when_asked(monkeypatch, tmp_path):
    target = tmp_path / "error.log"
    logging = production(monkeypatch, DJANGO_LOG_FILE=str(target), DJANGO_LOG_LEVEL="warning")[
        "LOGGING"
    ]
    assert logging["handlers"]["file"] == {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": str(target),
        "level": "ERROR",
        "formatter": "plain",
    }
    assert logging["loggers"]["django"]["handlers"] == ["console", "file"]
    assert logging["root"]["level"] == "WARNING"


def test_an_error_is_written_to_stderr_and_to_the_log_file(tmp_path):
    target = tmp_path / "error.log"
    env = clean_environ(DEBUG="false", SECRET_KEY=SECRET, DJANGO_LOG_FILE=str(target))
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = run_python(
        "import django, logging; django.setup(); "
        "logging.getLogger('detail_project').info('only on stderr'); "
        "logging.getLogger('django.request').error('boom from a test')",
        env,
    )
    assert result.returncode == 0, result.stderr
    assert "only on stderr" in result.stderr
    assert "boom from a test" in result.stderr
    written = target.read_text()
    assert "ERROR django.request boom from a test" in written
    assert "only on stderr" not in written


class SentryInit:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


@pytest.fixture
def sentry_init(monkeypatch):
    import sentry_sdk

    recorder = SentryInit()
    monkeypatch.setattr(sentry_sdk, "init", recorder)
    return recorder


def test_sentry_is_off_without_a_dsn(monkeypatch, sentry_init):
    production(monkeypatch)
    assert sentry_init.calls == []


def test_sentry_sends_no_personal_data_by_default(monkeypatch, sentry_init):
    production(monkeypatch, SENTRY_DSN="https://key@sentry.example.com/1")
    (call,) = sentry_init.calls
    assert call["dsn"] == "https://key@sentry.example.com/1"
    assert call["send_default_pii"] is False
    assert call["traces_sample_rate"] == 0.0
    assert call["environment"] == "production"
    assert [type(i).__name__ for i in call["integrations"]] == ["DjangoIntegration"]


def test_sentry_personal_data_only_when_enabled_explicitly(monkeypatch, sentry_init):
    production(
        monkeypatch,
        SENTRY_DSN="https://key@sentry.example.com/1",
        SENTRY_SEND_DEFAULT_PII="true",
        SENTRY_TRACES_SAMPLE_RATE="0.2",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="1.4.0",
    )
    (call,) = sentry_init.calls
    assert call["send_default_pii"] is True
    assert call["traces_sample_rate"] == 0.2
    assert (call["environment"], call["release"]) == ("staging", "1.4.0")


def test_the_app_starts_with_sentry_enabled():
    env = clean_environ(DEBUG="false", SECRET_KEY=SECRET, SENTRY_DSN="https://key@127.0.0.1:9/1")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = run_python(
        "import django; django.setup(); import sentry_sdk; "
        "options = sentry_sdk.get_client().options; "
        "print(options['send_default_pii'], options['dsn'])",
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "https://key@127.0.0.1:9/1"]


# --- where values come from ---------------------------------------------------------------


def test_values_may_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret_key"
    secret_file.write_text(SECRET + "\n")
    s = load_settings(monkeypatch, SECRET_KEY_FILE=str(secret_file))
    assert s["SECRET_KEY"] == SECRET


def test_env_file_is_read_and_the_environment_wins(monkeypatch, tmp_path):
    env_file = tmp_path / "jadwal.env"
    env_file.write_text(
        "# production\nexport SECRET_KEY='from-the-file-" + "y" * 40 + "'\n"
        "ALLOWED_HOSTS=file.example.com\nTIME_ZONE=Asia/Makassar\n"
    )
    s = load_settings(monkeypatch, ENV_FILE=str(env_file), TIME_ZONE="Asia/Jayapura")
    assert s["SECRET_KEY"].startswith("from-the-file-")
    assert s["ALLOWED_HOSTS"] == ["file.example.com"]
    assert s["TIME_ZONE"] == "Asia/Jayapura"  # set in the environment: the file does not win


# --- loud failures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("SECURE_SSL_REDIRECT", "sometimes"),
        ("SECURE_HSTS_SECONDS", "one year"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("CSRF_TRUSTED_ORIGINS", "yourdomain.com"),
        ("DATABASE_URL", "oracle://u@h/n"),
        ("DATABASE_URL", "postgres://u@h:port/n"),
        ("DATABASE_URL", "postgres://u@h:5432/"),
        ("DB_PORT", "fifty-four"),
        ("DB_ENGINE", "oracle"),
        ("DB_CONN_MAX_AGE", "-5"),
        ("STATIC_URL", "/static"),
        ("STATIC_ROOT", ""),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("DJANGO_LOG_LEVEL", "LOUD"),
        ("DJANGO_LOG_FILE", "/no/such/folder/error.log"),
        ("SENTRY_TRACES_SAMPLE_RATE", "1.5"),
        ("SENTRY_TRACES_SAMPLE_RATE", "all"),
        ("LANGUAGE_CODE", "fr"),
        ("TIME_ZONE", "Jakarta"),
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", "2MB"),
        ("RAB_IMPORT_MAX_BYTES", "10"),
        ("JADWAL_REGENERATE_RATE", "ten per minute"),
        ("JADWAL_SUMMARY_CACHE_SECONDS", "-1"),
        ("ENV_FILE", "/no/such/file.env"),
    ],
)
def test_a_bad_value_stops_the_start_up_naming_the_variable(monkeypatch, name, value):
    extra = {"DB_NAME": "jadwal"} if name.startswith("DB_") else {}
    with pytest.raises(ImproperlyConfigured, match=re.escape(name)):
        production(monkeypatch, **extra, **{name: value})


def test_a_bad_value_stops_manage_py_with_a_clear_message():
    env = clean_environ(DEBUG="false", SECRET_KEY=SECRET, SECURE_SSL_REDIRECT="sometimes")
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='sometimes' is not a boolean" in result.stderr


# --- .env.example -------------------------------------------------------------------------


def _names_read_by(path: Path, pattern: str) -> set[str]:
    return set(re.findall(pattern, path.read_text(encoding="utf-8")))


def test_env_example_lists_every_variable_the_project_reads():
    read = (
        _names_read_by(ROOT / "config/settings.py", r'env_\w+\(\s*"([A-Z][A-Z0-9_]*)"')
        | _names_read_by(ROOT / "config/env.py", r'env_\w+\(\s*"([A-Z][A-Z0-9_]*)"')
        | _names_read_by(ROOT / "config/env.py", r'os\.environ(?:\.get\(|\[)"([A-Z][A-Z0-9_]*)"')
        | _names_read_by(ROOT / "gunicorn.conf.py", r'(?:_int|get)\(\s*"([A-Z][A-Z0-9_]*)"')
        | _names_read_by(ROOT / "docker-compose.yml", r"\$\{([A-Z][A-Z0-9_]*)[:?}-]")
        | _names_read_by(ROOT / "deploy/docker-entrypoint.sh", r"\$\{([A-Z][A-Z0-9_]*)[:?}-]")
    )
    assert len(read) > 40
    missing = read - SETTING_NAMES
    assert not missing, f".env.example does not list {sorted(missing)}"


def test_every_variable_in_env_example_has_a_comment():
    lines = (ROOT / ".env.example").read_text().splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^#? ?[A-Z][A-Z0-9_]*=", line):
            above = lines[index - 1]
            assert above.startswith("#"), f"no comment above {line!r}"


# --- manage.py check --deploy -------------------------------------------------------------


def documented_production_env() -> dict[str, str]:
    """The environment docs/DEPLOYMENT.md gives for `check --deploy` (its marked block)."""
    text = (ROOT / "docs" / "DEPLOYMENT.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- check-deploy-env -->\s*```\w*\n(.*?)```", text, flags=re.DOTALL)
    assert block, "docs/DEPLOYMENT.md lost its check-deploy-env block"
    env: dict[str, str] = {}
    for line in block.group(1).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        if value.startswith("$("):  # the documented secret generator
            value = secrets.token_urlsafe(50)
        env[name] = value.strip("'\"")
    return env


def test_check_deploy_is_clean_with_the_documented_production_environment():
    documented = documented_production_env()
    assert documented.keys() >= {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=clean_environ(**documented)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_warns_when_https_is_turned_off():
    env = clean_environ(**documented_production_env(), SECURE_SSL_REDIRECT="false")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
