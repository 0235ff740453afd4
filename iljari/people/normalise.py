"""Normalised forms of the identifying fields, for the linkage and for display of what was compared.

Names are compared on their jamo (NFD splits a syllable into its conjoining jamo: 희 -> ㅎㅢ, 히 -> ㅎㅣ, so
이영희 and 이영히 differ in one jamo), phones on their digits, addresses after the usual ways of writing Seoul and
spacing are folded.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_SEOUL = re.compile(r"^(서울특별시|서울시|서울)\s*")
_NON_DIGIT = re.compile(r"\D")


def name_norm(name: str) -> str:
    """The name without spaces and in NFC ("이 영희" -> "이영희")."""
    return unicodedata.normalize("NFC", _SPACE.sub("", name or ""))


def name_jamo(name: str) -> str:
    """The name as a string of jamo (compatibility-free conjoining jamo via NFD)."""
    return unicodedata.normalize("NFD", name_norm(name))


def phone_digits(phone: str) -> str:
    """The phone's digits with a leading +82 folded to 0 ("+82 10-1234-5678" -> "01012345678")."""
    digits = _NON_DIGIT.sub("", phone or "")
    if digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def address_norm(address: str) -> str:
    """The address with 서울특별시/서울시/서울 written one way, spaces folded (one space between tokens)."""
    text = unicodedata.normalize("NFC", _SPACE.sub(" ", (address or "").strip()))
    text = _SEOUL.sub("서울 ", text)
    return text.strip()
