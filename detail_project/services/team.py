"""A project's team (SPEC §14): adding a member, changing a peran, removing one, leaving.

Every change goes through the write gate like any other write: the project row locked (so a
member's removal and their save queue instead of crossing), the right checked under that lock
(`manage_members`; leaving needs only to be in the team), and one audit row saying who changed
whom. The schedule's version does not move: nothing anyone edits has changed.

`Project.owner` is a pemilik without a membership row. The project always keeps at least that
one pemilik: when the owner leaves, is removed or takes another peran, ownership passes to the
longest-standing co-owner (a member with peran pemilik); with none, the change is refused.
Invitations by email are `services.invitations`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext

from dashboard.models import Anggota, Peran, Project, peran_label
from detail_project.models import JadwalLog
from detail_project.services.errors import ServiceError
from detail_project.services.gate import JadwalWrite, jadwal_write

Action = JadwalLog.Action
USERNAME_MAX_LENGTH = 150


@dataclass(frozen=True)
class TeamChange:
    message: str
    created: bool = False  # a new member (the API answers 201)
    changed: bool = True  # False: the team was already so


def clean_peran(peran: str) -> str:
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


def audit(write: JadwalWrite, user: AbstractBaseUser, peran: str | None, **more: object) -> None:
    write.detail.update({"user_id": user.pk, "username": user.get_username(), **more})
    if peran is not None:
        write.detail["peran"] = peran
    write.audit()


def member_add(*, project: Project, by: AbstractBaseUser, username: str, peran: str) -> TeamChange:
    """Add `username` to the team as `peran`, or give a member that peran."""
    peran = clean_peran(peran)
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
            audit(write, user, peran, previous=Peran.PEMILIK)
            return TeamChange(
                gettext("%(name)s is now %(peran)s; %(owner)s is the project's owner.")
                % {"name": name, "peran": peran_label(peran), "owner": locked.owner}
            )
        member = Anggota.objects.filter(project=locked, user=user).first()
        if member is None:
            Anggota.objects.create(project=locked, user=user, peran=peran, added_by=by)
            audit(write, user, peran)
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
        audit(write, user, peran, previous=previous)
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
            audit(write, user, None, previous=Peran.PEMILIK)
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
            audit(write, user, None, previous=member.peran)
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
        audit(write, user, None, previous=previous)
        return TeamChange(gettext("You left the team of “%(nama)s”.") % {"nama": locked.nama})
