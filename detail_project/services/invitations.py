"""Invitations by email to a project's team (SPEC §14), where the server sends email.

The pemilik sends a link, used once, that expires after TEAM_INVITATION_DAYS; whoever opens it
signed in joins with the invitation's peran (the link is the secret; only its SHA-256 is kept).
Sending, cancelling and joining go through the write gate and leave an audit row; a mail that
cannot be sent rolls the invitation back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from dashboard.models import Anggota, Project, Undangan, peran_label
from detail_project.models import JadwalLog
from detail_project.services.errors import ServiceError
from detail_project.services.gate import jadwal_write
from detail_project.services.team import TeamChange, audit, clean_peran

Action = JadwalLog.Action
logger = logging.getLogger(__name__)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitations_enabled() -> bool:
    return bool(settings.TEAM_INVITATIONS_BY_EMAIL)


def invitation_send(
    *,
    project: Project,
    by: AbstractBaseUser,
    email: str,
    peran: str,
    accept_url: Callable[[str], str],
) -> TeamChange:
    """Email `email` a link to join the team as `peran` (`accept_url(token)` makes it), valid
    once for TEAM_INVITATION_DAYS. A new invitation to the same address replaces a pending one.
    If the mail cannot be sent, nothing is kept."""
    if not invitations_enabled():
        raise ServiceError(
            gettext(
                "This server sends no email, so invitations by email are off: add the person "
                "by their username."
            )
        )
    peran = clean_peran(peran)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(
            gettext("“%(email)s” is not an email address.") % {"email": email[:100]}
        ) from None
    with jadwal_write(project=project, user=by, action=Action.MEMBER_INVITE) as write:
        locked = write.project
        pending = Undangan.objects.filter(project=locked, email__iexact=email, accepted_at=None)
        pending.delete()
        token = secrets.token_urlsafe(32)
        days = settings.TEAM_INVITATION_DAYS
        invitation = Undangan.objects.create(
            project=locked,
            email=email,
            peran=peran,
            token_hash=_token_hash(token),
            invited_by=by,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        context = {
            "project": locked,
            "invited_by": by,
            "peran": peran_label(peran),
            "url": accept_url(token),
            "days": days,
            "expires_at": invitation.expires_at,
        }
        subject = render_to_string("detail_project/email/undangan_subject.txt", context)
        body = render_to_string("detail_project/email/undangan_body.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [email])
        except (OSError, SMTPException) as error:
            logger.warning("invitation to %s not sent: %s", email, error)
            raise ServiceError(
                gettext(
                    "The invitation could not be sent (%(error)s); nothing was saved. Try again "
                    "later, or add the person by their username."
                )
                % {"error": error.__class__.__name__},
                status=503,
            ) from None
        write.detail.update(email=email, peran=peran, undangan_id=invitation.pk)
        write.audit()
    return TeamChange(
        gettext("Invitation sent to %(email)s as %(peran)s; the link works for %(days)s days.")
        % {"email": email, "peran": peran_label(peran), "days": days},
        created=True,
    )


def invitation_cancel(*, project: Project, by: AbstractBaseUser, undangan_id: int) -> TeamChange:
    with jadwal_write(project=project, user=by, action=Action.MEMBER_INVITE) as write:
        invitation = Undangan.objects.filter(
            project=write.project, pk=undangan_id, accepted_at=None
        ).first()
        if invitation is None:
            raise ServiceError(gettext("There is no such pending invitation."), status=404)
        invitation.delete()
        write.detail.update(email=invitation.email, cancelled=True)
        write.audit()
    return TeamChange(gettext("Invitation to %(email)s cancelled.") % {"email": invitation.email})


def invitation_for(token: str) -> Undangan:
    """The invitation of a link, if it can still be used; a clear refusal otherwise."""
    invitation = (
        Undangan.objects.select_related("project", "invited_by")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise ServiceError(
            gettext(
                "This invitation link is not valid: it was cancelled, replaced by a newer one, "
                "or mistyped. Ask the project's pemilik to invite you again."
            ),
            status=404,
        )
    if invitation.accepted_at is not None:
        raise ServiceError(gettext("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise ServiceError(
            gettext(
                "This invitation expired on %(date)s. Ask the project's pemilik to invite you "
                "again."
            )
            % {"date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")}
        )
    return invitation


def invitation_accept(*, token: str, user: AbstractBaseUser) -> tuple[Project, TeamChange]:
    """`user` joins the team through an invitation link (whatever address it was sent to: the
    link is the secret, used once)."""
    invitation = invitation_for(token)
    with jadwal_write(project=invitation.project, user=user, action=Action.MEMBER_JOIN) as write:
        locked = write.project
        claimed = Undangan.objects.filter(pk=invitation.pk, accepted_at=None).update(
            accepted_at=timezone.now(), accepted_by=user
        )
        if not claimed:  # used by someone else a moment ago
            raise ServiceError(gettext("This invitation has already been used."))
        in_team = (
            user.pk == locked.owner_id or Anggota.objects.filter(project=locked, user=user).exists()
        )
        if in_team:
            return locked, TeamChange(
                gettext("You are already in the team of “%(nama)s”.") % {"nama": locked.nama},
                changed=False,
            )
        Anggota.objects.create(
            project=locked, user=user, peran=invitation.peran, added_by=invitation.invited_by
        )
        audit(write, user, invitation.peran, email=invitation.email)
    return locked, TeamChange(
        gettext("You joined the team of “%(nama)s” as %(peran)s.")
        % {"nama": locked.nama, "peran": peran_label(invitation.peran)},
        created=True,
    )
