"""Choice labels are written "한국어 / English" once in the models; a page or a file shows one of the two."""

from __future__ import annotations

from typing import Any


def one_language(text: Any, language: str | None = "ko") -> str:
    """'추진중 / active' -> '추진중' on a Korean page, 'active' on an English one; other text as it is."""
    value = "" if text is None else str(text)
    ko, sep, en = value.partition(" / ")
    if not sep:
        return value
    return en if (language or "ko").startswith("en") and en else ko
