# syntax=docker/dockerfile:1
# Jadwal Pekerjaan: gunicorn serving config.wsgi:application as a non-root user.
#
#   docker build -t jadwal-pekerjaan .
#   docker compose up -d --build        (with nginx and PostgreSQL: docker-compose.yml)
#
# Unlike the deployment guide's Dockerfile, nothing here touches a database: `migrate` runs when
# the container starts (deploy/docker-entrypoint.sh), against the database it will serve.
# Static files are collected at build time (no database or real secret needed for that).
# Documents (PDF with ReportLab, xlsx with XlsxWriter) need no system library: both are pure
# Python wheels (with Pillow's), and the fonts they use are part of the app.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the virtualenv with every runtime dependency ---------------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt

# --- runtime ----------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DEBUG=false \
    GUNICORN_BIND=0.0.0.0:8000 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

RUN groupadd --system --gid 10001 jadwal \
    && useradd --system --uid 10001 --gid jadwal --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin jadwal

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# The code stays owned by root: the app user can read it, not change it.
COPY . /app

# Hashed, compressed static files, kept in the image; the entrypoint copies them into the
# shared static volume that nginx serves (a named volume keeps what it first received).
RUN DEBUG=false SECRET_KEY=collectstatic-at-build-time-only ENV_FILE='' \
        DATABASE_URL=sqlite:///:memory: STATIC_ROOT=/app/staticfiles-build \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/staticfiles /app/media \
    && chown jadwal:jadwal /app/staticfiles /app/media \
    && chmod 0755 deploy/docker-entrypoint.sh

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4).status != 200)"]
ENTRYPOINT ["/app/deploy/docker-entrypoint.sh"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "config.wsgi:application"]
