"""Dates as Korean offices write them: 2021-05-31, 2021.5.31, 2021. 5. 31., 2021년 5월 31일, '21.5월말."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from .periods import month_end


class DateParseError(ValueError):
    pass


_FULL = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_END = re.compile(r"^[’'‘`]?(\d{2}|\d{4})\s*[.\-/년]\s*(\d{1,2})\s*월?\s*말\s*(기준)?$")


def parse_date(text: str | dt.date | None) -> dt.date | None:
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    return _parse_text(str(text))


@functools.lru_cache(maxsize=8192)
def _parse_text(text: str) -> dt.date | None:
    """Imports repeat the same dates many times: each string is parsed once (errors are raised each time)."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    try:
        if m := _FULL.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _COMPACT.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH_END.match(s):
            year = int(m[1])
            year = year + 2000 if year < 100 else year
            return month_end(year, int(m[2]))
    except ValueError:
        raise DateParseError(text) from None
    raise DateParseError(text)
