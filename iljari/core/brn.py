"""사업자등록번호 (business registration number): checked and written one way for every app (job centres'
employers, subsidy firms, call applicants)."""

from __future__ import annotations

from typing import Any


def business_number_clean(value: Any) -> str | None:
    """The ten digits of a valid 사업자등록번호, or None. The format and the parts (office code 101 or more, a
    type code and a serial that are not zero) are checked with python-stdnum (`stdnum.kr.brn`), which does not
    check the last digit; the check digit is the National Tax Service's: weights 1 3 7 1 3 7 1 3 5 on the first
    nine digits, plus the tens of the ninth digit × 5, and the last digit makes the sum a multiple of ten."""
    from stdnum.exceptions import ValidationError
    from stdnum.kr import brn

    text = str(value or "")[:40]
    try:
        number = brn.validate(text)
    except ValidationError:
        return None
    digits = [int(c) for c in number]
    total = sum(d * w for d, w in zip(digits[:9], (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + digits[8] * 5 // 10
    return number if (10 - total % 10) % 10 == digits[9] else None


def business_number_format(number: str) -> str:
    """123-45-67890."""
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 10 else number
