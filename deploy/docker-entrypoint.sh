#!/bin/sh
# Container entrypoint: refresh the shared static files, wait for the database, apply
# migrations, then run the command (gunicorn by default).
#
#   DJANGO_MIGRATE=false   skip `migrate` (when a release step runs it once for several web
#                          containers: docker compose run --rm web python manage.py migrate)
#   DB_WAIT_SECONDS=60     how long to wait for the database before giving up
#
# Any other command runs as given: docker compose run --rm web python manage.py seed_demo
set -eu

if [ -d /app/staticfiles-build ] && [ -w "${STATIC_ROOT:-/app/staticfiles}" ]; then
    # New hashed files are added, old ones kept: pages still open in a browser keep working.
    cp -R /app/staticfiles-build/. "${STATIC_ROOT:-/app/staticfiles}/"
fi

if [ "${1:-}" = "gunicorn" ]; then
    waited=0
    until python manage.py shell -c \
        "from django.db import connection; connection.ensure_connection()" >/dev/null 2>&1; do
        waited=$((waited + 2))
        if [ "$waited" -ge "${DB_WAIT_SECONDS:-60}" ]; then
            echo "entrypoint: the database did not answer within ${DB_WAIT_SECONDS:-60}s" >&2
            python manage.py shell -c \
                "from django.db import connection; connection.ensure_connection()"
            exit 1
        fi
        sleep 2
    done
    if [ "${DJANGO_MIGRATE:-true}" = "true" ]; then
        python manage.py migrate --noinput
        python manage.py import_ahsp  # the shipped AHSP library; idempotent
    fi
fi

exec "$@"
