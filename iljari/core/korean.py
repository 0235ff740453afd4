"""Korean particles picked for the word before them (을/를, 이/가, 은/는, 와/과, 으로/로), never "을(를)".

    josa("예산현액", "을") -> "예산현액을";  josa("1,234원", "이") -> "1,234원이";  josa("목표", "은") -> "목표는"

The work is done by `tossi`, which reads the last syllable (numbers as they are read aloud, brackets skipped).
"""

from __future__ import annotations

from typing import Any

import tossi


def josa(word: Any, particle: str) -> str:
    """`word` followed by the form of `particle` that fits it (either form may be given: 을 or 를)."""
    text = str(word)
    if not text:
        return text
    # tossi reads digits and Hangul; a trailing sign is read as its word (150% -> 백오십 퍼센트).
    probe = text[:-1] + "퍼센트" if text.endswith("%") else text
    return text + str(tossi.postfix(probe, particle))[len(probe):]


def particle(word: Any, particle_: str) -> str:
    """Only the particle that fits `word` (for templates that place the word themselves)."""
    text = str(word)
    return josa(text, particle_)[len(text):]
