from typing import Any

from django import template

from ..labels import word

register = template.Library()


@register.filter
def pledge_word(value: Any) -> str:
    """A Korean word of the card (a funding source, an event kind) in the page's language."""
    return word(value)
