"""A project's team (SPEC §14): adding a member, changing a peran, removing one, leaving.

Every change goes through the write gate like any other write: the project row locked (so a
member's removal and their save queue instead of crossing), the right checked under that lock
(`manage_members`; leaving needs only to be in the team), and one audit row saying who changed
whom. The schedule's version does not move: nothing anyone edits has changed.

`Project.owner` is a pemilik without a membership row. The project always keeps at least that
one pemilik: when the owner leaves, is removed or takes another peran, ownership passes to the
longest-standing co-owner (a member with peran pemilik); with none, the change is refused.

Where the server sends email, the pemilik may also invite by address: a link, used once, that
expires; whoever opens it signed in joins with the invitation's peran.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from dashboard.models import Anggota, Peran, Project, Undangan
from detail_project.models import JadwalLog
from detail_project.services.errors import ServiceError
from detail_project.services.gate import JadwalWrite, jadwal_write

Action = JadwalLog.Action
USERNAME_MAX_LENGTH = 150
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamChange:
    message: str
    created: bool = False  # a new member (the API answers 201)
    changed: bool = True  # False: the team was already so


def peran_label(peran: str) -> str:
    return str(Peran(peran).label)


def _clean_peran(peran: str) -> str:
    if peran not in Peran.values:
        raise ServiceError(
            gettext("Unknown role “%(peran)s”: choose pemilik, penyunting, pengawas or pembaca.")
            % {"peran": str(peran)[:40]}
        )
    return peran


def _user_named(username: str) -> AbstractBaseUser:
    username = (username or "").strip()
    if not username:
        raise ServiceError(gettext("Give the username of the person to add to the team."))
    if len(username) > USERNAME_MAX_LENGTH:
        raise ServiceError(gettext("A username has at most 150 characters."))
    user_model = get_user_model()
    user = (
        user_model._default_manager.filter(
            **{f"{user_model.USERNAME_FIELD}__iexact": username}, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if user is None:
        raise ServiceError(
            gettext(
                "Nobody has the username “%(username)s”. They sign up first; then you can add "
                "them to the team."
            )
            % {"username": username}
        )
    return user


def _hand_over(write: JadwalWrite, *, refusal: str) -> AbstractBaseUser:
    """Make the longest-standing co-owner the project's owner (their row goes: the owner needs
    none); `refusal` (400) when there is no co-owner. Returns the new owner."""
    project = write.project
    heir = (
        Anggota.objects.filter(project=project, peran=Peran.PEMILIK)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    if heir is None:
        raise ServiceError(refusal)
    Project.objects.filter(pk=project.pk).update(owner=heir.user)
    project.owner = heir.user
    heir.delete()
    write.detail["new_owner"] = heir.user.get_username()
    return heir.user


def _audit(write: JadwalWrite, user: AbstractBaseUser, peran: str | None, **more: object) -> None:
    write.detail.update({"user_id": user.pk, "username": user.get_username(), **more})
    if peran is not None:
        write.detail["peran"] = peran
    write.audit()


def member_add(*, project: Project, by: AbstractBaseUser, username: str, peran: str) -> TeamChange:
    """Add `username` to the team as `peran`, or give a member that peran."""
    peran = _clean_peran(peran)
    user = _user_named(username)
    name = user.get_username()
    with jadwal_write(project=project, user=by, action=Action.MEMBER_ADD) as write:
        locked = write.project
        if user.pk == locked.owner_id:
            if peran == Peran.PEMILIK:
                return TeamChange(
                    gettext("%(name)s is already the pemilik of this project.") % {"name": name},
                    changed=False,
                )
            write.action = Action.MEMBER_ROLE
            _hand_over(
                write,
                refusal=gettext(
                    "%(name)s is the only pemilik of this project: make another member pemilik "
                    "first, then change this role."
                )
                % {"name": name},
            )
            Anggota.objects.create(project=locked, user=user, peran=peran, added_by=by)
            _audit(write, user, peran, previous=Peran.PEMILIK)
            return TeamChange(
                gettext("%(name)s is now %(peran)s; %(owner)s is the project's owner.")
                % {"name": name, "peran": peran_label(peran), "owner": locked.owner}
            )
        member = Anggota.objects.filter(project=locked, user=user).first()
        if member is None:
            Anggota.objects.create(project=locked, user=user, peran=peran, added_by=by)
            _audit(write, user, peran)
            return TeamChange(
                gettext("%(name)s joined the team as %(peran)s.")
                % {"name": name, "peran": peran_label(peran)},
                created=True,
            )
        if member.peran == peran:
            return TeamChange(
                gettext("%(name)s is already %(peran)s.")
                % {"name": name, "peran": peran_label(peran)},
                changed=False,
            )
        write.action = Action.MEMBER_ROLE
        previous, member.peran = member.peran, peran
        member.save(update_fields=["peran"])
        _audit(write, user, peran, previous=previous)
        return TeamChange(
            gettext("%(name)s is now %(peran)s.") % {"name": name, "peran": peran_label(peran)}
        )


def member_remove(*, project: Project, by: AbstractBaseUser, user_id: int) -> TeamChange:
    """Take a member out of the team (yourself: `member_leave`)."""
    if user_id == by.pk:
        return member_leave(project=project, user=by)
    with jadwal_write(project=project, user=by, action=Action.MEMBER_REMOVE) as write:
        locked = write.project
        if user_id == locked.owner_id:
            user = locked.owner
            _hand_over(
                write,
                refusal=gettext(
                    "%(name)s is the only pemilik of this project and cannot be removed."
                )
                % {"name": user.get_username()},
            )
            _audit(write, user, None, previous=Peran.PEMILIK)
        else:
            member = (
                Anggota.objects.filter(project=locked, user_id=user_id)
                .select_related("user")
                .first()
            )
            if member is None:
                raise ServiceError(
                    gettext("User %(id)s is not in this project's team.") % {"id": user_id},
                    status=404,
                )
            user = member.user
            member.delete()
            _audit(write, user, None, previous=member.peran)
        return TeamChange(
            gettext("%(name)s is no longer in the team.") % {"name": user.get_username()}
        )


def member_leave(*, project: Project, user: AbstractBaseUser) -> TeamChange:
    """`user` leaves the team; the only pemilik cannot (they delete the project instead)."""
    with jadwal_write(project=project, user=user, action=Action.MEMBER_LEAVE) as write:
        locked = write.project
        if user.pk == locked.owner_id:
            _hand_over(
                write,
                refusal=gettext(
                    "You are the only pemilik of this project, so you cannot leave it: make "
                    "another member pemilik first, or delete the project."
                ),
            )
            previous = Peran.PEMILIK
        else:
            member = Anggota.objects.get(project=locked, user=user)  # the gate found it
            previous = member.peran
            member.delete()
        _audit(write, user, None, previous=previous)
        return TeamChange(gettext("You left the team of “%(nama)s”.") % {"nama": locked.nama})


# --- invitations by email ---------------------------------------------------------------------


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
    peran = _clean_peran(peran)
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
        _audit(write, user, invitation.peran, email=invitation.email)
    return locked, TeamChange(
        gettext("You joined the team of “%(nama)s” as %(peran)s.")
        % {"nama": locked.nama, "peran": peran_label(invitation.peran)},
        created=True,
    )
