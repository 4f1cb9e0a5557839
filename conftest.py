"""Fixtures shared by every test module: an owner, an outsider, and a project."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from dashboard.models import Project

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers cost ~0.3 s per user by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Hashed (manifest) static names need `collectstatic`; tests read files from the source tree.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user("owner", "owner@example.com", PASSWORD)


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("outsider", "outsider@example.com", PASSWORD)


@pytest.fixture
def project(owner):
    return Project.objects.create(
        owner=owner,
        nama="Gedung Serbaguna",
        lokasi="Bandung",
        sumber_dana="APBD",
        nama_client="Dinas PU",
        anggaran_owner=Decimal("1000000000"),
        tanggal_mulai=dt.date(2026, 1, 5),
        tanggal_selesai=dt.date(2026, 3, 29),
    )


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(outsider) -> Client:
    client = Client()
    client.force_login(outsider)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate limits and cached summaries live in the cache; each test starts with none.
    from django.core.cache import cache

    cache.clear()
    yield
    # A test may have pointed the cache at a dead server on purpose.
    with contextlib.suppress(Exception):
        cache.clear()


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """Each test starts and ends in LANGUAGE_CODE (English in the suite). A request leaves the
    language it activated (Accept-Language, a saved preference) on the thread, and a later test
    that builds messages without a request would read them in that language."""
    translation.deactivate()
    yield
    translation.deactivate()
