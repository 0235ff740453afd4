"""Form pieces every part shares: what a bound form refused, as lines a page lists above the form; an amount
field as offices write amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iljari.core.numbers import NumberParseError, parse_number


def form_messages(form: forms.Form, *, labelled: bool = True) -> list[str]:
    """Every error of the form; each field's prefixed with its label ("예산: …") unless `labelled` is off (the
    messages already name the field)."""
    out = []
    for name, errors in form.errors.items():
        for e in errors:
            field = form.fields.get(name)
            out.append(f"{field.label}: {e}" if labelled and field is not None and field.label else str(e))
    return out


class AmountField(forms.CharField):
    """An amount as offices write it ("13,500", "１３５００", " 13500 "), in `unit` won (10,000: 만원); the
    cleaned value is whole won. Bounded; a word, a negative or a fraction of a won is a form error."""

    def __init__(self, *, unit: int = 1, max_won: int = 10**13, invalid_message: Any = None,
                 too_large_message: Any = None, **kwargs: Any) -> None:
        self.unit, self.max_won = unit, max_won
        self.invalid_message = invalid_message or _("Enter a number (e.g. 13,500).")
        self.too_large_message = too_large_message
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 14, "maxlength": 30}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            amount = Decimal(value) / self.unit
            return f"{int(amount):,}" if amount == amount.to_integral_value() else f"{amount.normalize():,}"
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in (None, ""):
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Write at most 30 characters."))
        try:
            number = parse_number(text)
        except NumberParseError:
            raise forms.ValidationError(self.invalid_message) from None
        if number is None:
            return None
        won = number * self.unit
        if number < 0:
            raise forms.ValidationError(_("Must be 0 or more."))
        if won != won.to_integral_value():
            raise forms.ValidationError(_("Amounts go down to the won only."))
        if won > self.max_won:
            if self.too_large_message:
                raise forms.ValidationError(self.too_large_message)
            raise forms.ValidationError(_("Must be at most %(limit)s.") % {"limit": f"{self.max_won // self.unit:,}"})
        return int(won)
