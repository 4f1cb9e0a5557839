#!/usr/bin/env bash
# Deployment smoke test: the production stack of docs/DEPLOYMENT.md, on this machine.
#
#   scripts/deploy_smoke.sh            (from the project folder, with its .venv installed)
#   scripts/deploy_smoke.sh --apache   the same checks with Apache httpd and deploy/apache.conf
#
# A fresh PostgreSQL database, `check --deploy`, `migrate`, `seed_demo`, `collectstatic`, two
# gunicorn instances A and B (gunicorn.conf.py, each with its own TMPDIR) with production
# settings (DEBUG off, HTTPS redirect, secure cookies, HSTS), and nginx in front of both with
# deploy/nginx.conf and a throwaway self-signed certificate. Then, through nginx, what the
# deployment guide's "Post-Deployment Verification" checks: the static JS with its 30-day cache
# headers, login through the real form (CSRF), the Jadwal Pekerjaan page (< 2 s) and the
# tahapan API (< 500 ms), a grid save, /health/, and the guide's three SQL queries with the demo
# project's numbers. Then, talking to A and B directly, that the app servers keep no state of
# their own: a RAB import previewed on A is confirmed on B, a session made on A is accepted by
# B, failed log-ins alternated between A and B are counted once (Redis when it answers, and the
# database table without it), and a body over MAX_REQUEST_BODY_BYTES is refused with 413 before
# anything reads it (nothing lands in TMPDIR), by nginx too. Everything it started is stopped
# and its database dropped on the way out, pass or fail.
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust or PGPASSWORD), curl, openssl,
# psql; nginx is installed from Debian (nginx-light) when missing and this runs as root.
# Redis on 127.0.0.1:6379 is used for the cache and the rate limits when it answers (unless
# DEPLOY_SMOKE_REDIS=0); the log-in limits are then proven with Redis and, after a restart of
# both app servers without it, with the database table.
# (--apache: apache2 from Debian, installed the same way; it proxies to A only.)
# Ports (loopback only): DEPLOY_SMOKE_APP_PORT (8450, gunicorn A), DEPLOY_SMOKE_APP2_PORT (8451,
# gunicorn B), DEPLOY_SMOKE_HTTP_PORT (8480), DEPLOY_SMOKE_HTTPS_PORT (8481).
# DEPLOY_SMOKE_KEEP=1 keeps the work folder for a post-mortem.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
started=$(date +%s)
WEB=nginx
case "${1:-}" in
  "") ;;
  --apache) WEB=apache ;;
  *)
    echo "usage: $0 [--apache]" >&2
    exit 2
    ;;
esac

PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY="$(command -v python3)"
PG_HOST="${DEPLOY_SMOKE_PG_HOST:-127.0.0.1}"
PG_PORT="${DEPLOY_SMOKE_PG_PORT:-5432}"
PG_USER="${DEPLOY_SMOKE_PG_USER:-postgres}"
APP_PORT="${DEPLOY_SMOKE_APP_PORT:-8450}"
APP2_PORT="${DEPLOY_SMOKE_APP2_PORT:-8451}"
HTTP_PORT="${DEPLOY_SMOKE_HTTP_PORT:-8480}"
HTTPS_PORT="${DEPLOY_SMOKE_HTTPS_PORT:-8481}"
DB="deploy_smoke_$$"
BASE="https://127.0.0.1:$HTTPS_PORT"

say() { printf '==> %s\n' "$*"; }
ok() { printf '    ok  %s\n' "$*"; }
fail() {
  printf '    FAIL %s\n' "$*" >&2
  exit 1
}
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_db() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -v ON_ERROR_STOP=1 -qAt "$@"; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- tools -----------------------------------------------------------------------------------
find_tool() { command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || true; }
install_tool() { # $1 program, $2 Debian package
  local found
  found="$(find_tool "$1")"
  if [ -z "$found" ]; then
    say "installing $2 from Debian" >&2
    [ "$(id -u)" = 0 ] || fail "$1 is missing and installing it needs root (apt-get install $2)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    found="/usr/sbin/$1"
  fi
  echo "$found"
}
if [ "$WEB" = nginx ]; then
  NGINX="$(install_tool nginx nginx-light)"
else
  APACHE="$(install_tool apache2 apache2)"
fi
for tool in curl openssl psql; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done
for port in "$APP_PORT" "$APP2_PORT" "$HTTP_PORT" "$HTTPS_PORT"; do
  if port_busy "$port"; then fail "port $port on 127.0.0.1 is already in use"; fi
done
pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "PostgreSQL is not answering on $PG_HOST:$PG_PORT"

# --- clean-up, whatever happens --------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jadwal-deploy-smoke.XXXXXX")"
APP_PID_A=""
APP_PID_B=""
NGINX_PID=""
APACHE_STARTED=""
REDIS_PREFIX=""
cleanup() {
  local status=$?
  set +e
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID"
    wait "$NGINX_PID" 2>/dev/null
  fi
  if [ -n "$APACHE_STARTED" ] && [ -f "$WORK/httpd.pid" ]; then
    "$APACHE" -f "$WORK/httpd.conf" -k stop 2>/dev/null
    for _ in $(seq 50); do [ -f "$WORK/httpd.pid" ] || break; sleep 0.1; done
  fi
  for pid in "$APP_PID_A" "$APP_PID_B"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      wait "$pid" 2>/dev/null
    fi
  done
  psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  if [ -n "$REDIS_PREFIX" ]; then
    redis-cli -h 127.0.0.1 --scan --pattern "$REDIS_PREFIX:*" 2>/dev/null |
      xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1
  fi
  if [ "$status" -ne 0 ]; then
    echo "---- last lines of the logs ($WORK/log) ----" >&2
    tail -n 25 "$WORK"/log/* >&2 2>/dev/null
  fi
  if [ "${DEPLOY_SMOKE_KEEP:-0}" = 1 ]; then
    echo "kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  printf '==> deploy smoke %s in %ss\n' "$([ "$status" -eq 0 ] && echo passed || echo FAILED)" \
    "$(($(date +%s) - started))"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK"/{log,tls,media,nginx,tmp-a,tmp-b}
chmod 755 "$WORK"

# --- the production environment (docs/DEPLOYMENT.md, "Environment") ---------------------------
psql_admin -c "CREATE DATABASE $DB" >/dev/null
export ENV_FILE=""  # only what is set here: never a developer's .env
export DEBUG=false
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export ALLOWED_HOSTS="127.0.0.1,localhost"
export CSRF_TRUSTED_ORIGINS="$BASE"  # nginx passes Host without the port (see the guide's $host)
export DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB"
export STATIC_ROOT="$WORK/staticfiles"
export MEDIA_ROOT="$WORK/media"
export DJANGO_LOG_FILE="$WORK/log/django-error.log"
if [ "${DEPLOY_SMOKE_REDIS:-1}" != 0 ] && command -v redis-cli >/dev/null &&
  redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  REDIS_PREFIX="deploy_smoke_$$"
  export REDIS_URL="redis://127.0.0.1:6379/0" CACHE_KEY_PREFIX="$REDIS_PREFIX"
fi
unset SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS \
  USE_X_FORWARDED_PROTO SILENCED_SYSTEM_CHECKS DJANGO_SETTINGS_MODULE
manage() { "$PY" manage.py "$@"; }

say "manage.py check --deploy (production environment)"
manage check --deploy --fail-level WARNING >"$WORK/log/check.txt" 2>&1 || {
  cat "$WORK/log/check.txt"
  fail "check --deploy"
}
grep -q "no issues" "$WORK/log/check.txt" || fail "check --deploy reported: $(cat "$WORK/log/check.txt")"
ok "$(tail -n 1 "$WORK/log/check.txt")"

say "migrate, seed_demo, collectstatic (PostgreSQL database $DB)"
manage migrate --noinput >"$WORK/log/migrate.txt"
manage showmigrations detail_project | tee "$WORK/log/showmigrations.txt" | sed 's/^/    /'
grep -q "\[X\] 0002_add_tahapan_models" "$WORK/log/showmigrations.txt" || fail "0002_add_tahapan_models"
grep -q "\[X\] 0003_add_tahapan_flags" "$WORK/log/showmigrations.txt" || fail "0003_add_tahapan_flags"
if grep -q "\[ \]" "$WORK/log/showmigrations.txt"; then fail "unapplied migrations"; fi
manage seed_demo >"$WORK/log/seed.txt"
# seed_demo speaks the site's language (Indonesian by default): "(proyek 1)" or "(project 1)".
PROJECT_ID="$(sed -n -E 's/.*\((project|proyek) ([0-9]+)\).*/\2/p' "$WORK/log/seed.txt" | tail -n 1)"
[ -n "$PROJECT_ID" ] || fail "seed_demo did not name the demo project: $(cat "$WORK/log/seed.txt")"
ok "demo project $PROJECT_ID"
# An empty project of demo's for the import across app servers, and one user per rate-limit store
# for the log-in limits (their password is right, and still refused once the limit is reached).
LOCKOUT_PASSWORD="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(16))')"
IMPORT_PROJECT_ID="$(LOCKOUT_PASSWORD="$LOCKOUT_PASSWORD" manage shell --verbosity 0 -c '
import datetime, os
from django.contrib.auth import get_user_model
from dashboard.services import project_create
users = get_user_model().objects
for name in ("lockout-redis", "lockout-db"):
    users.create_user(name, password=os.environ["LOCKOUT_PASSWORD"])
project = project_create(owner=users.get(username="demo"), data={
    "nama": "Impor antar server", "tanggal_mulai": datetime.date(2026, 1, 5),
    "tanggal_selesai": datetime.date(2026, 6, 28)})
print(project.pk)' | tail -n 1)"
[[ "$IMPORT_PROJECT_ID" =~ ^[0-9]+$ ]] || fail "could not create the import project: $IMPORT_PROJECT_ID"
ok "empty project $IMPORT_PROJECT_ID for the import, users lockout-redis and lockout-db"
manage collectstatic --noinput >"$WORK/log/collectstatic.txt"
ok "$(tail -n 1 "$WORK/log/collectstatic.txt")"
for file in js/kelola_tahapan_grid.js css/kelola_tahapan_grid.css; do
  [ -f "$STATIC_ROOT/detail_project/$file" ] || fail "collectstatic did not write $file"
done
HASHED_JS="$("$PY" -c 'import json, sys
paths = json.load(open(sys.argv[1]))["paths"]
print(paths["detail_project/js/kelola_tahapan_grid.js"])' "$STATIC_ROOT/staticfiles.json")"
[ -f "$STATIC_ROOT/$HASHED_JS" ] || fail "no hashed copy $HASHED_JS"
ok "hashed copy $HASHED_JS"

# gunicorn instance A or B: the same code, settings and environment, its own port and TMPDIR
# (where Django would write a large upload it read).
start_app() { # $1 a or b, $2 port
  local name=$1 port=$2 pid
  TMPDIR="$WORK/tmp-$name" GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=2 \
    "$PY" -m gunicorn -c gunicorn.conf.py >>"$WORK/log/gunicorn-$name-access.log" \
    2>>"$WORK/log/gunicorn-$name.log" &
  pid=$!
  if [ "$name" = a ]; then APP_PID_A=$pid; else APP_PID_B=$pid; fi
}
wait_app() { # $1 a or b, $2 port
  local pid
  if [ "$1" = a ]; then pid=$APP_PID_A; else pid=$APP_PID_B; fi
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$2/health/" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "gunicorn $1 exited"
    sleep 0.2
  done
  fail "gunicorn $1 does not answer on 127.0.0.1:$2"
}
stop_app() { # $1 a or b
  local pid
  if [ "$1" = a ]; then pid=$APP_PID_A; APP_PID_A=""; else pid=$APP_PID_B; APP_PID_B=""; fi
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
start_apps() {
  start_app a "$APP_PORT"
  start_app b "$APP2_PORT"
  wait_app a "$APP_PORT"
  wait_app b "$APP2_PORT"
}

say "gunicorn A on 127.0.0.1:$APP_PORT and B on :$APP2_PORT (gunicorn.conf.py, 2 workers each)"
start_apps
ok "A pid $APP_PID_A, B pid $APP_PID_B, each with its own TMPDIR"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" >/dev/null 2>&1

start_nginx() {
  say "nginx on 127.0.0.1:$HTTP_PORT (http) and :$HTTPS_PORT (https) with deploy/nginx.conf, upstream A and B"
  NGINX_SERVER_NAME="127.0.0.1 localhost" \
    NGINX_HTTP_LISTEN="127.0.0.1:$HTTP_PORT" NGINX_HTTPS_LISTEN="127.0.0.1:$HTTPS_PORT" \
    NGINX_UPSTREAM="127.0.0.1:$APP_PORT" \
    NGINX_STATIC_ROOT="$STATIC_ROOT" NGINX_MEDIA_ROOT="$MEDIA_ROOT" \
    NGINX_TLS_CERT="$WORK/tls/cert.pem" NGINX_TLS_KEY="$WORK/tls/key.pem" \
    "$PY" scripts/render_template.py deploy/nginx.conf NGINX_ >"$WORK/site.template.conf"
  # The site's upstream names one app server and shows a second as a comment: enable it for B.
  sed "s|^    # server 10.0.0.12:8000;\$|    server 127.0.0.1:$APP2_PORT;|" \
    "$WORK/site.template.conf" >"$WORK/site.conf"
  for port in "$APP_PORT" "$APP2_PORT"; do
    grep -q "^    server 127.0.0.1:$port;" "$WORK/site.conf" ||
      fail "the rendered upstream does not list 127.0.0.1:$port"
  done
  {
    echo "daemon off;"
    echo "worker_processes 1;"
    echo "pid $WORK/nginx.pid;"
    echo "error_log $WORK/log/nginx-error.log warn;"
    [ "$(id -u)" != 0 ] || echo "user $(id -un) $(id -gn);"
    echo "events { worker_connections 512; }"
    echo "http {"
    echo "  include /etc/nginx/mime.types;"
    echo "  default_type application/octet-stream;"
    echo "  sendfile on;"
    echo "  access_log $WORK/log/nginx-access.log;"
    for temp in client_body proxy fastcgi uwsgi scgi; do
      echo "  ${temp}_temp_path $WORK/nginx/$temp;"
    done
    echo "  include $WORK/site.conf;"
    echo "}"
  } >"$WORK/nginx.conf"
  "$NGINX" -t -q -p "$WORK" -e "$WORK/log/nginx-error.log" -c "$WORK/nginx.conf" ||
    fail "nginx -t rejected the rendered deploy/nginx.conf"
  "$NGINX" -p "$WORK" -e "$WORK/log/nginx-error.log" -c "$WORK/nginx.conf" &
  NGINX_PID=$!
  for _ in $(seq 50); do
    port_busy "$HTTPS_PORT" && break
    kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited"
    sleep 0.1
  done
  ok "pid $NGINX_PID"
}

start_apache() {
  say "Apache httpd on 127.0.0.1:$HTTP_PORT (http) and :$HTTPS_PORT (https) with deploy/apache.conf"
  local modules=/usr/lib/apache2/modules run_as=www-data
  sed -e "s#^Define JADWAL_SERVER_NAME .*#Define JADWAL_SERVER_NAME localhost#" \
    -e "s#^Define JADWAL_APP_DIR .*#Define JADWAL_APP_DIR $WORK#" \
    -e "s#^Define JADWAL_UPSTREAM .*#Define JADWAL_UPSTREAM 127.0.0.1:$APP_PORT#" \
    -e "s#^Define JADWAL_TLS_CERT .*#Define JADWAL_TLS_CERT $WORK/tls/cert.pem#" \
    -e "s#^Define JADWAL_TLS_KEY .*#Define JADWAL_TLS_KEY $WORK/tls/key.pem#" \
    -e "s#<VirtualHost \*:80>#<VirtualHost 127.0.0.1:$HTTP_PORT>#" \
    -e "s#<VirtualHost \*:443>#<VirtualHost 127.0.0.1:$HTTPS_PORT>#" \
    deploy/apache.conf >"$WORK/site.conf"
  {
    echo "ServerRoot $WORK"
    echo "ServerName localhost"
    echo "PidFile $WORK/httpd.pid"
    echo "ErrorLog $WORK/log/apache-error.log"
    echo "LogLevel warn"
    echo "Listen 127.0.0.1:$HTTP_PORT"
    echo "Listen 127.0.0.1:$HTTPS_PORT"
    for module in mpm_event authz_core alias mime proxy proxy_http ssl socache_shmcb headers \
      expires rewrite; do
      echo "LoadModule ${module}_module $modules/mod_${module}.so"
    done
    echo "TypesConfig /etc/mime.types"
    echo "CustomLog $WORK/log/apache-access.log combined"
    echo 'LogFormat "%h %l %u %t \"%r\" %>s %b" combined'
    if [ "$(id -u)" = 0 ]; then
      echo "User $run_as"
      echo "Group $run_as"
    fi
    echo "Include $WORK/site.conf"
  } >"$WORK/httpd.conf"
  "$APACHE" -t -f "$WORK/httpd.conf" >/dev/null 2>&1 || {
    "$APACHE" -t -f "$WORK/httpd.conf"
    fail "apache2 -t rejected deploy/apache.conf"
  }
  "$APACHE" -f "$WORK/httpd.conf" -k start
  APACHE_STARTED=1
  for _ in $(seq 50); do
    port_busy "$HTTPS_PORT" && break
    sleep 0.1
  done
  port_busy "$HTTPS_PORT" || fail "apache did not start"
  ok "pid $(cat "$WORK/httpd.pid")"
}

if [ "$WEB" = nginx ]; then start_nginx; else start_apache; fi

CURL=(curl -sS --cacert "$WORK/tls/cert.pem" --max-time 20)
JAR="$WORK/cookies.txt"

say "Post-Deployment Verification, through $WEB"
headers="$("${CURL[@]}" -I "$BASE/static/detail_project/js/kelola_tahapan_grid.js")"
grep -q "^HTTP/[0-9.]* 200" <<<"$headers" || fail "static JS: $(head -n 1 <<<"$headers")"
grep -qi "^Cache-Control:.*max-age=2592000" <<<"$headers" || fail "static JS: no 30-day max-age"
grep -qi "^Cache-Control:.*public, immutable" <<<"$headers" || fail "static JS: not immutable"
ok "curl -I /static/detail_project/js/kelola_tahapan_grid.js: 200, $(grep -i '^Cache-Control' <<<"$headers" | tr -d '\r' | paste -sd ' ')"
code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE/static/$HASHED_JS")"
[ "$code" = 200 ] || fail "hashed JS answered $code"
code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' "$BASE/static/detail_project/css/kelola_tahapan_grid.css")"
[ "$code" = 200 ] || fail "static CSS answered $code"
ok "hashed /static/$HASHED_JS: 200; CSS: 200"

out="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/")"
[[ "$out" == "301 https://"* ]] || fail "plain http did not move to https: $out"
ok "http://…/ -> $out"
out="$("${CURL[@]}" -I "$BASE/")"
grep -q "^HTTP/[0-9.]* 302" <<<"$out" || fail "curl -I /: $(head -n 1 <<<"$out")"
grep -qi "^Strict-Transport-Security: max-age=31536000; includeSubDomains" <<<"$out" ||
  fail "no HSTS header on /"
ok "curl -I /: 302 to the login page, with HSTS"

for url in "$BASE/health/" "http://127.0.0.1:$HTTP_PORT/health/"; do
  body="$("${CURL[@]}" -w ' %{http_code}' "$url")"
  [[ "$body" == *'"ok": true'*" 200" ]] || fail "$url: $body"
done
ok "/health/ (https and plain http): 200 ${body% 200}"

login_page="$("${CURL[@]}" -c "$JAR" -b "$JAR" "$BASE/accounts/login/")"
token="$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' <<<"$login_page" | head -n 1 | sed 's/.*value="//; s/"$//')"
[ -n "$token" ] || fail "no CSRF token in the login form"
out="$("${CURL[@]}" -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' \
  -H "Referer: $BASE/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=demo" \
  --data-urlencode "password=demo12345" "$BASE/accounts/login/")"
[[ "$out" == "302 "* ]] || fail "login as demo answered $out"
awk '$6 == "sessionid" && $4 == "TRUE" { found = 1 } END { exit !found }' "$JAR" ||
  fail "no session cookie marked Secure"
ok "logged in as demo through the login form (CSRF, Secure cookies): $out"

page_url="$BASE/detail_project/project/$PROJECT_ID/jadwal-pekerjaan/"
out="$("${CURL[@]}" -b "$JAR" -o "$WORK/page.html" -w '%{http_code} %{time_total}' "$page_url")"
read -r code seconds <<<"$out"
[ "$code" = 200 ] || fail "Jadwal Pekerjaan page answered $code"
awk -v s="$seconds" 'BEGIN { exit !(s < 2.0) }' || fail "page took ${seconds}s (target < 2 s)"
grep -q "/static/$HASHED_JS" "$WORK/page.html" || fail "the page does not link the hashed JS"
ok "time curl …/jadwal-pekerjaan/: 200 in ${seconds}s (< 2 s), links /static/$HASHED_JS"
# Every static URL the page loads (links, scripts, import-map targets) is hashed and answers 200.
mapfile -t urls < <("$PY" - "$WORK/page.html" <<'PYEOF'
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
urls = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
for block in re.findall(r'<script type="importmap">(.*?)</script>', html, re.S):
    urls.update(json.loads(block)["imports"].values())
print("\n".join(sorted(urls)))
PYEOF
)
[ "${#urls[@]}" -gt 3 ] || fail "the page links only ${#urls[@]} static files"
for url in "${urls[@]}"; do
  # Content-hashed by collectstatic, or inside a vendored library's versioned folder (whose
  # chunks import each other by their own build-hashed names).
  [[ "$url" =~ \.[0-9a-f]{12}\.[a-z0-9]+$ || "$url" =~ /vendor/[a-z0-9_.-]+-[0-9]+\.[0-9.]+/ ]] ||
    fail "not a versioned URL: $url"
  code="$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE$url")"
  [ "$code" = 200 ] || fail "$url answered $code"
done
ok "all ${#urls[@]} static URLs of the page (CSS, JS, import map) are versioned and answer 200"

api="$BASE/detail_project/api/project/$PROJECT_ID"
for path in tahapan/ jadwal/; do
  out="$("${CURL[@]}" -b "$JAR" -o "$WORK/api.json" -w '%{http_code} %{time_total}' "$api/$path")"
  read -r code seconds <<<"$out"
  [ "$code" = 200 ] || fail "GET $path answered $code"
  awk -v s="$seconds" 'BEGIN { exit !(s < 0.5) }' || fail "GET $path took ${seconds}s (> 500 ms)"
  ok "time curl …/api/project/$PROJECT_ID/$path: 200 in ${seconds}s (< 500 ms)"
done
"$PY" - "$WORK/api.json" <<'PYEOF' || fail "GET jadwal/ is not the demo schedule"
import json, sys
data = json.load(open(sys.argv[1]))
assert data["ok"] and data["mode"] == "weekly", data.get("mode")
assert len(data["tahapan"]) == 47 and len(data["assignments"]) == 83
PYEOF

# A grid save through nginx: one cell lowered by 0.01, then a save of the same pekerjaan with the
# version read before it (409: someone changed it since), then the cell put back (the demo's
# numbers stay).
read -r version lowered restored <<<"$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
p, t, v = d["assignments"][0]
cell = lambda x: json.dumps({"pekerjaan_id": p, "tahapan_id": t, "proporsi": round(x, 2)}, separators=(",", ":"))
print(d["version"], cell(v - 0.01), cell(v))' "$WORK/api.json")"
csrf="$(awk '$6 == "csrftoken" { print $7 }' "$JAR" | tail -n 1)"
save() {
  "${CURL[@]}" -b "$JAR" -w ' %{http_code}' -H "Content-Type: application/json" \
    -H "X-CSRFToken: $csrf" -H "Origin: $BASE" -H "Referer: $page_url" \
    --data "{\"version\": $1, \"changes\": [$2]}" "$api/jadwal/save/"
}
out="$(save "$version" "$lowered")"
[[ "$out" == *'"ok": true'*" 200" ]] || fail "jadwal/save: $out"
out="$(save "$version" "$restored")"
[[ "$out" == *'"conflicts"'*" 409" ]] || fail "a save on a pekerjaan changed since was not refused: $out"
out="$(save "$((version + 1))" "$restored")"
[[ "$out" == *'"ok": true'*" 200" ]] || fail "jadwal/save (put back): $out"
out="$("${CURL[@]}" -b "$JAR" -o /dev/null -w '%{http_code}' -H "Content-Type: application/json" \
  -H "Referer: $page_url" --data '{"version": 0, "changes": []}' "$api/jadwal/save/")"
[ "$out" = 403 ] || fail "a save without the CSRF token answered $out"
ok "POST jadwal/save/ with CSRF: 200; the same pekerjaan with the old version: 409; without the token: 403"
# Requests that came through the proxy (not the readiness probes made straight to each).
served() { grep -vc '"GET /health/ ' "$WORK/log/gunicorn-$1-access.log" || true; }
if [ "$WEB" = nginx ]; then
  served_a="$(served a)" served_b="$(served b)"
  [ "$served_a" -gt 0 ] && [ "$served_b" -gt 0 ] ||
    fail "nginx did not use both app servers (A: $served_a requests, B: $served_b)"
  ok "nginx spread these requests over both app servers: A $served_a, B $served_b"
fi

say "the guide's SQL checks (psql, database $DB)"
q1="$(psql_db -F ' | ' -c "SELECT COUNT(*), generation_mode
FROM detail_project_tahappelaksanaan
WHERE project_id = $PROJECT_ID AND is_auto_generated = TRUE
GROUP BY generation_mode;")"
[ "$q1" = "47 | weekly" ] || fail "tahapan count: $q1"
ok "auto-generated tahapan: $q1"
q2="$(psql_db -c "SELECT COUNT(*)
FROM detail_project_pekerjaan_tahapan pt
JOIN detail_project_tahappelaksanaan t ON pt.tahapan_id = t.id
WHERE t.project_id = $PROJECT_ID;")"
[ "$q2" = 83 ] || fail "assignment count: $q2"
ok "assignments: $q2"
psql_db -F ' | ' -c "SELECT
  p.kode_pekerjaan,
  t.nama AS tahapan,
  pt.proporsi_volume
FROM detail_project_pekerjaan_tahapan pt
JOIN detail_project_pekerjaan p ON pt.pekerjaan_id = p.id
JOIN detail_project_tahappelaksanaan t ON pt.tahapan_id = t.id
WHERE p.project_id = $PROJECT_ID
ORDER BY p.kode_pekerjaan, t.urutan;" >"$WORK/log/proporsi.txt"
rows="$(wc -l <"$WORK/log/proporsi.txt")"
[ "$rows" = 83 ] || fail "proporsi listing has $rows rows"
# Weeks are named in the language the schedule was made in (Indonesian by default).
week_row='^[^|]* \| (Minggu|Week) [0-9]*: [^|]* \| [0-9]*\.[0-9][0-9]$'
grep -Eqv "$week_row" "$WORK/log/proporsi.txt" &&
  fail "unexpected proporsi row: $(grep -Ev "$week_row" "$WORK/log/proporsi.txt" | head -n 1)"
off="$(psql_db -c "SELECT COUNT(*) FROM (SELECT pt.pekerjaan_id FROM detail_project_pekerjaan_tahapan pt
JOIN detail_project_pekerjaan p ON p.id = pt.pekerjaan_id WHERE p.project_id = $PROJECT_ID
GROUP BY pt.pekerjaan_id HAVING SUM(pt.proporsi_volume) <> 100) AS off_totals;")"
ok "proporsi listing: $rows rows, e.g. $(head -n 1 "$WORK/log/proporsi.txt")"
ok "(pekerjaan whose total is not 100 %, as in the sample schedule: $off)"

say "two app servers, one state: straight to A (127.0.0.1:$APP_PORT) and B (:$APP2_PORT)"
# Straight to one app server, bypassing the proxy, with the headers nginx sets there
# (deploy/nginx.conf): Host without the port, X-Forwarded-Proto (Django believes it, as
# SECURE_PROXY_SSL_HEADER, so neither the HTTPS redirect nor the CSRF origin check trips) and the
# client's address in X-Real-IP (believed from TRUSTED_PROXIES, loopback by default). Cookies
# are passed by hand, so each check shows which server set a cookie and which one is sent it.
direct() { # $1 port, $2 path, then curl's options
  local port=$1 path=$2
  shift 2
  curl -sS --max-time 20 -H "Host: 127.0.0.1" -H "X-Forwarded-Proto: https" \
    -H "X-Real-IP: 127.0.0.1" -H "X-Forwarded-For: 127.0.0.1" "$@" "http://127.0.0.1:$port$path"
}
set_cookie() { # $1 a response's headers, $2 a cookie's name: the value the response set
  sed -n -E "s/^[Ss]et-[Cc]ookie: $2=([^;]*).*/\1/p" "$1" | tail -n 1 | tr -d '\r'
}
form_value() { # $1 a page, $2 a field's name: the value="..." of the first such field
  grep -o "name=\"$2\" value=\"[^\"]*\"" "$1" | head -n 1 | sed 's/.*value="//; s/"$//'
}

direct "$APP_PORT" /accounts/login/ -D "$WORK/headers.txt" -o "$WORK/login.html"
ANON_CSRF="$(set_cookie "$WORK/headers.txt" csrftoken)"
ANON_TOKEN="$(form_value "$WORK/login.html" csrfmiddlewaretoken)"
[ -n "$ANON_CSRF" ] && [ -n "$ANON_TOKEN" ] || fail "A's login page set no CSRF cookie or token"
code="$(direct "$APP_PORT" /accounts/login/ -D "$WORK/headers.txt" -o /dev/null -w '%{http_code}' \
  -b "csrftoken=$ANON_CSRF" -H "Origin: $BASE" --data-urlencode "csrfmiddlewaretoken=$ANON_TOKEN" \
  --data-urlencode "username=demo" --data-urlencode "password=demo12345")"
[ "$code" = 302 ] || fail "log in as demo on A answered $code"
SID="$(set_cookie "$WORK/headers.txt" sessionid)"
CSRF="$(set_cookie "$WORK/headers.txt" csrftoken)"
CSRF="${CSRF:-$ANON_CSRF}"
[ -n "$SID" ] || fail "log in on A set no session cookie"
code="$(direct "$APP2_PORT" /dashboard/ -b "sessionid=$SID" -o "$WORK/dashboard.html" -w '%{http_code}')"
[ "$code" = 200 ] || fail "B answered $code to A's session"
grep -q 'data-testid="current-user">demo<' "$WORK/dashboard.html" || fail "B did not know A's session as demo"
code="$(direct "$APP2_PORT" /dashboard/ -o /dev/null -w '%{http_code}')"
[ "$code" = 302 ] || fail "B answered $code without a session"
ok "a session made on A (log in as demo) is accepted by B: GET /dashboard/ 200 as demo (302 without it)"

# (a) An import previewed on A, confirmed on B: the upload waits in the database.
COOKIES="sessionid=$SID; csrftoken=$CSRF"
import_url="/detail_project/project/$IMPORT_PROJECT_ID/rab/import/"
pending() { psql_db -c "SELECT COUNT(*) FROM detail_project_pending_import WHERE project_id = $IMPORT_PROJECT_ID"; }
pekerjaan() { psql_db -c "SELECT COUNT(*) FROM detail_project_pekerjaan WHERE project_id = $IMPORT_PROJECT_ID"; }
code="$(direct "$APP_PORT" "$import_url" -b "$COOKIES" -o "$WORK/import.html" -w '%{http_code}')"
[ "$code" = 200 ] || fail "the import page on A answered $code"
token="$(form_value "$WORK/import.html" csrfmiddlewaretoken)"
code="$(direct "$APP_PORT" "$import_url" -b "$COOKIES" -H "Origin: $BASE" -o "$WORK/preview.html" \
  -w '%{http_code}' -F "csrfmiddlewaretoken=$token" -F "replace=on" \
  -F "file=@detail_project/data/rekap_rab_160.csv;type=text/csv")"
[ "$code" = 200 ] || fail "the upload to A answered $code"
import_token="$(form_value "$WORK/preview.html" token)"
[ -n "$import_token" ] || fail "A's preview carries no import token"
[ "$(pending)" = 1 ] || fail "A's preview left $(pending) uploads in detail_project_pending_import"
[ "$(pekerjaan)" = 0 ] || fail "the preview changed the project"
confirm() { # $1 port: HTTP status and where it redirects
  direct "$1" "${import_url}confirm/" -b "$COOKIES" -H "Origin: $BASE" -o /dev/null \
    -w '%{http_code} %{redirect_url}' --data-urlencode "csrfmiddlewaretoken=$token" \
    --data-urlencode "token=$import_token" --data-urlencode "use_file_ppn=on"
}
out="$(confirm "$APP2_PORT")"
[[ "$out" == "302 "*"/detail_project/project/$IMPORT_PROJECT_ID/rab/" ]] || fail "confirm on B answered $out"
count="$(pekerjaan)"
[ "$count" = 29 ] || fail "after the confirm on B the project has $count pekerjaan (29 expected)"
[ "$(pending)" = 0 ] || fail "the confirmed upload is still pending"
out="$(confirm "$APP_PORT")"
[[ "$out" == "302 "*"$import_url" ]] || fail "a second confirm, on A, answered $out"
[ "$(pekerjaan)" = 29 ] || fail "a second confirm imported again"
ok "RAB import previewed on A (token in the page, the upload in detail_project_pending_import), confirmed on B: project $IMPORT_PROJECT_ID has $count pekerjaan; the same confirm again on A is refused"

# (d) A body over MAX_REQUEST_BODY_BYTES: the planner's own upload form (session, CSRF cookie
# and token, Origin), declared as 50 MB but only begun, so that anything reading it (the CSRF
# check reads the form, Django's upload handler would write the file to TMPDIR) would wait for
# the rest. Answered at once, and nothing is written to the server's TMPDIR.
declared_post() { # $1 host:port, $2 https or http, $3 path, $4 TMPDIR to watch (or -):
  # "status seconds files", files = what the TMPDIR held while the connection was still open
  "$PY" - "$1" "$2" "$3" "$4" "$WORK/tls/cert.pem" "$BASE" "$COOKIES" "$token" <<'PYEOF'
import os, socket, ssl, sys, time
address, scheme, path, watched, cafile, origin, cookies, token = sys.argv[1:9]
host, port = address.rsplit(":", 1)
declared = 50 * 1024 * 1024
part = (
    f'--smoke\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
    '--smoke\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
    "Content-Type: text/csv\r\n\r\n"
).encode() + b"1;x;m2;1;1\n" * 6000
head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        f"X-Real-IP: 127.0.0.1\r\nOrigin: {origin}\r\nCookie: {cookies}\r\n"
        "Content-Type: multipart/form-data; boundary=smoke\r\n"
        f"Content-Length: {declared}\r\nConnection: close\r\n\r\n").encode()
start = time.monotonic()
sock = socket.create_connection((host, int(port)), timeout=5)
if scheme == "https":
    sock = ssl.create_default_context(cafile=cafile).wrap_socket(sock, server_hostname=host)
answer, status = b"", "none"
try:
    sock.sendall(head + part)
    while b"\r\n" not in answer:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
except TimeoutError:
    status = "timeout"
except OSError as exc:  # a reset after the answer was read is fine
    status = f"error:{type(exc).__name__}"
if answer.startswith(b"HTTP/"):
    status = answer.split(b" ", 2)[1].decode()
seconds = time.monotonic() - start
files = [  # regular files only: the sandbox's fork server keeps its socket there
    name
    for root, _, names in (os.walk(watched) if watched != "-" else ())
    for name in names
    if os.path.isfile(os.path.join(root, name))
]
print(status, f"{seconds:.3f}", ",".join(files) or "none")
PYEOF
}
answers=""
for name in a b; do
  if [ "$name" = a ]; then port=$APP_PORT; else port=$APP2_PORT; fi
  read -r code seconds written <<<"$(declared_post "127.0.0.1:$port" http "$import_url" "$WORK/tmp-$name")"
  [ "$written" = none ] || fail "$name wrote the 50 MB upload to its TMPDIR: $written ($code after ${seconds}s)"
  [ "$code" = 413 ] || fail "a declared 50 MB POST straight to $name answered $code after ${seconds}s"
  awk -v s="$seconds" 'BEGIN { exit !(s < 1.0) }' || fail "the 413 from $name took ${seconds}s"
  files="$(find "$WORK/tmp-$name" -type f)"
  [ -z "$files" ] || fail "$name wrote to its TMPDIR: $files"
  answers+="${answers:+, }${name^^} in ${seconds}s"
done
ok "a 50 MB upload (declared, multipart, logged in) straight to each gunicorn, over MAX_REQUEST_BODY_BYTES (6 MB): 413 at once ($answers), no file in their TMPDIR"
marker="over-limit-$$"
read -r code seconds _ <<<"$(declared_post "127.0.0.1:$HTTPS_PORT" https "$import_url?$marker" -)"
[ "$code" = 413 ] || fail "a declared 50 MB POST through $WEB answered $code after ${seconds}s"
sleep 0.3  # an access log line is written just after its answer
if grep -q "$marker" "$WORK"/log/gunicorn-*-access.log; then
  fail "the 50 MB POST through $WEB reached gunicorn"
fi
if [ "$WEB" = nginx ]; then
  files="$(find "$WORK/nginx/client_body" -type f)"
  [ -z "$files" ] || fail "nginx buffered the refused body: $files"
fi
if [ "$WEB" = nginx ]; then limit="client_max_body_size 8m"; else limit="LimitRequestBody 8 MB"; fi
ok "the same through $WEB: 413 from $WEB itself in ${seconds}s ($limit; it never reached gunicorn)"

# (c) Log-in failures are counted in the shared store, not per server: the username's limit
# (LOGIN_FAILURE_RATE_PER_USERNAME, 5 in 15 minutes) is reached by failures on A and B together.
login_status() { # $1 port, $2 username, $3 password: the HTTP status
  direct "$1" /accounts/login/ -o /dev/null -w '%{http_code}' -b "csrftoken=$ANON_CSRF" \
    -H "Origin: $BASE" --data-urlencode "csrfmiddlewaretoken=$ANON_TOKEN" \
    --data-urlencode "username=$2" --data-urlencode "password=$3"
}
shared_login_limit() { # $1 username, $2 the store's name: "statuses on A, B, A, ..." checked
  local user=$1 store=$2 seen=() port i code
  for i in 1 2 3 4 5 6; do
    if [ $((i % 2)) = 1 ]; then port=$APP_PORT; else port=$APP2_PORT; fi
    seen+=("$(login_status "$port" "$user" "wrong-$i")")
  done
  [ "${seen[*]}" = "200 200 200 200 200 429" ] ||
    fail "failed log-ins for $user alternating A and B ($store) answered ${seen[*]}"
  code="$(login_status "$APP_PORT" "$user" "$LOCKOUT_PASSWORD")"
  [ "$code" = 429 ] || fail "the right password for the locked $user answered $code on A ($store)"
}

if [ -n "${REDIS_URL:-}" ]; then
  shared_login_limit lockout-redis Redis
  keys="$(redis-cli -h 127.0.0.1 --scan --pattern "$REDIS_PREFIX:*rl:login-username:*" | wc -l)"
  rows="$(psql_db -c "SELECT COUNT(*) FROM accounts_ratelimit WHERE cache_key LIKE '%rl:login-username:%'")"
  [ "$keys" -gt 0 ] && [ "$rows" = 0 ] || fail "the counts are not in Redis ($keys keys, $rows rows)"
  ok "failed log-ins for one username on A, B, A, B, A: 200 each; the 6th (B): 429, then the right password on A: 429 — one count for both servers, in Redis (REDIS_URL)"

  say "the same without Redis: A and B restarted with REDIS_URL unset (rate limits in the database)"
  stop_app a
  stop_app b
  unset REDIS_URL
  start_apps
  ok "A pid $APP_PID_A, B pid $APP_PID_B"
fi
shared_login_limit lockout-db "database"
rows="$(psql_db -c "SELECT COUNT(*) FROM accounts_ratelimit WHERE cache_key LIKE '%rl:login-username:%'")"
[ "$rows" -gt 0 ] || fail "no count in the accounts_ratelimit table"
ok "failed log-ins for one username on A, B, A, B, A: 200 each; the 6th (B): 429, then the right password on A: 429 — one count for both servers, in the database table accounts_ratelimit"

say "logs"
if grep -q . "$DJANGO_LOG_FILE" 2>/dev/null; then fail "errors logged: $(head -n 5 "$DJANGO_LOG_FILE")"; fi
cat "$WORK"/log/gunicorn-?-access.log >"$WORK/log/gunicorn-access.log"
grep -q '"GET /detail_project/api/project/[0-9]*/tahapan/ HTTP/1.1" 200' "$WORK/log/gunicorn-access.log" ||
  fail "gunicorn's access log has no API line"
ok "no error in DJANGO_LOG_FILE; gunicorn access logs on stdout (A and B: $(wc -l <"$WORK/log/gunicorn-access.log") lines)"
