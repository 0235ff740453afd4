"""Periods as DHIS2-like ids: `2021`, `2021H1`, `2021Q2`, `2021-05` (also `202105`)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

_PERIOD_RE = re.compile(
    r"^(?P<year>\d{4})(?:(?:H(?P<half>[12]))|(?:Q(?P<quarter>[1-4]))|(?:-?(?P<month>0[1-9]|1[0-2])))?$"
)


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # Y, H, Q, M
    index: int  # 1 for Y; 1-2 for H; 1-4 for Q; 1-12 for M

    @classmethod
    def parse(cls, text: str) -> Period:
        return _parse_period(cls, str(text))  # type: ignore[arg-type]

    @classmethod
    def _parse_uncached(cls, text: str) -> Period:
        s = str(text).strip().upper()
        m = _PERIOD_RE.match(s)
        if not m:
            raise PeriodError(text)
        year = int(m["year"])
        if not 1900 <= year <= 2200:
            raise PeriodError(text)
        if m["half"]:
            return cls(year, "H", int(m["half"]))
        if m["quarter"]:
            return cls(year, "Q", int(m["quarter"]))
        if m["month"]:
            return cls(year, "M", int(m["month"]))
        return cls(year, "Y", 1)

    @functools.cached_property
    def id(self) -> str:
        if self.kind == "Y":
            return str(self.year)
        if self.kind == "H":
            return f"{self.year}H{self.index}"
        if self.kind == "Q":
            return f"{self.year}Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def first_month(self) -> int:
        return {"Y": 1, "H": 6 * (self.index - 1) + 1, "Q": 3 * (self.index - 1) + 1, "M": self.index}[self.kind]

    @property
    def last_month(self) -> int:
        return {"Y": 12, "H": 6 * self.index, "Q": 3 * self.index, "M": self.index}[self.kind]

    @functools.cached_property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @functools.cached_property
    def end(self) -> dt.date:
        return month_end(self.year, self.last_month)

    @property
    def label_ko(self) -> str:
        if self.kind == "Y":
            return f"{self.year}년"
        if self.kind == "H":
            return f"{self.year}년 {'상' if self.index == 1 else '하'}반기"
        if self.kind == "Q":
            return f"{self.year}년 {self.index}/4분기"
        return f"{self.year}년 {self.index}월"

    @property
    def label_en(self) -> str:
        if self.kind == "Y":
            return str(self.year)
        if self.kind in ("H", "Q"):
            return f"{self.year} {self.kind}{self.index}"
        return f"{calendar.month_name[self.index]} {self.year}"

    def label(self, language: str | None = "ko") -> str:
        """The period in words in one language: 2021년 5월 / May 2021."""
        return self.label_en if (language or "ko").startswith("en") else self.label_ko

    def __str__(self) -> str:
        return self.id


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def is_month_end(d: dt.date) -> bool:
    return d == month_end(d.year, d.month)


@functools.lru_cache(maxsize=4096)
def _parse_period(cls: type, text: str) -> Period:
    """Imports repeat the same few period strings a million times: parse each once."""
    return cls._parse_uncached(text)  # type: ignore[attr-defined, no-any-return]
