"""Text that people type or import: one rule for control characters, used by every form, the
API and the RAB import.

A NUL byte cannot be stored by PostgreSQL (the request ended in a 500), and the other C0/C1
control characters are invisible in the page, break CSV and Excel exports and make two names
that look the same differ. Tab, line feed and carriage return are ordinary text (a deskripsi
may have lines; a cell pasted from Excel may end in a tab) and stay allowed.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# C0 except \t \n \r, DEL, C1, and lone surrogates (not text, cannot be encoded as UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

CONTROL_CHARACTER_MESSAGE = gettext_lazy(
    "Remove the invisible control character %(code)s from this text."
)


def control_character(value: str) -> str | None:
    """The first control character of `value` as "U+0000", or None when there is none."""
    found = _CONTROL.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_message(value: str) -> str | None:
    """What to tell the person, in their language, or None when `value` is clean."""
    code = control_character(value)
    return str(CONTROL_CHARACTER_MESSAGE) % {"code": code} if code else None


def reject_control_characters(value: object) -> None:
    """Django validator for form and model fields."""
    if isinstance(value, str):
        code = control_character(value)
        if code:
            raise ValidationError(
                CONTROL_CHARACTER_MESSAGE, code="control_character", params={"code": code}
            )
