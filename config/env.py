"""Typed readers for configuration taken from the environment.

Every setting comes from the environment (or a `.env` file beside `manage.py` for local
development). A value that cannot be parsed stops the process at start-up with a message that
names the variable: a typo in production must never silently fall back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def load_dotenv(path: Path) -> None:
    """Load `KEY=VALUE` lines into the environment without overriding what is already set.

    The real environment wins so that CI, Docker and systemd can always override a developer's
    file.
    """
    if not path.is_file():
        return
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ImproperlyConfigured(f"{path.name}, line {number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key.strip(), value)


def env_str(name: str, default: str = "") -> str:
    """A string, or the contents of the file named by `<NAME>_FILE` (Docker secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path!r}: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    """One of `choices` (compared case-insensitively, returned as spelled in `choices`)."""
    allowed = list(choices)
    raw = env_str(name, default).strip()
    for choice in allowed:
        if raw.lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(f"{name}={raw!r} is not one of: {', '.join(allowed)}")


def env_path(name: str, default: Path | str, *, base_dir: Path) -> Path:
    """A filesystem path; a relative one is taken from the project folder (beside manage.py),
    not from whatever directory the server happened to be started in."""
    raw = env_str(name, str(default)).strip()
    if not raw:
        raise ImproperlyConfigured(f"{name} must not be empty")
    path = Path(raw).expanduser()
    return path if path.is_absolute() else base_dir / path


def env_url_list(name: str, *, schemes: Iterable[str]) -> list[str]:
    """Comma-separated URLs such as `https://jadwal.example.com`; each must have a scheme
    and a host. (Django reports `jadwal.example.com` in CSRF_TRUSTED_ORIGINS only from
    `manage.py check`; gunicorn would start with it and refuse every form and save.)"""
    allowed = tuple(schemes)
    values = env_list(name)
    for value in values:
        parts = urlsplit(value)
        if parts.scheme not in allowed or not parts.netloc:
            raise ImproperlyConfigured(
                f"{name}: {value!r} must look like {allowed[0]}://host[:port] "
                f"(scheme one of {', '.join(allowed)})"
            )
    return values


_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
}


def parse_database_url(url: str, *, base_dir: Path) -> dict[str, object]:
    """Turn `postgres://user:pass@host:5432/name` (or sqlite:///path, mysql://…) into a
    Django DATABASES entry. Query parameters become OPTIONS."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {parts.scheme!r} is not supported "
            f"(use one of: {', '.join(sorted(_ENGINES))})"
        )
    engine = _ENGINES[scheme]
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if engine.endswith("sqlite3"):
        # sqlite:///relative.db, sqlite:////absolute/path.db, sqlite:///:memory:
        raw_path = unquote(parts.path)
        if raw_path.startswith("/"):
            raw_path = raw_path[1:]
        if not raw_path:
            raise ImproperlyConfigured("DATABASE_URL for sqlite needs a file name")
        name: str | Path = raw_path if raw_path == ":memory:" else base_dir / raw_path
        return {"ENGINE": engine, "NAME": name, "OPTIONS": options}
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL needs a database name after the host")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DATABASE_URL has an invalid port") from None
    return {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def database_from_env(*, base_dir: Path) -> dict[str, object]:
    """DATABASE_URL first, then the deployment guide's DB_NAME/DB_USER/… set, then SQLite."""
    url = env_str("DATABASE_URL")
    if url:
        config = parse_database_url(url, base_dir=base_dir)
    elif os.environ.get("DB_NAME"):
        engine = os.environ.get("DB_ENGINE", "postgresql").lower()
        if engine not in _ENGINES or engine == "sqlite":
            raise ImproperlyConfigured(
                f"DB_ENGINE={engine!r} is not supported (use postgresql or mysql)"
            )
        default_port = "3306" if engine == "mysql" else "5432"
        config = {
            "ENGINE": _ENGINES[engine],
            "NAME": os.environ["DB_NAME"],
            "USER": env_str("DB_USER"),
            "PASSWORD": env_str("DB_PASSWORD"),
            "HOST": os.environ.get("DB_HOST", "localhost"),
            "PORT": str(env_int("DB_PORT", int(default_port), minimum=1)),
            "OPTIONS": {},
        }
    else:
        config = {
            "ENGINE": _ENGINES["sqlite"],
            "NAME": base_dir / "db.sqlite3",
            "OPTIONS": {},
        }
    if config["ENGINE"] == _ENGINES["sqlite"]:
        # WAL lets the dev server read while a save is being written; a busy timeout makes
        # concurrent writers wait instead of failing with "database is locked".
        options = dict(config["OPTIONS"])  # type: ignore[call-overload]
        options.setdefault("timeout", 20)
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        config["OPTIONS"] = options
    config["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


_RATE_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}
_RATE_UNITS |= {"h": 3600, "hour": 3600, "d": 86_400, "day": 86_400}


def parse_rate(text: str) -> tuple[int, int] | None:
    """`10/min`, `5/15min`, `5/hour` -> (count, seconds); None when `text` is not a rate."""
    count, sep, period = text.strip().partition("/")
    digits = period[: len(period) - len(period.lstrip("0123456789"))]
    unit = period[len(digits) :]
    if not sep or not count.isdigit() or unit not in _RATE_UNITS:
        return None
    multiplier = int(digits) if digits else 1
    if int(count) < 1 or multiplier < 1:
        return None
    return int(count), multiplier * _RATE_UNITS[unit]


def env_rate(name: str, default: str) -> str:
    """A rate such as `10/min` or `5/15min`: a number, '/', an optional number of units, then
    s, min, hour or day."""
    raw = env_str(name, default).strip()
    if parse_rate(raw) is None:
        raise ImproperlyConfigured(
            f"{name}={raw!r} must look like 10/min or 5/15min "
            "(a number of at least 1, '/', then s, min, hour or day, optionally after a number)"
        )
    return raw


def env_networks(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks (`127.0.0.1`, `10.0.0.0/8`, `::1`)."""
    values = env_list(name, default)
    for value in values:
        try:
            ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network (e.g. 10.0.0.0/8)"
            ) from None
    return values
