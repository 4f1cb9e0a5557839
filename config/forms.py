"""Form helpers shared by every app."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import get_language

from config.numbers import Convention, NumberError, parse_number
from config.text import reject_control_characters


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes and mark invalid fields, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if self.is_bound and name in self.errors:  # type: ignore[attr-defined]
                css += " is-invalid"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()


class PlainTextMixin:
    """Refuse control characters in every text field of the form (config/text.py says why), so
    no form can be forgotten; Django's CharField only refuses NUL. List it after
    BootstrapFormMixin, which reads the errors in its own __init__."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField):
                field.validators.append(reject_control_characters)


def number_convention() -> Convention:
    """How the active language writes numbers: Indonesian `1.234,56` or plain `1,234.56`."""
    return "id" if (get_language() or "").startswith("id") else "plain"


class LocalizedDecimalField(forms.DecimalField):
    """A decimal typed the way people write it in the active language.

    In Indonesian `1.500.000.000` and `1500000000` are the same amount and `12,5` and `12.5`
    the same half; in English `1,500,000,000` and `12.5` (see `config.numbers` for the rules).
    Django's own localized field would read `1.500.000.000` as `1.500000000`. Values are shown
    back with the language's grouping.
    """

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value, convention=number_convention())
        except NumberError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return number

    def prepare_value(self, value: Any) -> Any:
        """Shown without the column's trailing zeros: 1500000000.00 reads "1.500.000.000"."""
        if isinstance(value, Decimal) and value.is_finite():
            exponent = value.normalize().as_tuple().exponent
            places = max(-exponent, 0) if isinstance(exponent, int) else 0
            return formats.number_format(
                value, decimal_pos=places, use_l10n=True, force_grouping=True
            )
        if isinstance(value, int) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return value


class LocalizedIntegerField(forms.IntegerField):
    """A whole number with the active language's grouping: `10.000` or `10,000` or `10000`."""

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value, convention=number_convention())
        except NumberError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return value
