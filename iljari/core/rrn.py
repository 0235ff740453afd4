"""주민등록번호 under the Personal Information Protection Act: never stored or logged in plain text.

Kept as a keyed hash (HMAC-SHA256, for matching the same person across programs and rounds) and an encrypted copy
(Fernet: AES-128-CBC with HMAC) that only authorised roles may reveal, each reveal audited; shown masked
(900101-1******). Keys come from the environment (`ILJARI_RRN_HASH_KEY`, `ILJARI_RRN_KEY`); the development
defaults are refused by the production settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from iljari.core.errors import ErrorCode, Problem, ServiceError

_RRN = re.compile(r"^(\d{6})-?(\d{7})$")
_CENTURY = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000}


@dataclass(frozen=True)
class Rrn:
    digits: str  # 13 digits, no dash
    birth_date: dt.date
    sex: str  # M / F
    foreigner: bool

    @property
    def masked(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6]}******"


def invalid(text: str, why_ko: str, why_en: str) -> ServiceError:
    shown = (text[:8] + "…") if len(text) > 8 else text  # never echo a whole number back
    return ServiceError(Problem(ErrorCode.INVALID, f"주민등록번호가 올바르지 않습니다 ({why_ko}): {shown}",
                                f"not a valid resident registration number ({why_en}): {shown}", field="rrn"))


def parse_rrn(text: str, *, today: dt.date | None = None) -> Rrn:
    """Format (YYMMDD-GNNNNNN), the gender/century digit and a real birth date not in the future. The check digit
    is not required: numbers issued since October 2020 have a random last part."""
    t = (text or "").strip().replace(" ", "")
    m = _RRN.match(t)
    if not m:
        raise invalid(t, "숫자 13자리, 예: 900101-1234567", "13 digits, e.g. 900101-1234567")
    front, back = m[1], m[2]
    g = back[0]  # every digit names a sex and a century (9/0: 1800s, 1/2: 1900s, 3/4: 2000s, 5-8 foreigners)
    year = _CENTURY[g] + int(front[:2])
    try:
        born = dt.date(year, int(front[2:4]), int(front[4:6]))
    except ValueError:
        raise invalid(t, "생년월일이 없는 날짜입니다", "the birth date does not exist") from None
    if born > (today or timezone.localdate()):
        raise invalid(t, "생년월일이 미래입니다", "the birth date is in the future")
    return Rrn(front + back, born, "M" if g in "13579" else "F", g in "5678")


def rrn_hash(rrn: Rrn, *, key: str | None = None) -> str:
    """HMAC-SHA256 with the secret `ILJARI_RRN_HASH_KEY` (or `key`, when re-hashing with a new one): without the
    key nobody can try the few million possible numbers of a birth date against a stored hash."""
    return hmac.new((key or settings.RRN_HASH_KEY).encode(), rrn.digits.encode(), hashlib.sha256).hexdigest()


def _fernet(key: str | None = None):  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet

    return Fernet((key or settings.RRN_ENCRYPTION_KEY).encode())


def encrypt_rrn(rrn: Rrn) -> str:
    return _fernet().encrypt(rrn.digits.encode()).decode()


def decrypt_rrn(token: str) -> str:
    d = _fernet().decrypt(token.encode()).decode()
    return f"{d[:6]}-{d[6:]}"
