"""Invitations by email (SPEC §14, where the server sends email): the pemilik sends a link, the
person opens it signed in and joins with the invitation's peran; the link works once, expires,
can be cancelled, and a mail that cannot be sent leaves nothing behind. Without email the form
is not offered and a posted invitation is refused."""

from __future__ import annotations

import datetime as dt
import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from dashboard.models import Anggota, Peran, Undangan
from detail_project.models import JadwalLog

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/undangan/(\S+)/")


@pytest.fixture
def email_on(settings):
    settings.TEAM_INVITATIONS_BY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def siti(db):
    return get_user_model().objects.create_user("siti", "siti@example.com", PASSWORD)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite(client, project, email="siti@example.com", peran="pengawas"):
    url = reverse("detail_project:undangan_kirim", args=[project.pk])
    return client.post(url, {"email": email, "peran": peran}, follow=True)


def link_in(mail) -> str:
    match = LINK.search(mail.body)
    assert match, mail.body
    return reverse("detail_project:undangan", args=[match.group(1)])


@pytest.mark.usefixtures("email_on")
def test_an_invitation_is_mailed_opened_and_accepted_once(owner_client, project, siti, mailoutbox):
    page = invite(owner_client, project).content.decode()
    assert "Invitation sent to siti@example.com as Pengawas" in page
    assert 'data-testid="invitation-row"' in page
    (mail,) = mailoutbox
    assert mail.to == ["siti@example.com"]
    assert "Gedung Serbaguna" in mail.subject
    assert "owner invites you to the team of the project “Gedung Serbaguna”" in mail.body
    link = link_in(mail)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in str(list(Undangan.objects.values()))  # only its hash is kept

    siti_client = signed_in(siti)
    shown = siti_client.get(link).content.decode()
    assert "owner invites you to the team of “Gedung Serbaguna” as Pengawas." in shown
    response = siti_client.post(link, follow=True)
    assert "You joined the team of “Gedung Serbaguna” as Pengawas." in response.content.decode()
    assert Anggota.objects.get(project=project, user=siti).peran == Peran.PENGAWAS
    actions = list(JadwalLog.objects.order_by("id").values_list("action", "user__username"))
    assert actions == [("member_invite", "owner"), ("member_join", "siti")]

    again = siti_client.get(link)
    assert "This invitation has already been used." in again.content.decode()
    assert again.status_code == 400


@pytest.mark.usefixtures("email_on")
def test_an_expired_or_cancelled_link_is_refused_clearly(owner_client, project, siti, mailoutbox):
    invite(owner_client, project)
    link = link_in(mailoutbox[-1])
    Undangan.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = signed_in(siti).post(link, follow=True)
    assert "This invitation expired on" in response.content.decode()
    assert not Anggota.objects.exists()

    invite(owner_client, project)  # a new one replaces the old
    assert Undangan.objects.count() == 1
    link = link_in(mailoutbox[-1])
    invitation = Undangan.objects.get()
    cancel = reverse("detail_project:undangan_batal", args=[project.pk, invitation.pk])
    assert "cancelled" in owner_client.post(cancel, follow=True).content.decode()
    response = signed_in(siti).get(link)
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


@pytest.mark.usefixtures("email_on")
def test_a_mail_that_cannot_be_sent_keeps_nothing(owner_client, project, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("detail_project.services.invitations.send_mail", refuse)
    page = invite(owner_client, project).content.decode()
    assert "The invitation could not be sent (SMTPServerDisconnected); nothing was saved." in page
    assert not Undangan.objects.exists()
    assert not JadwalLog.objects.exists()


@pytest.mark.usefixtures("email_on")
def test_a_bad_address_or_role_is_refused(owner_client, project, mailoutbox):
    assert (
        "Enter a valid email address." in invite(owner_client, project, email="x@").content.decode()
    )
    assert "Select a valid choice" in invite(owner_client, project, peran="mandor").content.decode()
    assert not Undangan.objects.exists()
    assert not mailoutbox


def test_without_email_the_form_is_not_offered_and_posting_is_refused(
    owner_client, project, mailoutbox
):
    team_page = owner_client.get(reverse("detail_project:anggota", args=[project.pk]))
    assert 'data-testid="team-invite"' not in team_page.content.decode()
    page = invite(owner_client, project).content.decode()
    assert "invitations by email are off" in page
    assert not Undangan.objects.exists()
    assert not mailoutbox


def test_an_invitation_link_needs_a_login(project):
    response = Client().get(reverse("detail_project:undangan", args=["abc"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.usefixtures("email_on")
def test_a_member_who_is_already_in_the_team_keeps_their_role(
    owner_client, project, siti, mailoutbox
):
    Anggota.objects.create(project=project, user=siti, peran=Peran.PENYUNTING)
    invite(owner_client, project, peran="pembaca")
    response = signed_in(siti).post(link_in(mailoutbox[-1]), follow=True)
    assert "You are already in the team" in response.content.decode()
    assert Anggota.objects.get(user=siti).peran == Peran.PENYUNTING
