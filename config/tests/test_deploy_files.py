"""The deployment files the guide names, checked for what they must do here: the Dockerfile and
its entrypoint, docker-compose.yml, the nginx and Apache sites, gunicorn.conf.py, the crontab,
the systemd unit, the Fabric task and docs/DEPLOYMENT.md."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from invoke import Context, Result

from config.tests.conftest import ROOT, clean_environ

sys.path.insert(0, str(ROOT / "scripts"))
from render_template import render  # noqa: E402

NGINX_ENV = {
    "NGINX_SERVER_NAME": "jadwal.example.com",
    "NGINX_HTTP_LISTEN": "127.0.0.1:18480",
    "NGINX_HTTPS_LISTEN": "127.0.0.1:18481",
    "NGINX_UPSTREAM": "127.0.0.1:18450",
    "NGINX_STATIC_ROOT": "/srv/jadwal-pekerjaan/staticfiles",
    "NGINX_MEDIA_ROOT": "/srv/jadwal-pekerjaan/media",
    "NGINX_TLS_CERT": "/etc/ssl/jadwal/fullchain.pem",
    "NGINX_TLS_KEY": "/etc/ssl/jadwal/privkey.pem",
}


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    return f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


# --- Dockerfile and entrypoint --------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in (raw.strip() for raw in text.splitlines())
        if line and not line.startswith("#")
    ]


def test_dockerfile_is_multi_stage_and_runs_as_a_user():
    instructions = dockerfile_instructions()
    stages = [arg for op, arg in instructions if op == "FROM"]
    assert len(stages) >= 2 and any(" AS build" in stage for stage in stages)
    users = [arg for op, arg in instructions if op == "USER"]
    assert users and users[-1] not in {"root", "0"}


def test_dockerfile_never_migrates_at_build_time():
    runs = " ".join(arg for op, arg in dockerfile_instructions() if op == "RUN")
    assert "migrate" not in runs
    assert "collectstatic --noinput" in runs  # no database needed for that


def test_dockerfile_starts_gunicorn_through_the_migrating_entrypoint():
    instructions = dict(dockerfile_instructions())
    assert instructions["ENTRYPOINT"] == '["/app/deploy/docker-entrypoint.sh"]'
    assert "config.wsgi:application" in instructions["CMD"]
    assert instructions["CMD"].startswith('["gunicorn", "-c", "gunicorn.conf.py"')
    assert "/health/" in instructions["HEALTHCHECK"]


def settings_named_in_env_example() -> set[str]:
    return set(re.findall(r"\b[A-Z][A-Z0-9_]{2,}\b", (ROOT / ".env.example").read_text()))


def test_deploy_files_set_only_settings_that_exist():
    """What the image, the compose file and the smoke script give the app is a setting
    .env.example lists: a setting that was removed (the old folder for pending uploads) leaves no
    trace, and neither does its volume."""
    known = settings_named_in_env_example()
    instructions = dockerfile_instructions()
    last_from = max(index for index, (op, _) in enumerate(instructions) if op == "FROM")
    docker_env = " ".join(arg for op, arg in instructions[last_from:] if op == "ENV")
    image = {  # the runtime stage's, less Python's own
        name
        for name in re.findall(r"\b([A-Z][A-Z0-9_]+)=", docker_env)
        if name != "PATH" and not name.startswith("PYTHON")
    }
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = set(compose["services"]["web"]["environment"])
    script = (ROOT / "scripts/deploy_smoke.sh").read_text()
    smoke = set(re.findall(r"^export ([A-Z][A-Z0-9_]+)=", script, re.M))
    assert image and web and smoke
    assert (image | web | smoke) - known == set()
    assert not any("rab_import" in volume for volume in compose["volumes"])


def test_dockerignore_keeps_secrets_and_local_data_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for pattern in (".git", ".env", ".venv", "db.sqlite3", "staticfiles", "media"):
        assert pattern in ignored
    assert "!.env.example" in ignored


def entrypoint(tmp_path: Path, *command: str, **env: str) -> subprocess.CompletedProcess:
    database = tmp_path / "entrypoint.sqlite3"
    environ = clean_environ(
        **{
            "DEBUG": "false",
            "SECRET_KEY": "entrypoint-test-" + "x" * 40,
            "DATABASE_URL": f"sqlite:///{database}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            **env,
        }
    )
    return subprocess.run(
        ["sh", str(ROOT / "deploy/docker-entrypoint.sh"), *command],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def applied(tmp_path: Path) -> int:
    database = tmp_path / "entrypoint.sqlite3"
    if not database.exists():
        return 0
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            return 0
        return db.execute("SELECT COUNT(*) FROM django_migrations").fetchone()[0]


def test_entrypoint_migrates_before_gunicorn_starts(tmp_path):
    result = entrypoint(tmp_path, "gunicorn", "--version")
    assert result.returncode == 0, result.stderr
    assert "gunicorn" in result.stdout.lower()
    assert "Applying detail_project.0002_add_tahapan_models... OK" in result.stdout
    assert applied(tmp_path) > 10


def test_entrypoint_can_leave_migrations_to_a_release_step(tmp_path):
    result = entrypoint(tmp_path, "gunicorn", "--version", DJANGO_MIGRATE="false")
    assert result.returncode == 0, result.stderr
    assert applied(tmp_path) == 0


def test_entrypoint_runs_other_commands_as_given(tmp_path):
    result = entrypoint(tmp_path, "python", "manage.py", "showmigrations", "detail_project")
    assert result.returncode == 0, result.stderr
    assert "[ ] 0002_add_tahapan_models" in result.stdout
    assert applied(tmp_path) == 0


def test_entrypoint_gives_up_when_the_database_never_answers(tmp_path):
    result = entrypoint(
        tmp_path,
        "gunicorn",
        "--version",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none?connect_timeout=1",
        DB_WAIT_SECONDS="2",
    )
    assert result.returncode != 0
    assert "the database did not answer within 2s" in result.stderr


# --- docker-compose.yml ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_services_volumes_and_healthchecks(compose):
    services = compose["services"]
    assert set(services) == {"web", "db", "nginx", "redis"}
    assert services["redis"]["profiles"] == ["redis"]
    for name in services:
        assert "healthcheck" in services[name], name
    assert {"postgres_data", "static_volume"} <= set(compose["volumes"])
    assert services["web"]["env_file"] == [".env"]
    assert "static_volume:/app/staticfiles" in services["web"]["volumes"]
    assert "static_volume:/app/staticfiles:ro" in services["nginx"]["volumes"]
    assert "postgres_data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    # The code is the image's: no bind mount of the source over it.
    assert not any(volume.startswith(".:") for volume in services["web"]["volumes"])
    assert "ports" not in services["web"]  # only nginx is published
    assert (
        "./deploy/nginx.conf:/etc/nginx/templates/default.conf.template:ro"
        in (services["nginx"]["volumes"])
    )
    placeholders = set(
        re.findall(r"\$\{(NGINX_[A-Z_]+)\}", (ROOT / "deploy/nginx.conf").read_text())
    )
    assert placeholders == set(services["nginx"]["environment"])


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_file_is_valid(tmp_path):
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    (tmp_path / "deploy").mkdir()
    shutil.copy(ROOT / "deploy/nginx.conf", tmp_path / "deploy/nginx.conf")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        [*command, "config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    resolved = yaml.safe_load(result.stdout)
    url = resolved["services"]["web"]["environment"]["DATABASE_URL"]
    assert url == "postgres://jadwal:change-me@db:5432/jadwal"


# --- nginx and Apache ------------------------------------------------------------------------


def test_nginx_site_keeps_the_guides_directives():
    text = (ROOT / "deploy/nginx.conf").read_text()
    for line in (
        "proxy_set_header Host $host;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "expires 30d;",
        'add_header Cache-Control "public, immutable";',
        "location /static/ {",
        "location /media/ {",
    ):
        assert line in text, line
    size = re.search(r"client_max_body_size (\d+)m;", text)
    assert size and int(size.group(1)) >= 6  # RAB imports of 5 MB


def upstream_block() -> str:
    text = (ROOT / "deploy/nginx.conf").read_text()
    found = re.search(r"^upstream jadwal_app \{\n(.*?)^\}", text, re.M | re.S)
    assert found
    return found.group(1)


# The example second app server of deploy/nginx.conf, which scripts/deploy_smoke.sh turns into
# its instance B.
SECOND_SERVER = "    # server 10.0.0.12:8000;"


def test_nginx_upstream_names_one_app_server_and_shows_a_second():
    lines = upstream_block().splitlines()
    assert [line.strip() for line in lines if line.strip().startswith("server ")] == [
        "server ${NGINX_UPSTREAM};"
    ]
    assert SECOND_SERVER in lines
    smoke = (ROOT / "scripts/deploy_smoke.sh").read_text()
    assert f"s|^{SECOND_SERVER}\\$|" in smoke  # the line the smoke script enables


def test_render_template_fills_only_its_own_placeholders():
    text = "server ${NGINX_UPSTREAM}; proxy_set_header Host $host; ${OTHER}"
    assert render(text, "NGINX_", {"NGINX_UPSTREAM": "web:8000"}) == (
        "server web:8000; proxy_set_header Host $host; ${OTHER}"
    )


def test_render_template_refuses_a_missing_value():
    with pytest.raises(SystemExit, match="NGINX_TLS_KEY"):
        render("${NGINX_TLS_CERT} ${NGINX_TLS_KEY}", "NGINX_", {"NGINX_TLS_CERT": "x"})


@pytest.mark.parametrize("servers", [1, 2], ids=["one app server", "two app servers"])
def test_nginx_accepts_the_rendered_site(tmp_path, servers):
    nginx = _tool("nginx")
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs nginx-light)")
    cert, key = _self_signed(tmp_path)
    env = {**NGINX_ENV, "NGINX_TLS_CERT": str(cert), "NGINX_TLS_KEY": str(key)}
    site = tmp_path / "site.conf"
    text = render((ROOT / "deploy/nginx.conf").read_text(), "NGINX_", env)
    if servers == 2:
        text = text.replace(SECOND_SERVER, "    server 127.0.0.1:18451;")
        assert "server 127.0.0.1:18450;\n    server 127.0.0.1:18451;" in text
    site.write_text(text)
    main = tmp_path / "nginx.conf"
    temp_paths = "".join(
        f"  {kind}_temp_path {tmp_path}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n{temp_paths}  include {site};\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", f"{tmp_path}/error.log", "-c", str(main)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_apache_site_keeps_the_guides_directives():
    text = (ROOT / "deploy/apache.conf").read_text()
    for line in (
        "Alias /static/ ${JADWAL_APP_DIR}/staticfiles/",
        "<Directory ${JADWAL_APP_DIR}/staticfiles>",
        "Require all granted",
        "ProxyPass /static/ !",
        "ProxyPass / http://${JADWAL_UPSTREAM}/",
        "ProxyPassReverse / http://${JADWAL_UPSTREAM}/",
        'RequestHeader set X-Forwarded-Proto "https"',
        'ExpiresDefault "access plus 30 days"',
    ):
        assert line in text, line


def test_apache_accepts_the_site(tmp_path):
    apache = _tool("apache2")
    if apache is None:
        pytest.skip("apache2 is not installed (scripts/deploy_smoke.sh --apache installs it)")
    cert, key = _self_signed(tmp_path)
    site = (ROOT / "deploy/apache.conf").read_text()
    site = re.sub(r"(?m)^Define JADWAL_TLS_CERT .*$", f"Define JADWAL_TLS_CERT {cert}", site)
    site = re.sub(r"(?m)^Define JADWAL_TLS_KEY .*$", f"Define JADWAL_TLS_KEY {key}", site)
    site = re.sub(r"(?m)^Define JADWAL_APP_DIR .*$", f"Define JADWAL_APP_DIR {tmp_path}", site)
    (tmp_path / "site.conf").write_text(site)
    modules = "".join(
        f"LoadModule {name}_module /usr/lib/apache2/modules/mod_{name}.so\n"
        for name in (
            "mpm_event authz_core alias mime proxy proxy_http ssl socache_shmcb headers "
            "expires rewrite"
        ).split()
    )
    (tmp_path / "httpd.conf").write_text(
        f"ServerRoot {tmp_path}\nServerName localhost\nPidFile {tmp_path}/httpd.pid\n"
        f"ErrorLog {tmp_path}/error.log\nListen 127.0.0.1:18490\n{modules}"
        f"User www-data\nGroup www-data\nInclude {tmp_path}/site.conf\n"
    )
    result = subprocess.run(
        [apache, "-t", "-f", str(tmp_path / "httpd.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Syntax OK" in result.stderr


# --- gunicorn --------------------------------------------------------------------------------


APP_ENV = {"DEBUG": "false", "SECRET_KEY": "gunicorn-test-" + "x" * 40}


def gunicorn_config(**env: str) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=clean_environ(**APP_ENV, **env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_gunicorn_workers_follow_the_cpu_count_and_log_to_stdout():
    config = gunicorn_config()
    assert config["workers"] == str(min(2 * multiprocessing.cpu_count() + 1, 12))
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["accesslog"] == "-"
    assert config["errorlog"] == "-"
    assert config["timeout"] == "60"
    assert config["control_socket_disable"] == "True"


def test_gunicorn_settings_from_the_environment():
    config = gunicorn_config(
        GUNICORN_WORKERS="4", GUNICORN_BIND="0.0.0.0:8000", GUNICORN_TIMEOUT="90"
    )
    assert (config["workers"], config["bind"], config["timeout"]) == (
        "4",
        "['0.0.0.0:8000']",
        "90",
    )


def test_gunicorn_refuses_a_bad_worker_count():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=clean_environ(**APP_ENV, GUNICORN_WORKERS="many"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "GUNICORN_WORKERS='many' is not an integer" in result.stderr


# --- crontab, systemd, docs: the commands they name exist ------------------------------------


def management_commands() -> set[str]:
    from django.core.management import get_commands

    return set(get_commands())


def test_crontab_uses_real_commands():
    text = (ROOT / "deploy/crontab").read_text()
    used = set(re.findall(r"manage\.py (\w+)", text))
    assert {"cleanup_old_data", "clearsessions"} <= used
    assert used <= management_commands()
    assert "pg_dump" in text and "VACUUM ANALYZE" in text


def test_systemd_unit_runs_gunicorn_under_the_guides_name():
    unit = (ROOT / "deploy/systemd/gunicorn.service").read_text()
    assert re.search(
        r"^ExecStart=\S+/gunicorn -c gunicorn.conf.py config.wsgi:application$", unit, re.M
    )
    assert re.search(r"^User=(?!root)\w+", unit, re.M)


def test_deployment_doc_names_only_real_commands_and_migrations():
    text = (ROOT / "docs/DEPLOYMENT.md").read_text()
    used = set(re.findall(r"manage\.py (\w+)", text))
    assert {
        "migrate",
        "showmigrations",
        "collectstatic",
        "check",
        "seed_demo",
        "import_rab",
        "generate_large_project",
        "cleanup_old_data",
        "fix_tahapan_assignments",
    } <= used
    assert used <= management_commands()
    migrations = {p.stem for p in (ROOT / "detail_project/migrations").glob("0*.py")}
    for name in re.findall(r"\b(0\d{3}_[a-z_]+)\b", text):
        assert name in migrations, name
    assert "0002_add_tahapan_models" in text and "0003_add_tahapan_flags" in text


# --- Fabric ----------------------------------------------------------------------------------


class Recorder(Context):
    """A Fabric/invoke context that records (folder, command) instead of running anything."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, str]] = []

    def run(self, command: str, **kwargs: Any) -> Result:
        self.calls.append(("run", self.cwd, command))
        return Result()

    def sudo(self, command: str, **kwargs: Any) -> Result:
        self.calls.append(("sudo", self.cwd, command))
        return Result()


def test_fabric_deploy_runs_the_guides_steps_in_order():
    import fabfile

    c = Recorder()
    fabfile.deploy(c, code_dir="/srv/jadwal-pekerjaan", venv="/opt/jadwal-venv")
    py = "/opt/jadwal-venv/bin/python"
    assert c.calls == [
        ("run", "/srv/jadwal-pekerjaan", "git pull --ff-only origin main"),
        ("run", "/srv/jadwal-pekerjaan", f"{py} -m pip install --quiet -r requirements.txt"),
        ("run", "/srv/jadwal-pekerjaan", f"{py} manage.py check --deploy --fail-level WARNING"),
        ("run", "/srv/jadwal-pekerjaan", f"{py} manage.py migrate --noinput"),
        ("run", "/srv/jadwal-pekerjaan", f"{py} manage.py import_ahsp"),
        ("run", "/srv/jadwal-pekerjaan", f"{py} manage.py collectstatic --noinput"),
        ("sudo", "", "systemctl restart gunicorn"),
        ("sudo", "", "systemctl reload nginx"),
        (
            "run",
            "",
            "curl -fsS --retry 15 --retry-delay 1 --retry-connrefused --max-time 5 "
            "http://127.0.0.1:8000/health/",
        ),
    ]


def test_fabric_deploy_defaults_to_the_venv_inside_the_code_folder():
    import fabfile

    c = Recorder()
    fabfile.deploy(c, code_dir="/home/app/jadwal", app_service="", web_service="", health_url="")
    assert [call[2] for call in c.calls][3] == (
        "/home/app/jadwal/venv/bin/python manage.py migrate --noinput"
    )
    assert all(kind == "run" for kind, _, _ in c.calls)


def test_fabric_schema_rollback():
    import fabfile

    c = Recorder()
    fabfile.rollback_schema(c, migration="0003", code_dir="/srv/j", venv="/srv/j/venv")
    assert [call[2] for call in c.calls] == [
        "/srv/j/venv/bin/python manage.py migrate detail_project 0003",
        "/srv/j/venv/bin/python manage.py showmigrations detail_project",
    ]


def test_smoke_script_is_valid_shell():
    for script in ("scripts/deploy_smoke.sh", "deploy/docker-entrypoint.sh"):
        result = subprocess.run(
            ["bash", "-n", str(ROOT / script)], capture_output=True, check=False
        )
        assert result.returncode == 0, result.stderr
