"""Publishing a report: build it, freeze its body and figures, audit it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.text import slugify

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record, snapshot
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.core.reportbuilders import build

from .models import Publication


def figures_digest(figures: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def publication_create(*, actor: Any, kind: str, subject: str, as_of: dt.date, params: dict[str, Any] | None = None,
                       note: str = "") -> Publication:
    """Freeze the report as it is now. The next publication of the same report points back to this one."""
    from django.conf import settings
    from django.utils import translation

    # An edition is the city's official text: Korean, whichever language the publishing officer's page is in.
    with translation.override(settings.LANGUAGE_CODE):
        report = build(kind, subject, as_of, params)
        body = render_to_string(report.body_template, {**report.context, "printing": True})
    if report.blockers:  # a mandatory item is missing (a job plan): nothing is published, every item is named
        raise ServiceError(list(report.blockers))
    try:
        with transaction.atomic():
            last = (Publication.objects.select_for_update().filter(kind=kind, subject=subject)
                    .order_by("-sequence").first())
            seq = (last.sequence if last else 0) + 1
            slug = slugify(f"{kind}-{subject}-{as_of:%Y%m%d}-{seq}", allow_unicode=False) or f"{kind}-{seq}"
            pub = Publication.objects.create(
                slug=slug, kind=kind, subject=subject, sequence=seq, title=report.title, as_of=as_of,
                params=report.params, body_html=body, figures=report.figures,
                data_sha256=figures_digest(report.figures), published_by=actor if getattr(actor, "pk", None) else None,
                note=note, previous=last)
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=pub, before=None,
                         after=snapshot(pub, fields=["slug", "kind", "subject", "sequence", "title", "as_of", "params",
                                                     "data_sha256"]), reason=note)
    except IntegrityError as exc:  # two people published the same report at the same moment
        raise ConflictError(Problem(ErrorCode.CONFLICT, "같은 보고서가 동시에 공표되었습니다. 목록을 새로 고쳐 확인하십시오",
                                    "the same report was published at the same moment; reload the list")) from exc
    return pub


def latest_sequence(kind: str, subject: str) -> int:
    return Publication.objects.filter(kind=kind, subject=subject).aggregate(m=Max("sequence"))["m"] or 0


def compare(new: Publication, old: Publication | None) -> list[dict[str, Any]]:
    """Every figure that differs between two publications: label, before, after and the change where both are
    numbers (as printed: 34,034 / △806 / 82.3)."""
    if old is None:
        return []
    out = []
    for key in sorted(set(new.figures) | set(old.figures), key=lambda k: (list(new.figures).index(k)
                                                                        if k in new.figures else 10**6, k)):
        a, b = old.figures.get(key), new.figures.get(key)
        if a == b:
            continue
        out.append({"label": key, "before": a, "after": b, "change": _change(a, b)})
    return out


def _change(a: Any, b: Any) -> str:
    from decimal import Decimal, InvalidOperation

    from iljari.core.numbers import NEGATIVE_MARK, NONE_MARK

    def num(v: Any) -> Decimal | None:
        if v is None or v == NONE_MARK:
            return None
        try:
            return Decimal(str(v).replace(",", "").replace(NEGATIVE_MARK, "-"))
        except InvalidOperation:
            return None

    x, y = num(a), num(b)
    if x is None or y is None:
        return ""
    d = y - x
    text = f"{abs(d):,f}".rstrip("0").rstrip(".") if d != d.to_integral_value() else f"{abs(d):,.0f}"
    return ("+" if d > 0 else NEGATIVE_MARK if d < 0 else "") + text
