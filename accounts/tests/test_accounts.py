"""Signing up, logging in and out."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

LOGIN_URL = reverse("login")
LOGOUT_URL = reverse("logout")
SIGNUP_URL = reverse("signup")
PROJECTS_URL = reverse("dashboard:project_list")

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo12345"


@pytest.fixture
def demo_user(db):
    return get_user_model().objects.create_user(DEMO_USERNAME, "demo@example.com", DEMO_PASSWORD)


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- sign up ----------------------------------------------------------------------------------


def test_signup_page_shows_the_form(client, db):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    for name in ("username", "password1", "password2"):
        assert f'name="{name}"'.encode() in response.content


def test_signup_creates_the_user_logs_in_and_opens_the_project_list(client, db):
    response = client.post(
        SIGNUP_URL,
        {"username": "sari", "password1": "Kurva-S-2026!", "password2": "Kurva-S-2026!"},
    )

    assert response.status_code == 302
    assert response["Location"] == PROJECTS_URL
    user = get_user_model().objects.get(username="sari")
    assert user.check_password("Kurva-S-2026!")
    assert logged_in_user_id(client) == str(user.pk)
    projects = client.get(PROJECTS_URL)
    assert projects.status_code == 200
    assert [str(m) for m in projects.context["messages"]] == [
        "Welcome! Create your first project to get started."
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "sari", "password1": "Kurva-S-2026!", "password2": "lain"}, "password2"),
        ({"username": "sari", "password1": "12345678", "password2": "12345678"}, "password2"),
        ({"username": "", "password1": "Kurva-S-2026!", "password2": "Kurva-S-2026!"}, "username"),
        (
            {"username": "owner", "password1": "Kurva-S-2026!", "password2": "Kurva-S-2026!"},
            "username",
        ),
    ],
    ids=["passwords-differ", "password-too-weak", "username-missing", "username-taken"],
)
def test_signup_with_bad_input_shows_errors_and_creates_nobody(client, owner, data, field):
    users_before = get_user_model().objects.count()

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"invalid-feedback" in response.content
    assert get_user_model().objects.count() == users_before
    assert logged_in_user_id(client) is None


def test_signup_with_an_empty_form_says_what_is_missing(client, db):
    response = client.post(SIGNUP_URL, {})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username", "password1", "password2"}
    assert not get_user_model().objects.exists()


def test_signup_sends_a_logged_in_user_to_the_project_list(owner_client):
    response = owner_client.get(SIGNUP_URL)

    assert response.status_code == 302
    assert response["Location"] == PROJECTS_URL


# --- log in -----------------------------------------------------------------------------------


def test_login_page_shows_the_form(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content
    assert f'href="{SIGNUP_URL}"'.encode() in response.content


def test_login_with_demo_credentials_opens_the_project_list(client, demo_user):
    response = client.post(LOGIN_URL, {"username": DEMO_USERNAME, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == PROJECTS_URL
    assert logged_in_user_id(client) == str(demo_user.pk)
    assert client.get(PROJECTS_URL).status_code == 200


def test_login_with_a_wrong_password_shows_an_error(client, demo_user):
    response = client.post(LOGIN_URL, {"username": DEMO_USERNAME, "password": "salah"})

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert logged_in_user_id(client) is None


def test_login_honours_next(client, demo_user):
    target = reverse("dashboard:project_create")

    page = client.get(LOGIN_URL, {"next": target})
    response = client.post(
        LOGIN_URL, {"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "next": target}
    )

    assert f'name="next" value="{target}"'.encode() in page.content
    assert response.status_code == 302
    assert response["Location"] == target


def test_login_ignores_a_next_that_leaves_the_site(client, demo_user):
    response = client.post(
        LOGIN_URL,
        {"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response["Location"] == PROJECTS_URL


def test_protected_page_sends_to_login_and_back(client, demo_user):
    target = reverse("dashboard:project_create")

    bounced = client.get(target)
    login_url = bounced["Location"]
    response = client.post(
        login_url, {"username": DEMO_USERNAME, "password": DEMO_PASSWORD, "next": target}
    )

    assert login_url == f"{LOGIN_URL}?next={target}"
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_login_sends_a_logged_in_user_to_the_project_list(owner_client):
    response = owner_client.get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == PROJECTS_URL


# --- log out ----------------------------------------------------------------------------------


def test_logout_by_post_ends_the_session(owner_client):
    response = owner_client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert logged_in_user_id(owner_client) is None
    assert owner_client.get(PROJECTS_URL)["Location"] == f"{LOGIN_URL}?next={PROJECTS_URL}"


def test_logout_by_get_is_not_allowed(owner_client, owner):
    response = owner_client.get(LOGOUT_URL)

    assert response.status_code == 405
    assert logged_in_user_id(owner_client) == str(owner.pk)


def test_logout_without_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(LOGOUT_URL)

    assert response.status_code == 403
    assert logged_in_user_id(client) == str(owner.pk)


def test_every_page_offers_a_logout_button_that_posts(owner_client):
    content = owner_client.get(PROJECTS_URL).content.decode()

    assert f'<form method="post" action="{LOGOUT_URL}">' in content
