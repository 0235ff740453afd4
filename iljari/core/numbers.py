"""Numbers as Korean public reports write them (domain brief section 5).

Amounts are stored exactly in won and converted only for display. Percentages have one decimal, rounded
half-up or truncated (절사) by a setting, negatives are written with `△`, and `-` means "none", which is
different from 0. Rates are computed from exact parts, never from rounded ones.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

NONE_MARK = "-"
NEGATIVE_MARK = "△"


class Rounding(enum.StrEnum):
    """반올림 / 절사."""

    HALF_UP = "half_up"
    TRUNCATE = "truncate"

    @property
    def decimal_mode(self) -> str:
        return ROUND_HALF_UP if self is Rounding.HALF_UP else ROUND_DOWN

    @classmethod
    def parse(cls, value: str | Rounding | None, default: Rounding | None = None) -> Rounding:
        if value is None or value == "":
            return default or Rounding.HALF_UP
        if isinstance(value, Rounding):
            return value
        normalized = value.strip().lower().replace("-", "_")
        aliases = {"반올림": "half_up", "절사": "truncate", "truncation": "truncate", "round": "half_up"}
        normalized = aliases.get(normalized, normalized)
        try:
            return cls(normalized)
        except ValueError:
            raise ValueError(f"unknown rounding '{value}' (half-up or truncate)") from None


class AmountUnit(enum.StrEnum):
    """Display units of money: 원 / 천원 / 백만원 / 억원."""

    WON = "won"
    THOUSAND = "thousand"
    MILLION = "million"
    HUNDRED_MILLION = "hundred_million"

    @property
    def divisor(self) -> int:
        return {"won": 1, "thousand": 1_000, "million": 1_000_000, "hundred_million": 100_000_000}[self.value]

    @property
    def label_ko(self) -> str:
        return {"won": "원", "thousand": "천원", "million": "백만원", "hundred_million": "억원"}[self.value]

    @property
    def label_en(self) -> str:
        return {"won": "won", "thousand": "thousand won", "million": "million won",
                "hundred_million": "100 million won"}[self.value]

    @property
    def label(self) -> str:
        """In the page's language (Django's active language)."""
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "ko").startswith("en") else self.label_ko

    @classmethod
    def parse(cls, value: str | AmountUnit | None) -> AmountUnit:
        if value is None or value == "":
            return cls.MILLION
        if isinstance(value, AmountUnit):
            return value
        aliases = {"원": "won", "천원": "thousand", "백만원": "million", "억원": "hundred_million",
                   "100m": "hundred_million", "eok": "hundred_million"}
        v = aliases.get(value.strip(), value.strip().lower().replace("-", "_"))
        return cls(v)


def _quantize(value: Decimal, places: int, rounding: Rounding) -> Decimal:
    exp = Decimal(1).scaleb(-places)
    return value.quantize(exp, rounding=rounding.decimal_mode)


def _with_sign(text: str, negative: bool) -> str:
    return f"{NEGATIVE_MARK}{text}" if negative else text


def rate(numerator: int | Decimal | None, denominator: int | Decimal | None) -> Decimal | None:
    """Exact percentage numerator / denominator x 100, or None when it is undefined ('-')."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def percent_value(value: Decimal | None, rounding: Rounding = Rounding.HALF_UP, places: int = 1) -> Decimal | None:
    """A percentage as shown (one decimal by the rounding setting; truncation toward zero), as a number for a
    spreadsheet cell; None stays None."""
    if value is None:
        return None
    q = _quantize(abs(Decimal(value)), places, rounding)
    return -q if value < 0 else q


def format_percent(value: Decimal | None, rounding: Rounding = Rounding.HALF_UP, places: int = 1) -> str:
    """94.4, △3.2, or '-'. Truncation goes toward zero, as 절사 does in the seeds."""
    q = percent_value(value, rounding, places)
    if q is None:
        return NONE_MARK
    return _with_sign(f"{abs(q):,.{places}f}", q < 0)


def amount_value(won: int | Decimal | None, unit: AmountUnit = AmountUnit.MILLION,
                 rounding: Rounding = Rounding.HALF_UP, places: int = 0) -> Decimal | None:
    """An exact amount in won in a display unit, rounded as shown, as a number for a spreadsheet cell."""
    if won is None:
        return None
    scaled = Decimal(won) / unit.divisor
    q = _quantize(abs(scaled), places, rounding)
    return -q if scaled < 0 else q


def format_amount(won: int | Decimal | None, unit: AmountUnit = AmountUnit.MILLION,
                  rounding: Rounding = Rounding.HALF_UP, places: int = 0) -> str:
    """An exact amount in won shown in a display unit: 2,209,234 (백만원), △806, '-' for none."""
    q = amount_value(won, unit, rounding, places)
    if q is None:
        return NONE_MARK
    return _with_sign(f"{abs(q):,.{places}f}", q < 0)


def format_count(value: int | Decimal | None) -> str:
    """Counts (jobs, people, cases): 393,288; △806; '-' for none."""
    if value is None:
        return NONE_MARK
    return _with_sign(f"{abs(int(value)):,}", value < 0)


def format_quantity(value: int | Decimal | str | None) -> str:
    """A count or other quantity that may have decimals (indicator goals, 2.5 회): 5,200; 2.5; △3; '-'."""
    if value is None or value == "":
        return NONE_MARK
    d = Decimal(value)
    text = f"{abs(d):,.0f}" if d == d.to_integral_value() else f"{abs(d).normalize():,}"
    return _with_sign(text, d < 0)


def truncate_to(won: int | Decimal, step: int = 10) -> int:
    """원 단위 절사: drop the part below `step` won (525,027 -> 525,020)."""
    v = int(Decimal(won))
    sign = -1 if v < 0 else 1
    return sign * (abs(v) // step * step)


_NEG_PREFIXES = ("△", "▲", "-", "−", "－")
_NUMBER_RE = re.compile(r"^\d+(\.\d+)?$")


class NumberParseError(ValueError):
    pass


def parse_number(text: str | int | float | Decimal | None) -> Decimal | None:
    """Read a number as offices write it.

    Full-width digits, thousands separators, `△`/`▲` or parenthesised negatives, a lone '-' (none -> None),
    surrounding spaces. Raises NumberParseError for anything else.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberParseError(str(text))
    if isinstance(text, int | Decimal):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if s == "":
        return None
    if s in {"-", "–", "—", "−"}:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    for p in _NEG_PREFIXES:
        if s.startswith(p):
            negative, s = not negative, s[len(p):].strip()
            break
    s = s.replace(",", "").replace(" ", "")
    if not _NUMBER_RE.match(s):
        raise NumberParseError(text)
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        raise NumberParseError(text) from None
    return -value if negative else value
