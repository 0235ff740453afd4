"""What a bound Django form refused, as lines a page lists above the form."""

from __future__ import annotations

from django import forms


def form_messages(form: forms.Form, *, labelled: bool = True) -> list[str]:
    """Every error of the form; each field's prefixed with its label ("예산: …") unless `labelled` is off (the
    messages already name the field)."""
    out = []
    for name, errors in form.errors.items():
        for e in errors:
            field = form.fields.get(name)
            out.append(f"{field.label}: {e}" if labelled and field is not None and field.label else str(e))
    return out
