"""Writes to projects: create, update, duplicate, delete.

Each function is keyword-only and runs in one transaction, so a failure halfway leaves the
database as it was. Views validate input with `ProjectForm` first; the date rules are checked
again here because management commands and the API call these functions without a form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from dashboard.models import Project
from dashboard.signals import (
    messages_from,
    project_created,
    project_dates_changed,
    project_duplicated,
)

# The fields a planner edits on the project form; everything else is managed by the app.
PROJECT_EDITABLE_FIELDS: tuple[str, ...] = (
    "nama",
    "lokasi",
    "sumber_dana",
    "nama_client",
    "anggaran_owner",
    "tanggal_mulai",
    "tanggal_selesai",
    "week_end_day",
    "ppn_percent",
    "pembulatan_step",
    "tahun_anggaran",
    "nomor_kontrak",
    "tanggal_kontrak",
    "pemilik_ppk",
    "kontraktor",
    "konsultan_pengawas",
    "tanda_tangan",
)

# Changing any of these moves the boundaries of the generated tahapan.
SCHEDULE_DATE_FIELDS: tuple[str, ...] = ("tanggal_mulai", "tanggal_selesai", "week_end_day")

# A daily time scale makes one grid column per day: ten years is already 3,650+ columns, more
# than anyone can plan in, and a typo in the year (2062 for 2026) would otherwise create them.
MAX_PROJECT_YEARS = 10

ModelT = TypeVar("ModelT", bound=models.Model)


def _as_read(value: dt.date) -> str:
    """A date the way the form's reader writes it: `5 Jan 2026`, in Indonesian `5 Agu 2026`."""
    return date_format(value, "j M Y")


def validate_project_dates(*, tanggal_mulai: dt.date, tanggal_selesai: dt.date) -> None:
    """Raise a ValidationError on `tanggal_selesai` when the range is reversed or too long.

    The messages are in the active language, with the dates written the way its readers write
    them ("5 Jan 2026"), never as ISO dates or field names.
    """
    if tanggal_selesai < tanggal_mulai:
        raise ValidationError(
            {
                "tanggal_selesai": ValidationError(
                    _("The end date must be on or after the start date (%(start)s)."),
                    code="selesai_before_mulai",
                    params={"start": _as_read(tanggal_mulai)},
                )
            }
        )
    last_allowed = tanggal_mulai + relativedelta(years=MAX_PROJECT_YEARS) - dt.timedelta(days=1)
    if tanggal_selesai > last_allowed:
        raise ValidationError(
            {
                "tanggal_selesai": ValidationError(
                    _(
                        "A project can last at most %(years)s years (a daily time scale would "
                        "need more than %(columns)s columns). The last allowed end date is "
                        "%(last)s."
                    ),
                    code="project_too_long",
                    params={
                        "years": number_format(MAX_PROJECT_YEARS, use_l10n=True),
                        "columns": number_format(
                            MAX_PROJECT_YEARS * 365, use_l10n=True, force_grouping=True
                        ),
                        "last": _as_read(last_allowed),
                    },
                )
            }
        )


def _editable_values(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in PROJECT_EDITABLE_FIELDS if name in data}


@transaction.atomic
def project_create(*, owner: AbstractBaseUser, data: Mapping[str, Any]) -> Project:
    """Create a project for `owner` from validated form data (unknown keys are ignored).

    Its time scale (weekly unless the data says otherwise) is generated at once, so the
    Jadwal Pekerjaan grid opens with its columns ready.
    """
    project = Project(owner=owner, **_editable_values(data))
    validate_project_dates(
        tanggal_mulai=project.tanggal_mulai, tanggal_selesai=project.tanggal_selesai
    )
    project.save()
    project_created.send(sender=Project, project=project, user=owner)
    project.refresh_from_db()
    return project


@dataclass(frozen=True, slots=True)
class ProjectUpdate:
    schedule_dates_changed: bool
    messages: tuple[str, ...] = ()  # what the schedule's owners said about the change


@transaction.atomic
def project_update(
    *, project: Project, data: Mapping[str, Any], user: AbstractBaseUser | None = None
) -> ProjectUpdate:
    """Save the edited fields of `project`; rebuild its time scale when its dates moved.

    The stored row is re-read under a row lock and compared with `data`, not the `project`
    instance: a bound ModelForm has already written the new values onto its instance, so the
    instance cannot tell what changed.

    When tanggal_mulai, tanggal_selesai or week_end_day change, the generated tahapan were cut
    from the old range; they are regenerated in the same transaction with every assignment
    carried over (proportion on days now outside the project goes to the nearest period and is
    reported), so the schedule never disagrees with the project's dates.
    """
    stored = Project.objects.select_for_update().get(pk=project.pk)
    values = _editable_values(data)
    schedule_dates_changed = any(
        name in values and values[name] != getattr(stored, name) for name in SCHEDULE_DATE_FIELDS
    )
    for name, value in values.items():
        setattr(stored, name, value)
    validate_project_dates(
        tanggal_mulai=stored.tanggal_mulai, tanggal_selesai=stored.tanggal_selesai
    )
    stored.save()
    said: list[str] = []
    if schedule_dates_changed:
        said = messages_from(project_dates_changed.send(sender=Project, project=stored, user=user))
    stored.refresh_from_db()
    # Keep the caller's instance in step with what was stored (updated_at included).
    for field in Project._meta.concrete_fields:
        setattr(project, field.attname, getattr(stored, field.attname))
    return ProjectUpdate(schedule_dates_changed=schedule_dates_changed, messages=tuple(said))


def copy_of(obj: ModelT, **overrides: Any) -> ModelT:
    """A new, unsaved instance with every concrete field of `obj` except its primary key.

    Copying field by field from the model's metadata means a column added later is carried
    over without touching this module. `overrides` uses attnames (`project_id`, not `project`).
    """
    values = {
        field.attname: getattr(obj, field.attname)
        for field in type(obj)._meta.concrete_fields
        if not field.primary_key and field.attname not in overrides
    }
    return type(obj)(**values, **overrides)


@transaction.atomic
def project_duplicate(*, project: Project, owner: AbstractBaseUser, nama: str) -> Project:
    """Copy `project` with its whole RAB and schedule for `owner` under the name `nama`.

    The project row is copied here; its content (RAB, tahapan, cells, day plans) by the
    receivers of `project_duplicated`, in the same transaction. The copy starts at
    jadwal_version 0: it is a new schedule that nobody has edited yet. created_at / updated_at
    are set to now by their auto fields.
    """
    # Lock the source row: a writer that locks it too (a versioned schedule save) waits until
    # the copy is done instead of landing between the reads below and leaving it inconsistent.
    source = Project.objects.select_for_update().get(pk=project.pk)
    new_project = copy_of(
        source, owner_id=owner.pk, nama=nama, jadwal_version=0, jadwal_scale_version=0
    )
    new_project.save()
    project_duplicated.send(sender=Project, source=source, copy=new_project)
    return new_project


@transaction.atomic
def project_delete(*, project: Project) -> dict[str, int]:
    """Delete `project` and, by cascade, its RAB, schedule and logs.

    Returns the number of rows deleted per model label, as Django's `delete()` reports it.
    """
    _total, per_model = project.delete()
    return per_model
