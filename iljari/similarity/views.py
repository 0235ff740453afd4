"""Similar programs: the portfolio's flagged pairs and "what is like this one?" for a program."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate
from iljari.core.errors import ServiceError
from iljari.core.redirects import safe_next
from iljari.programs.models import Program

from .engine import groups_of
from .models import PairReview
from .selectors import like_program, portfolio_pairs
from .services import pair_review_save, program_fingerprint


@gate("view")
def similar_to(request: HttpRequest, code: str) -> HttpResponse:
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    program = get_object_or_404(Program.objects.restrict(request.user, "view"), code=code)
    pairs = like_program(program, request.user)
    template = "similarity/_like.html" if request.headers.get("HX-Request") else "similarity/like.html"
    return render(request, template, {"program": program, "pairs": pairs})


def _programs(ids: set[int]) -> dict[int, Program]:
    return {p.pk: p for p in Program.objects.filter(pk__in=ids).prefetch_related("target_groups")}


def _reviews(pairs: list[Any]) -> dict[tuple[int, int], PairReview]:
    keys = {(min(p.a.id, p.b.id), max(p.a.id, p.b.id)) for p in pairs}
    found = PairReview.objects.filter(program_a_id__in={k[0] for k in keys}, program_b_id__in={k[1] for k in keys})
    return {(r.program_a_id, r.program_b_id): r for r in found.select_related("decided_by", "target")}


@gate("view")
def duplicates(request: HttpRequest) -> HttpResponse:
    """Flagged pairs to review (new, or changed since their decision) and those already decided."""
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    with_similar = request.GET.get("similar") == "1"
    pairs = portfolio_pairs(request.user, with_similar=with_similar)
    reviews = _reviews(pairs)
    programs = _programs({x for p in pairs for x in (p.a.id, p.b.id)} if reviews else set())
    prints: dict[int, str] = {}
    to_review: list[tuple[Any, PairReview | None]] = []
    decided: list[tuple[Any, PairReview | None]] = []
    for p in pairs:
        key = (min(p.a.id, p.b.id), max(p.a.id, p.b.id))
        review = reviews.get(key)
        if review is None:
            to_review.append((p, None))
            continue
        for pid in key:
            if pid not in prints:
                prints[pid] = program_fingerprint(programs[pid])
        current = review.fingerprint_a == prints[key[0]] and review.fingerprint_b == prints[key[1]]
        (decided if current else to_review).append((p, review))
    from django.core.paginator import Paginator

    page = Paginator(to_review, 50).get_page(request.GET.get("page"))
    return render(request, "similarity/pairs.html", {
        "to_review": page.object_list, "page": page, "to_review_count": len(to_review), "decided": decided, "with_similar": with_similar, "groups": groups_of(pairs),
        "can_decide": policy.allows(request.user, "decide_pair"),
        "relations": PairReview.Relation.choices, "decisions": PairReview.Decision.choices})


@gate("decide_pair", methods=("POST",))
def decide(request: HttpRequest) -> HttpResponse:
    from django.contrib import messages

    if not policy.allows(request.user, "decide_pair"):
        raise PermissionDenied
    visible = Program.objects.restrict(request.user, "view")
    first = get_object_or_404(visible, code=request.POST.get("a", ""))
    second = get_object_or_404(visible, code=request.POST.get("b", ""))
    english = (get_language() or "ko").startswith("en")  # the programs by name in the page's language, not codes
    names = {"a": (english and first.name_en) or first.name_ko, "b": (english and second.name_en) or second.name_ko}
    target_code = request.POST.get("target", "")
    target = {first.code: first, second.code: second}.get(target_code) if target_code else None
    try:
        score = float(request.POST.get("score") or "nan")
    except ValueError:
        score = float("nan")
    try:
        pair_review_save(actor=request.user, first=first, second=second, relation=request.POST.get("relation", ""),
                         decision=request.POST.get("decision", ""), reason=request.POST.get("reason", "")[:2000],
                         target=target, score=None if score != score else score,
                         expected_version=int(request.POST.get("version") or 0) or None)
    except ServiceError as exc:
        for p in exc.problems:
            messages.error(request, f"{names['a']} ~ {names['b']}: {p.text()}")
    else:
        messages.success(request, _("%(a)s ~ %(b)s: the decision is recorded.") % names)
    return safe_next(request, "web:duplicates")


@gate("view")
def planning(request: HttpRequest) -> HttpResponse:
    """Next year's planning list: every program running in the year with the decisions taken on its pairs."""
    if not policy.allows(request.user, "view"):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year + 1)
    except ValueError:
        year = timezone.localdate().year + 1
    if not 2000 <= year <= 2100:  # year=0 or a number beyond bigint would fail in the date lookups below
        year = timezone.localdate().year + 1
    visible = Program.objects.restrict(request.user, "view")
    programs = list(visible.filter(Q(start__isnull=True) | Q(start__year__lte=year))
                    .filter(Q(end__isnull=True) | Q(end__year__gte=year - 1))
                    .select_related("owner_org").order_by("owner_org__path", "code"))
    ids = [p.pk for p in programs]
    # Only decisions on pairs the user may see whole: another district's program, its decision and the reason
    # are not theirs to read.
    reviews = PairReview.objects.filter(Q(program_a_id__in=ids) | Q(program_b_id__in=ids))
    if not policy.grant(request.user, "view").everywhere:
        seen = visible.values("pk")
        reviews = reviews.filter(program_a_id__in=seen, program_b_id__in=seen)
    reviews = reviews.select_related("program_a", "program_b", "target")
    feedback: dict[int, list[tuple[PairReview, Program]]] = {}
    for r in reviews:
        feedback.setdefault(r.program_a_id, []).append((r, r.program_b))
        feedback.setdefault(r.program_b_id, []).append((r, r.program_a))
    rows = [(p, feedback.get(p.pk, [])) for p in programs]
    if request.GET.get("only") == "feedback":
        rows = [r for r in rows if r[1]]
    return render(request, "similarity/planning.html", {"rows": rows, "year": year,
                                                        "only": request.GET.get("only", "")})
