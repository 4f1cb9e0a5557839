"""Sign-up: accounts per address are rationed (5 an hour), usernames are plain ASCII after NFKC
and unique regardless of case, and a site may close sign-up altogether (SIGNUP_ENABLED)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from config.tests.ratelimit_stores import freeze_clock

SIGNUP_URL = reverse("signup")
LOGIN_URL = reverse("login")
PROJECTS_URL = reverse("dashboard:project_list")
PASSWORD = "Kurva-S-2026!"
HOME = "203.0.113.10"
CHARACTERS = "A username may contain only the letters A–Z without accents, digits and . _ - @ +."

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    return freeze_clock(monkeypatch)


def sign_up(username: str, *, ip: str = HOME, password: str = PASSWORD, **headers: str):
    return Client().post(
        SIGNUP_URL,
        {"username": username, "password1": password, "password2": password},
        headers={"x-real-ip": ip, **headers},
    )


def usernames() -> list[str]:
    return sorted(get_user_model().objects.values_list("username", flat=True))


# --- rationed per address -----------------------------------------------------------------


def test_the_sixth_account_from_one_address_within_an_hour_is_refused(clock):
    created = [sign_up(f"planner{n}").status_code for n in range(5)]

    refused = sign_up("planner5")

    assert created == [302] * 5
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert (
        b"Too many accounts were created from your network. Try again in 72 minutes."
        in refused.content
    )
    assert "planner5" not in usernames()
    assert SESSION_KEY not in refused.client.session


def test_another_address_may_still_sign_up(clock):
    for n in range(5):
        sign_up(f"planner{n}")

    assert sign_up("tetangga", ip="198.51.100.20").status_code == 302


def test_mistakes_in_the_form_are_not_counted(clock):
    for _ in range(10):
        response = sign_up("sari", password="123")  # too short, too common
        assert response.status_code == 200

    assert sign_up("sari").status_code == 302


def test_an_hour_later_the_address_may_sign_up_again(clock):
    for n in range(5):
        sign_up(f"planner{n}")
    clock.now += 3600 + 720  # the hour, and the previous hour's five have faded to four

    assert sign_up("planner5").status_code == 302


# --- usernames ----------------------------------------------------------------------------


def test_a_cyrillic_look_alike_of_an_existing_username_is_refused(owner):
    get_user_model().objects.create_user("alice", "alice@example.com", PASSWORD)

    response = sign_up("\u0430lice")  # Cyrillic а, then Latin "lice"

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [CHARACTERS]
    assert usernames() == ["alice", "owner"]


@pytest.mark.parametrize(
    "username",
    ["élodie", "sári", "用户", "ali\u200bce", "ali ce"],
    ids=["accent", "acute", "cjk", "zero-width-space", "space"],
)
def test_letters_outside_ascii_are_refused(username):
    response = sign_up(username)

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [CHARACTERS]
    assert usernames() == []


def test_a_control_character_is_named(db):
    response = sign_up("sari\x07")

    assert response.context["form"].errors["username"] == [
        "Remove the invisible control character U+0007 from this text."
    ]


def test_full_width_letters_become_ascii_and_then_meet_the_existing_name(db):
    get_user_model().objects.create_user("alice", "alice@example.com", PASSWORD)

    response = sign_up("ａｌｉｃｅ")

    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]


def test_a_username_differing_only_in_case_is_refused(db):
    get_user_model().objects.create_user("alice", "alice@example.com", PASSWORD)

    response = sign_up("Alice")

    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]
    assert usernames() == ["alice"]


def test_plain_names_with_the_allowed_punctuation_are_accepted(db):
    assert sign_up("sari.w_2026-pm@pt+a").status_code == 302
    assert usernames() == ["sari.w_2026-pm@pt+a"]


def test_the_username_rule_speaks_indonesian(db):
    response = sign_up("\u0430lice", **{"accept-language": "id"})

    assert response.context["form"].errors["username"] == [
        "Nama pengguna hanya boleh berisi huruf A–Z tanpa aksen, angka, dan . _ - @ +."
    ]


# --- SIGNUP_ENABLED -----------------------------------------------------------------------


def test_with_signup_disabled_the_page_and_the_form_answer_404(settings):
    settings.SIGNUP_ENABLED = False

    page = Client().get(SIGNUP_URL)
    posted = sign_up("sari")

    assert page.status_code == 404
    assert posted.status_code == 404
    assert usernames() == []


def test_with_signup_disabled_no_page_links_to_it(settings):
    settings.SIGNUP_ENABLED = False

    html = Client().get(LOGIN_URL).content.decode()

    assert SIGNUP_URL not in html
    assert 'href="/accounts/login/"' in html  # the navbar's log-in link is still there


def test_with_signup_enabled_the_log_in_page_and_the_navbar_link_to_it(settings):
    settings.SIGNUP_ENABLED = True

    html = Client().get(LOGIN_URL).content.decode()

    assert html.count(f'href="{SIGNUP_URL}"') == 2
