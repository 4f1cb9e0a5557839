"""When the store of the rate limits (Redis) cannot be reached, log ins and sign-ups are refused
with a clear message, nothing is written, and every page still opens."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from config.tests.ratelimit_stores import store_down

LOGIN_URL = reverse("login")
SIGNUP_URL = reverse("signup")
PROJECTS_URL = reverse("dashboard:project_list")
PASSWORD = "correct horse battery staple"  # the owner fixture's

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    """REDIS_URL is set and Redis is not answering: the rate limits and the cache are gone."""
    store_down(settings, "ratelimit", "default")


def test_a_log_in_is_refused_clearly_and_nobody_is_logged_in(redis_down, owner):
    client = Client()

    response = client.post(LOGIN_URL, {"username": "owner", "password": PASSWORD})

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert (
        b"Logging in is unavailable for a moment. Try again in a few minutes." in response.content
    )
    assert SESSION_KEY not in client.session


def test_a_wrong_password_gets_the_same_answer_as_the_right_one(redis_down, owner):
    right = Client().post(LOGIN_URL, {"username": "owner", "password": PASSWORD})
    wrong = Client().post(LOGIN_URL, {"username": "owner", "password": "salah"})

    assert right.status_code == wrong.status_code == 503


def test_a_sign_up_is_refused_clearly_and_no_account_is_made(redis_down):
    client = Client()

    response = client.post(
        SIGNUP_URL,
        {"username": "sari", "password1": "Kurva-S-2026!", "password2": "Kurva-S-2026!"},
    )

    assert response.status_code == 503
    assert (
        b"Signing up is unavailable for a moment. Try again in a few minutes." in response.content
    )
    assert not get_user_model().objects.exists()
    assert SESSION_KEY not in client.session


def test_pages_still_open(redis_down, owner_client, project):
    assert Client().get(LOGIN_URL).status_code == 200
    assert Client().get(SIGNUP_URL).status_code == 200
    assert owner_client.get(PROJECTS_URL).status_code == 200
    api = f"/detail_project/api/project/{project.pk}/"
    assert owner_client.get(api + "jadwal/").status_code == 200
    assert owner_client.get(api + "tahapan/").status_code == 200


def test_logging_out_still_works(redis_down, owner_client):
    response = owner_client.post(reverse("logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in owner_client.session
