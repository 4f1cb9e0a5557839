"""The navbar's language switch and the account pages in both languages (SPEC §12)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import UserPreference

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("login")
SIGNUP_URL = reverse("signup")
PROJECTS_URL = reverse("dashboard:project_list")
SWITCH_URL = reverse("set_language")


def switch_form(html: str) -> str:
    """The language switch's <form> element, as rendered."""
    match = re.search(r'<form[^>]*data-testid="language-switch".*?</form>', html, re.DOTALL)
    assert match, "no language switch on the page"
    return match.group(0)


def pressed(form: str) -> dict[str, str]:
    """{language code: aria-pressed} of the switch's buttons."""
    buttons = re.findall(r"<button[^>]*>", form, re.DOTALL)
    return {
        re.search(r'value="([^"]+)"', b).group(1): re.search(r'aria-pressed="([^"]+)"', b).group(1)
        for b in buttons
    }


@pytest.mark.parametrize("path", [LOGIN_URL, SIGNUP_URL])
def test_the_switch_is_in_the_navbar_when_signed_out(client, path):
    html = client.get(f"{path}?next=/x/", headers={"accept-language": "id"}).content.decode()

    form = switch_form(html)
    assert f'action="{SWITCH_URL}"' in form
    assert 'method="post"' in form
    assert "csrfmiddlewaretoken" in form
    assert f'name="next" value="{path}?next=/x/"' in form
    assert ">Bahasa Indonesia</button>" in form
    assert ">English</button>" in form
    assert 'aria-label="Bahasa"' in form  # the group is named in the page's language
    assert pressed(form) == {"id": "true", "en": "false"}


def test_the_switch_marks_english_when_english_is_active(owner_client):
    html = owner_client.get(PROJECTS_URL, headers={"accept-language": "en"}).content.decode()

    form = switch_form(html)
    assert pressed(form) == {"id": "false", "en": "true"}
    assert 'aria-label="Language"' in form
    assert f'name="next" value="{PROJECTS_URL}"' in form
    assert '<html lang="en">' in html


def test_switching_while_signed_out_changes_the_pages_and_comes_back(client):
    before = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()
    assert '<h1 class="h4 mb-3">Log in</h1>' in before

    response = client.post(SWITCH_URL, {"language": "id", "next": LOGIN_URL})
    after = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert '<html lang="id">' in after
    assert '<h1 class="h4 mb-3">Masuk</h1>' in after
    assert pressed(switch_form(after)) == {"id": "true", "en": "false"}


def test_switching_while_signed_in_is_saved_and_the_navbar_follows(owner, owner_client):
    owner_client.post(SWITCH_URL, {"language": "id", "next": PROJECTS_URL})

    fresh = Client()  # another device, an English browser
    fresh.force_login(owner)
    html = fresh.get(PROJECTS_URL, headers={"accept-language": "en"}).content.decode()

    assert UserPreference.objects.get(user=owner).language == "id"
    assert ">Proyek</a>" in html
    assert ">Keluar</button>" in html
    assert pressed(switch_form(html)) == {"id": "true", "en": "false"}


def test_navbar_words_in_each_language(client, owner_client):
    signed_out_id = client.get(LOGIN_URL, headers={"accept-language": "id"}).content.decode()
    signed_out_en = client.get(LOGIN_URL, headers={"accept-language": "en"}).content.decode()
    signed_in_en = owner_client.get(PROJECTS_URL, headers={"accept-language": "en"})

    assert ">Masuk</a>" in signed_out_id
    assert ">Daftar</a>" in signed_out_id
    assert ">Log in</a>" in signed_out_en
    assert ">Sign up</a>" in signed_out_en
    assert ">Projects</a>" in signed_in_en.content.decode()
    assert ">Log out</button>" in signed_in_en.content.decode()
    for html in (signed_out_id, signed_out_en):
        assert ">Jadwal Pekerjaan</a>" in html  # the brand is never translated


def test_signup_in_indonesian_welcomes_in_indonesian(client):
    page = client.get(SIGNUP_URL, headers={"accept-language": "id"}).content.decode()
    response = client.post(
        SIGNUP_URL,
        {"username": "sari", "password1": "Kurva-S-2026!", "password2": "Kurva-S-2026!"},
        headers={"accept-language": "id"},
    )
    projects = client.get(PROJECTS_URL, headers={"accept-language": "id"})

    assert "Buat akun" in page
    assert f'Sudah punya akun? <a href="{LOGIN_URL}">Masuk</a>.' in page
    assert response.status_code == 302
    assert [str(m) for m in projects.context["messages"]] == [
        "Selamat datang! Buat proyek pertama Anda untuk memulai."
    ]


def test_login_page_in_indonesian(client, db):
    html = client.get(LOGIN_URL, headers={"accept-language": "id"}).content.decode()

    assert f'Belum punya akun? <a href="{SIGNUP_URL}">Daftar</a>.' in html
    assert '<button type="submit" class="btn btn-primary w-100">Masuk</button>' in html
    assert "Log in" not in html


def test_page_not_found_speaks_the_readers_language(owner_client):
    indonesian = owner_client.get("/tidak-ada/", headers={"accept-language": "id"})
    english = owner_client.get("/tidak-ada/", headers={"accept-language": "en"})

    assert indonesian.status_code == english.status_code == 404
    assert "Halaman tidak ditemukan" in indonesian.content.decode()
    assert "Page not found" in english.content.decode()
