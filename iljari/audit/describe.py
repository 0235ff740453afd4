"""An audit row in words, as a register reads: "소관 부서: 일자리정책과 → 여성가족정책실", not `owner_org_id: 7`.

`describe_changes(entries, language)` is the one formatter of the audit trail, the program history and the audit
export. For each row it gives what the row is about (names, not codes), one line per changed field with the
field's label, and the values before and after as a person writes them: names of units, programs, measures and
users instead of ids or codes, choice labels in the page's language, dates as 2021.05.31, amounts with thousands
separators and 원, `△` for negatives. A batch's summary row (an import) also lists the values the batch changed.

The audit app sits below the apps whose rows it describes, so it reads their models through the app registry:
foreign keys and many-to-many fields are resolved from the models' own metadata, all rows at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from iljari.core.labels import OBJECT_TYPES, ROUNDINGS, SOURCES, labelled, one_language
from iljari.core.numbers import format_count, format_quantity
from iljari.core.periods import Period, PeriodError

from . import labels
from .models import AuditEntry

NONE = "-"
BATCH_ITEMS = 50  # values listed under a batch's summary; the rest are counted
LONG_TEXT = 160


@dataclass
class Line:
    """One changed field: its label and the values before and after, in words ("" when there was none)."""

    label: str
    before: str
    after: str

    def text(self, language: str = "ko") -> str:
        if not self.before:
            return f"{self.label}: {self.after or NONE}"
        if not self.after:
            return f"{self.label}: {self.before} → {NONE}"
        return f"{self.label}: {self.before} → {self.after}"


@dataclass
class Batch:
    """What one import or bulk change did: a sentence and the values it changed (`more` beyond those listed)."""

    summary: str
    items: list[str] = field(default_factory=list)
    more: int = 0
    batch_id: str = ""

    @property
    def total(self) -> int:
        return len(self.items) + self.more


@dataclass
class Described:
    entry: AuditEntry
    kind: str  # what sort of thing: 사업, 실적·예산 값 …
    subject: str  # which one, in words
    lines: list[Line]
    action: str  # 생성 / 수정 … in the page's language
    source: str  # by which door
    batch: Batch | None = None

    def text(self, language: str = "ko") -> str:
        """Everything the row changed as plain text (the export's cell)."""
        parts = [ln.text(language) for ln in self.lines]
        if self.batch:
            parts.insert(0, self.batch.summary)
            parts += self.batch.items
            if self.batch.more:
                parts.append(_more(self.batch.more, language))
        return "\n".join(parts)


def _en(language: str | None) -> bool:
    return (language or "ko").startswith("en")


def _yes_no(value: bool, language: str | None) -> str:
    return ("yes" if value else "no") if _en(language) else ("예" if value else "아니요")


def _more(n: int, language: str) -> str:
    return f"… and {format_count(n)} more" if _en(language) else f"… 외 {format_count(n)}건"


# ---------------------------------------------------------------- fields and references

def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    """The model field a recorded key stands for: `owner_org_id` and `owner_org` are both the foreign key."""
    if model is None:
        return None
    for name in (key, key[:-3] if key.endswith("_id") else None):
        if not name:
            continue
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if f.auto_created and not f.concrete:
            return None  # a reverse relation (a pledge's activities): recorded as the rows they are
        return f  # type: ignore[return-value]
    return None


def label_of(object_type: str, key: str, language: str = "ko") -> str:
    """A recorded field's label in one language."""
    name = key[:-3] if key.endswith("_id") else key
    for k in (f"{object_type}.{name}", name, f"{object_type}.{key}", key):
        if k in labels.FIELDS:
            text = one_language(labels.FIELDS[k], language)
            return text[:1].upper() + text[1:] if _en(language) else text
    f = _field(_model(object_type), key)
    if f is not None and getattr(f, "verbose_name", None) and str(f.verbose_name) != name.replace("_", " "):
        return str(f.verbose_name)
    return name.replace("_", " ")


def _code_list(f: models.Field) -> str | None:
    """The code list a foreign key to the code table points into (limit_choices_to, else the field's name)."""
    limit = getattr(f, "remote_field", None) and f.remote_field.limit_choices_to  # type: ignore[union-attr]
    if isinstance(limit, dict) and limit.get("list"):
        return str(limit["list"])
    name = f.name[:-1] if f.name.endswith("s") else f.name
    return name


class _Refs:
    """Every reference the rows make, fetched once per model: (model, key kind, list) -> {value: object}."""

    def __init__(self) -> None:
        self.want: dict[tuple[type[models.Model], str, str], set[Any]] = defaultdict(set)
        self.got: dict[tuple[type[models.Model], str, str], dict[Any, Any]] = {}
        self.objects: dict[tuple[str, str], Any] = {}  # (object type, id) -> the row's object, when named

    def fetch_objects(self, rows: list[AuditEntry]) -> None:
        """The objects the rows are about (for their names in English), one query per type."""
        by_type: dict[str, set[str]] = defaultdict(set)
        for e in rows:
            by_type[e.object_type].add(e.object_id)
        for object_type, ids in by_type.items():
            model = _model(object_type)
            if model is None or not any(hasattr(model, a) for a in ("name_ko", "label_ko")):
                continue
            pks = [int(i) for i in ids if i.isdigit()]
            for o in model._default_manager.filter(pk__in=pks):
                self.objects[(object_type, str(o.pk))] = o

    @staticmethod
    def how(model: type[models.Model], f: models.Field, value: Any) -> tuple[str, str]:
        """Find by primary key (an int), by natural key (username, code) or within a code list."""
        if isinstance(value, int) and not isinstance(value, bool):
            return "pk", ""
        names = {x.name for x in model._meta.get_fields()}
        if "username" in names:
            return "username", ""
        if "list" in names and "code" in names:
            return "code", _code_list(f) or ""
        if "code" in names:
            return "code", ""
        if "number" in names:
            return "number", ""
        return "pk", ""

    def need(self, f: models.Field, value: Any) -> None:
        model = f.related_model
        if model is None or value in (None, ""):
            return
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, int | str):
                by, lst = self.how(model, f, v)  # type: ignore[arg-type]
                self.want[(model, by, lst)].add(v)  # type: ignore[index]

    def fetch(self) -> None:
        for (model, by, lst), values in self.want.items():
            qs = model._default_manager.filter(**{f"{by}__in": list(values)})
            if lst:
                qs = qs.filter(list=lst)
            self.got[(model, by, lst)] = {getattr(o, by): o for o in qs}

    def get(self, f: models.Field, value: Any) -> Any:
        model = f.related_model
        if model is None or isinstance(model, str):
            return None
        by, lst = self.how(model, f, value)
        return self.got.get((model, by, lst), {}).get(value)


def name_of(obj: Any, language: str = "ko") -> str:
    """A referenced object's name in one language: org units, programs, measures, codes, users."""
    en = _en(language)
    for ko_attr, en_attr in (("name_ko", "name_en"), ("label_ko", "label_en")):
        if hasattr(obj, ko_attr):
            return str((getattr(obj, en_attr, "") if en else "") or getattr(obj, ko_attr))
    if hasattr(obj, "get_username"):
        full = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
        return f"{full} ({obj.get_username()})" if full.strip() else str(obj.get_username())
    if hasattr(obj, "title") and hasattr(obj, "number"):
        return f"{obj.number} {obj.title}"
    return one_language(str(obj), language)


# ---------------------------------------------------------------- values

def _date(value: Any) -> str:
    try:
        if isinstance(value, str) and ("T" in value or " " in value.strip()):
            d = dt.datetime.fromisoformat(value)
            if d.tzinfo is not None:
                from django.utils import timezone

                d = timezone.localtime(d)
            return f"{d:%Y.%m.%d %H:%M}"
        d2 = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return f"{d2:%Y.%m.%d}"
    except ValueError:
        return str(value)


def _number(value: Any, key: str, suffix: str = "") -> str:
    if key in labels.PLAIN_NUMBERS or "year" in key:
        return str(value)
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format_count(d) if d == d.to_integral_value() else format_quantity(d)
    return f"{text}{suffix}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


class _Formatter:
    def __init__(self, refs: _Refs, language: str, hidden_units: set[str] | None = None) -> None:
        self.refs, self.language, self.hidden = refs, language, hidden_units or set()

    def yes_no(self, value: bool) -> str:
        return _yes_no(value, self.language)

    def value(self, object_type: str, key: str, value: Any, row: dict[str, Any]) -> str:
        """One recorded value in words."""
        if value is None or value == "" or value == [] or value == {}:
            return ""
        model = _model(object_type)
        f = _field(model, key)
        name = key[:-3] if key.endswith("_id") else key
        if f is not None and f.is_relation:
            items = value if isinstance(value, list) else [value]
            if f.related_model is not None and f.related_model._meta.label_lower == "orgs.orgunit":
                items = [v for v in items if v not in self.hidden]
            names = [name_of(o, self.language) if isinstance(v, int | str) and (o := self.refs.get(f, v)) is not None
                     else str(v) for v in items]
            return ", ".join(names)
        if f is not None and getattr(f, "choices", None) and not isinstance(value, list | dict):
            choices = {str(k): v for k, v in f.flatchoices}
            if str(value) in choices:
                return one_language(choices[str(value)], self.language)
        if name == "value" and "measure" in row:
            return self.amount(value, row)
        if name == "shares" and isinstance(value, dict):
            return self.shares(value)
        if name == "period" and isinstance(value, str):
            try:
                return Period.parse(value).label(self.language)
            except PeriodError:
                return value
        if name == "sex" and str(value) in ("M", "F"):
            return {"M": ("남", "male"), "F": ("여", "female")}[str(value)][_en(self.language)]
        if name == "rounding":
            return labelled(ROUNDINGS, value, self.language)
        if isinstance(value, bool) or isinstance(f, models.BooleanField):
            return self.yes_no(bool(value))
        if isinstance(f, models.DateTimeField | models.DateField) or name in ("as_of", "created", "expiry"):
            return _date(value)
        if name in labels.MONEY:
            return _number(value, name, "원" if not _en(self.language) else " won")
        if isinstance(value, int | float | Decimal) or isinstance(
                f, models.IntegerField | models.DecimalField | models.FloatField):
            return _number(value, name)
        if isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                return _short(", ".join(str(v) for v in value))
            return f"{len(value)} entries" if _en(self.language) else f"{format_count(len(value))}건"
        if isinstance(value, dict):
            return f"{len(value)} items" if _en(self.language) else f"{format_count(len(value))}개 항목"
        return _short(str(value))

    def amount(self, value: Any, row: dict[str, Any]) -> str:
        """A ledger value with its measure's unit: 1,234,567원 · 8,758개."""
        measure = self.refs.get(_field(_model("ledger.fact"), "measure"), row.get("measure"))  # type: ignore[arg-type]
        return measure_amount(value, measure, self.language)

    def shares(self, value: dict[str, Any]) -> str:
        """Funding shares by source: 시비 70% · 구비 30%."""
        f = _field(_model("programs.programfunding"), "source")
        out = []
        for code, share in value.items():
            src = self.refs.get(f, code) if f is not None else None
            out.append(f"{name_of(src, self.language) if src is not None else code} {format_quantity(share)}%")
        return " · ".join(out)


UNITS_EN = {"원": " won", "개": " jobs", "명": " people", "건": " cases", "회": " times", "개사": " companies"}


def with_unit(value: Any, unit: str, language: str | None = "ko") -> str:
    """A figure with its unit as a person writes it: 1,234,567원 / 8,758개 (1,234,567 won / 8,758 jobs)."""
    if value is None:
        return NONE
    return _number(value, "value", UNITS_EN.get(unit, "") if _en(language) else unit)


def measure_amount(value: Any, measure: Any, language: str | None = "ko") -> str:
    """A value of a measure with the measure's unit: 1,234,567원 · 8,758개 (1,234,567 won · 8,758 jobs)."""
    unit = ""
    if measure is not None and hasattr(measure, "get_unit_display"):
        unit = one_language(measure.get_unit_display(), "ko")
    return with_unit(value, unit, language)


# ---------------------------------------------------------------- rows

# Rows about a ledger value: what it is about comes from these keys, in words, and they are not repeated below.
SUBJECT_KEYS = {"ledger.fact": ["program", "org_unit", "measure", "funding_source", "period"],
                "access.membership": ["user", "role", "org_unit"]}


def _collect(refs: _Refs, object_type: str, data: dict[str, Any] | None) -> None:
    model = _model(object_type)
    if model is None or not isinstance(data, dict):
        return
    for key, value in data.items():
        f = _field(model, key)
        if f is not None and f.is_relation:
            refs.need(f, value)
        elif key == "shares" and isinstance(value, dict):
            src = _field(_model("programs.programfunding"), "source")
            if src is not None:
                for code in value:
                    refs.need(src, code)


def _subject(fmt: _Formatter, e: AuditEntry) -> str:
    keys = SUBJECT_KEYS.get(e.object_type)
    data = e.after if isinstance(e.after, dict) else e.before if isinstance(e.before, dict) else None
    if keys and data and all(k in data for k in keys):
        parts = [fmt.value(e.object_type, k, data[k], data) for k in keys]
        if e.object_type == "ledger.fact" and data.get("funding_source") == "total":
            parts.pop(3)  # the total is what a value is unless it says otherwise
        return " · ".join(p for p in parts if p)
    live = fmt.refs.objects.get((e.object_type, e.object_id))
    if live is not None and _en(fmt.language):  # the name at the time in Korean; an English page in English
        code = getattr(live, "code", "")
        return f"{name_of(live, fmt.language)} ({code})" if code else name_of(live, fmt.language)
    return one_language(e.object_repr, fmt.language)


def _lines(fmt: _Formatter, e: AuditEntry) -> list[Line]:
    before = e.before if isinstance(e.before, dict) else {}
    after = e.after if isinstance(e.after, dict) else {}
    skip = set(SUBJECT_KEYS.get(e.object_type, []))  # said once, in the subject
    out = []
    for key in [*before, *(k for k in after if k not in before)]:
        name = key[:-3] if key.endswith("_id") else key
        if name in labels.HIDDEN or key in labels.HIDDEN or key in skip:
            continue
        b = fmt.value(e.object_type, key, before.get(key), before)
        a = fmt.value(e.object_type, key, after.get(key), after)
        if b == a:
            continue
        out.append(Line(label_of(e.object_type, key, fmt.language), b, a))
    return out


def _item(fmt: _Formatter, e: AuditEntry) -> str:
    """One value a batch changed, on one line: 서울 시민안심 일자리 · 경제정책실 · 지출액 · 2021년 5월: 1,000원 → 2,000원."""
    lines = _lines(fmt, e)
    value_label = label_of(e.object_type, "value", fmt.language)
    values = [ln for ln in lines if ln.label == value_label]
    if values:  # a ledger value: the amount is what changed (its as-of date goes with it)
        ln = values[0]
        changed = f"{ln.before} → {ln.after or NONE}" if ln.before else (ln.after or NONE)
    else:
        changed = "; ".join(ln.text(fmt.language) for ln in lines)
    subject = _subject(fmt, e)
    return f"{subject}: {changed}" if changed else subject


def _other_batch(e: AuditEntry, s: dict[str, Any], language: str) -> str:
    """A batch that is not an import (a screening, a selection): what it counted, by label ("신청서 수: 3 · 자격: 3")."""
    parts = []
    for key, value in s.items():
        if key in labels.HIDDEN or key == "round" or value in (None, "", [], {}):
            continue
        label = label_of(e.object_type, key, language)
        if isinstance(value, bool):
            text = _yes_no(value, language)
        elif isinstance(value, int | float):
            text = format_count(value)
        elif isinstance(value, list):
            text = _short(", ".join(one_language(str(v), language) for v in value))
        elif key.endswith("date") or key in ("as_of", "on"):
            text = _date(value)
        else:
            text = _short(one_language(str(value), language))
        parts.append(f"{label}: {text}")
    return " · ".join(parts)


def _batch_summary(e: AuditEntry, language: str) -> str:
    s = e.after if isinstance(e.after, dict) else {}
    if not any(k in s for k in ("created", "changed", "unchanged")):
        return _other_batch(e, s, language)
    n = {k: format_count(int(s.get(k) or 0)) for k in ("created", "changed", "unchanged", "warnings")}
    if _en(language):
        text = f"{n['created']} new, {n['changed']} changed, {n['unchanged']} unchanged"
        if s.get("warnings"):
            text += f", {n['warnings']} warnings"
        where = ", ".join(x for x in (str(s.get("file") or ""),
                                      f"{format_count(int(s['rows']))} rows" if s.get("rows") else "") if x)
        return f"{where}: {text}" if where else text
    text = f"신규 {n['created']}건, 변경 {n['changed']}건, 동일 {n['unchanged']}건"
    if s.get("warnings"):
        text += f", 경고 {n['warnings']}건"
    where = ", ".join(x for x in (str(s.get("file") or ""),
                                  f"{format_count(int(s['rows']))}행" if s.get("rows") else "") if x)
    return f"{where}: {text}" if where else text


def describe_changes(entries: Iterable[AuditEntry], language: str | None = "ko",
                     hidden_units: set[str] | None = None, batch_items: int = BATCH_ITEMS) -> list[Described]:
    """Every row in words (see the module). `hidden_units`: codes of units the reader may not see, left out of
    the implementing units. A batch's summary row lists up to `batch_items` of the values the batch changed."""
    lang = "en" if _en(language) else "ko"
    rows = list(entries)
    summaries = [e for e in rows if e.action == AuditEntry.Action.IMPORT and e.batch_id]
    members: dict[str, list[AuditEntry]] = defaultdict(list)
    counts: dict[str, int] = {}
    for s in summaries:
        qs = (AuditEntry.objects.filter(batch_id=s.batch_id).exclude(pk=s.pk)
              .exclude(action=AuditEntry.Action.IMPORT).order_by("id"))
        counts[s.batch_id] = qs.count()
        members[s.batch_id] = list(qs[:batch_items])
    refs = _Refs()
    for e in [*rows, *(m for ms in members.values() for m in ms)]:
        _collect(refs, e.object_type, e.before)
        _collect(refs, e.object_type, e.after)
    refs.fetch()
    if lang == "en":
        refs.fetch_objects(rows)
    fmt = _Formatter(refs, lang, hidden_units)
    out = []
    for e in rows:
        d = Described(entry=e, kind=labelled(OBJECT_TYPES, e.object_type, lang), subject=_subject(fmt, e),
                      lines=[], action=one_language(e.get_action_display(), lang),
                      source=labelled(SOURCES, e.source, lang))
        if e in summaries:
            items = []
            for m in members[e.batch_id]:
                items.append(_item(fmt, m))
            d.batch = Batch(summary=_batch_summary(e, lang), items=items,
                            more=max(0, counts[e.batch_id] - len(items)), batch_id=e.batch_id)
        else:
            d.lines = _lines(fmt, e)
        out.append(d)
    return out


def describe_change(entry: AuditEntry, language: str | None = "ko", hidden_units: set[str] | None = None
                    ) -> Described:
    """One row in words (see describe_changes)."""
    return describe_changes([entry], language, hidden_units)[0]
