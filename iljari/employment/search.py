"""The public job search (/jobs/): open vacancies with filters and free text, sorted and paged.

Free text. A citizen types words such as "요양보호사를 구합니다" or "지게차 운전": each word loses its particles and
endings (kiwipiepy: the span from its first to its last content morpheme, so "요양보호사를" -> "요양보호사",
"서울에서" -> "서울", "운전하는" -> "운전"), and every remaining term must occur *inside* the title, the tasks or the
requirements (a case-insensitive substring, SQL LIKE), so "요양" finds "요양보호사" and "보호사" finds it too.
PostgreSQL's full-text search does not fit: its parsers keep "요양보호사" as one lexeme, so only a prefix query
("요양:*") finds it from "요양", never from "보호사"; pg_trgm cannot use its index for two-syllable words (the
common Korean case). The same query runs on SQLite and PostgreSQL; docs/performance.md has the figures over
84,000 open vacancies (bench/jobs_bench.py).

Only `open` vacancies whose deadline is today or later are ever shown (`public_vacancies`)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, QuerySet, When

from .models import Occupation, Vacancy, WageType

MAX_QUERY_CHARS = 100
MAX_TERMS = 6
# Morpheme tags kept as the content of a word: nouns, foreign words, numbers, roots. A word without any (a verb
# such as "구합니다", a bound noun such as "분") says nothing about the job and is left out.
CONTENT_TAGS = ("NNG", "NNP", "NR", "SL", "SH", "SN", "XR")
_SPACE = re.compile(r"[\s,;/·]+")
_STRIP = re.compile(r"[^\w\-+#.]", re.UNICODE)
WEEKS_A_MONTH = 4.345
TEXT_IDS_LIMIT = 10_000  # more vacancies with the words than this: the words are one more condition instead  # 365.25 / 12 / 7


@functools.lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi()


def query_terms(text: str) -> list[str]:
    """The terms of what a citizen typed: each word without its particles and endings (kiwipiepy), at most
    `MAX_TERMS`, each at least one character, duplicates dropped. Bounded: the first `MAX_QUERY_CHARS`."""
    words = [w for w in (_STRIP.sub("", w) for w in _SPACE.split((text or "")[:MAX_QUERY_CHARS])) if w]
    terms: list[str] = []
    for word in words:
        term = word
        if re.search(r"[\uac00-\ud7a3]", word):
            tokens = _kiwi().tokenize(word)
            content = [t for t in tokens if t.tag.split("-")[0] in CONTENT_TAGS]
            if not content:
                continue
            term = word[content[0].start:content[-1].start + content[-1].len]
            if len(term) == 1 and len(words) > 1:  # "일", "분" in a sentence: every vacancy has them
                continue
        if term and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


def public_vacancies(today: dt.date) -> QuerySet[Vacancy]:
    """What a citizen may see: open vacancies before their deadline. Nothing else, ever."""
    return Vacancy.objects.filter(status=Vacancy.Status.OPEN, deadline__gte=today)


def occupation_ids(code: str) -> list[int]:
    """A major or middle category and everything under it (codes are prefixes of their children's)."""
    return list(Occupation.objects.filter(code__startswith=code).values_list("pk", flat=True))


def monthly_equivalent() -> Any:
    """The wage as a month's pay, so vacancies paid by the hour, day, month or year sort together."""
    hours = F("hours_per_week") * WEEKS_A_MONTH
    return Case(
        When(wage_type=WageType.HOURLY, then=ExpressionWrapper(F("wage") * hours, output_field=FloatField())),
        When(wage_type=WageType.DAILY, then=ExpressionWrapper(F("wage") * hours / 8.0, output_field=FloatField())),
        When(wage_type=WageType.ANNUAL, then=ExpressionWrapper(F("wage") / 12.0, output_field=FloatField())),
        default=ExpressionWrapper(F("wage") * 1.0, output_field=FloatField()), output_field=FloatField())


SORTS = {"new": ("-posted_on", "-pk"), "deadline": ("deadline", "-pk"), "wage": ("-monthly", "-pk")}


@dataclass(frozen=True)
class Criteria:
    """What the search form asks for (every part optional)."""

    q: str = ""
    district: Any = None  # OrgUnit
    occupation: str = ""  # a KECO major or middle code
    wage_type: str = ""
    min_wage: int | None = None  # won per wage_type
    max_hours: int | None = None
    contract: str = ""
    within_days: int | None = None
    sort: str = "new"


class _Texts:
    """The vacancies' words (title, tasks, requirements), kept per process as one long string and read again when
    the table changes: a fingerprint of the table (rows, highest id, newest `changed_at`, which every save stamps;
    three index-only queries) is checked on each search, so a search never answers from stale words. A term is
    then found by the regular-expression engine over the long string (C speed) and its places mapped to vacancies
    (docs/performance.md, "Issue 15: public job search"). Statuses and deadlines are still filtered in SQL."""

    def __init__(self) -> None:
        self.fingerprint: tuple[Any, ...] | None = None
        self.ids: Any = None  # numpy array of vacancy ids, in the order of the long string
        self.starts: Any = None  # where each vacancy's words start in the long string
        self.text = ""
        self.lower = ""

    def _current(self) -> tuple[Any, ...]:
        from django.db.models import Max

        return (Vacancy.objects.count(), Vacancy.objects.aggregate(m=Max("pk"))["m"],
                Vacancy.objects.aggregate(m=Max("changed_at"))["m"])

    def _read(self) -> None:
        import numpy as np

        rows = Vacancy.objects.order_by("pk").values_list("pk", "title", "tasks", "requirements")
        ids, starts, parts, at = [], [], [], 0
        for pk, title, tasks, requirements in rows.iterator(chunk_size=5000):
            words = "\n".join((title or "", tasks or "", requirements or "")).replace("\x00", " ") + "\x00"
            ids.append(pk)
            starts.append(at)
            parts.append(words)
            at += len(words)
        self.ids, self.starts = np.array(ids, dtype=np.int64), np.array(starts, dtype=np.int64)
        self.text = "".join(parts)
        self.lower = self.text.lower()

    def matching(self, terms: list[str]) -> list[int] | None:
        """The vacancies with every term inside their words (None: more than `TEXT_IDS_LIMIT`)."""
        import numpy as np

        now = self._current()
        if now != self.fingerprint:
            self._read()
            self.fingerprint = now
        found: Any = None
        for term in terms:
            latin = re.search(r"[A-Za-z]", term) is not None
            haystack, word = (self.lower, term.lower()) if latin else (self.text, term)
            places = np.fromiter((m.start() for m in re.finditer(re.escape(word), haystack)), dtype=np.int64)
            rows = np.unique(np.searchsorted(self.starts, places, side="right") - 1)
            found = rows if found is None else np.intersect1d(found, rows, assume_unique=True)
            if len(found) == 0:
                break
        if found is None or len(found) > TEXT_IDS_LIMIT:
            return None
        return [int(x) for x in self.ids[found]]


def _keys(ids: list[int]) -> Any:
    """`ids` as a subquery of one parameter: a JSON array on SQLite (json_each), an array on PostgreSQL (unnest)."""
    import json

    from django.db import connection
    from django.db.models.expressions import RawSQL

    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


_TEXTS = _Texts()
IN_MEMORY = True  # the bench turns it off to time the subquery beside it


def _texts() -> _Texts:
    return _TEXTS


def search(criteria: Criteria, today: dt.date) -> QuerySet[Vacancy]:
    qs = public_vacancies(today)
    if criteria.district is not None:
        qs = qs.filter(district=criteria.district)
    if criteria.occupation:
        qs = qs.filter(occupation_id__in=occupation_ids(criteria.occupation))
    if criteria.wage_type:
        qs = qs.filter(wage_type=criteria.wage_type)
        if criteria.min_wage is not None:
            qs = qs.filter(wage__gte=criteria.min_wage)
    if criteria.max_hours is not None:
        qs = qs.filter(hours_per_week__lte=criteria.max_hours)
    if criteria.contract:
        qs = qs.filter(contract=criteria.contract)
    if criteria.within_days is not None:
        qs = qs.filter(posted_on__gte=today - dt.timedelta(days=criteria.within_days))
    terms = query_terms(criteria.q)
    if terms:
        text = Q()
        for term in terms:
            # Hangul has no case: a plain LIKE (PostgreSQL's ILIKE-like icontains upper-cases every row first)
            op = "icontains" if re.search(r"[A-Za-z]", term) else "contains"
            text &= (Q(**{f"title__{op}": term}) | Q(**{f"tasks__{op}": term})
                     | Q(**{f"requirements__{op}": term}))
        found = _texts().matching(terms) if IN_MEMORY else None
        if found is not None:
            # the words found in memory (no index can find a word inside a word); the database then reads the
            # open vacancies among them by their keys, given as ONE parameter (thousands of placeholders cost more
            # to build and parse than the search itself)
            qs = qs.filter(pk__in=_keys(found))
        else:
            # Too many to name by key: the words are looked for alone, in a subquery (one pass over the table).
            # Had the words been one more condition of the whole query, SQLite would walk its index of open
            # vacancies and read every row it names, three times slower (docs/performance.md, "Issue 15").
            qs = qs.filter(pk__in=Vacancy.objects.filter(text).values("pk"))
    sort = criteria.sort if criteria.sort in SORTS else "new"
    if sort == "wage":
        if criteria.wage_type:  # one wage type: the wage itself (an index can serve it)
            return qs.order_by("-wage", "-pk")
        qs = qs.annotate(monthly=monthly_equivalent())
    return qs.order_by(*SORTS[sort])
