"""A year's evaluation of each program (사업 평가): achievement, execution, cost per job and, where recorded, the
share of participants placed in jobs; weighted into a score and graded 우수 / 보통 / 미흡 with the reasons.

Components (each 0-100): achievement = result / target (capped at 100 %); execution = expenditure / budget
(capped); cost = 100 × (median cost per job of programs of the same subtype, or type, that year) / this
program's cost per job (capped; cheaper than the median scores 100); placement = people placed (취업 인원) /
result. A component without data is left out and the weights of the others are rescaled, so a program is not
punished for what its office does not record; the reasons say which were left out.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iljari.core.labels import one_language
from iljari.core.numbers import Rounding, format_amount, format_percent, rate
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Measure, Program

from .models import EvaluationScheme

EXCELLENT, ADEQUATE, WEAK = "우수", "보통", "미흡"


@dataclass
class Component:
    name: str
    value: Decimal | None  # the measure (a rate in %, or won per job)
    score: Decimal | None
    weight: Decimal
    text: str


@dataclass
class ProgramEvaluation:
    program: Program
    year: int
    figures: dict[str, int | None]
    components: list[Component]
    total: Decimal | None
    grade: str  # 우수 / 보통 / 미흡 / -
    reasons: list[str] = field(default_factory=list)


def scheme_for(year: int) -> EvaluationScheme:
    found = EvaluationScheme.objects.filter(valid_from__lte=year).order_by("-valid_from").first()
    return found or EvaluationScheme(valid_from=0)


def _placed(program_ids: list[int], year: int, scope: OrgUnit | None = None) -> dict[int, int]:
    """People placed in jobs (cumulative) at the year's end per program, summed over units (those of `scope`'s
    subtree if given) and sources."""
    from iljari.ledger.services import _latest_rows

    measure = Measure.objects.filter(code="people_placed").first()
    if measure is None or not program_ids:
        return {}
    within = (set(OrgUnit.objects.filter(path__startswith=scope.path).values_list("pk", flat=True))
              if scope is not None else None)
    best: dict[tuple[int, int, int], tuple[Any, Any, int]] = {}
    for _id, p, o, _m, src, _period, value, as_of, ref, _year in _latest_rows(program_ids, {year}, {measure.pk}):
        if within is not None and o not in within:
            continue
        key = (p, o, src)
        if key not in best or (ref, as_of) > best[key][:2]:
            best[key] = (ref, as_of, value)
    out: dict[int, int] = {}
    for (p, _o, _s), (_r, _a, v) in best.items():
        out[p] = out.get(p, 0) + v
    return out


def _cap(x: Decimal | None) -> Decimal | None:
    return None if x is None else max(Decimal(0), min(Decimal(100), x))


def _cost_per_job(figures: dict[int, dict[str, Any]]) -> dict[int, Decimal]:
    return {pid: Decimal(f["expenditure"]) / Decimal(f["result"]) for pid, f in figures.items()
            if f.get("expenditure") is not None and f.get("result")}


def _kind(subtype: str | None, job_type: str) -> str:
    return subtype or job_type


# A local officer is shown a same-type median only when it is made of at least this many programs: a median of
# two or three programs (one of them shared with another district) would let them work out another district's
# figures from how their score moves (the threshold rule of statistical disclosure control).
MIN_PEERS_FOR_LOCAL = 5


def type_medians(year: int, *, min_peers: int = 0) -> dict[str, Decimal]:
    """The median cost per job of each subtype (or type) over every program with figures that year, from whole-
    program figures at the year's end: one benchmark for the year, the same whoever looks. `min_peers`: leave
    out groups of fewer programs."""
    from iljari.ledger.figures import program_figures

    kinds = {pk: _kind(sub, jt) for pk, jt, sub in Program.objects.values_list("pk", "job_type__code",
                                                                               "subtype__code")}
    peers: dict[str, list[Decimal]] = {}
    for pid, per_job in _cost_per_job(program_figures(list(kinds), year, 12)).items():
        peers.setdefault(kinds[pid], []).append(per_job)
    return {k: Decimal(statistics.median(v)) for k, v in peers.items() if len(v) >= min_peers}


def evaluate(year: int, programs: list[Program], *, rounding: Rounding = Rounding.HALF_UP,
             scope: OrgUnit | None = None) -> list[ProgramEvaluation]:
    """Each program's evaluation. `scope` (a local officer's unit, ledger.figures.figures_scope): score only that
    unit's share of each program; the cost benchmark is the year's same-type median all the same."""
    from iljari.ledger.figures import program_figures

    scheme = scheme_for(year)
    ids = [p.pk for p in programs]
    figures = program_figures(ids, year, 12, scope=scope)
    placed = _placed(ids, year, scope)
    cost = _cost_per_job(figures)
    kind = {p.pk: _kind(p.subtype.code if p.subtype else None, p.job_type.code) for p in programs}
    median = type_medians(year, min_peers=MIN_PEERS_FOR_LOCAL if scope is not None else 0) if cost else {}
    out = []
    language = get_language()
    for p in programs:
        f = {**{k: None for k in ("target", "result", "budget", "commitment", "expenditure")}, **figures.get(p.pk, {})}
        f["placed"] = placed.get(p.pk)
        if all(v is None for v in f.values()):
            continue
        ach = rate(f["result"], f["target"]) if f["target"] else None
        exe = rate(f["expenditure"], f["budget"]) if f["budget"] else None
        c = cost.get(p.pk)
        m = median.get(kind[p.pk])
        cost_score = _cap(Decimal(100) * m / c) if c and m is not None else None
        share = rate(f["placed"], f["result"]) if f["placed"] is not None and f["result"] else None
        comps = [
            Component("달성률 / achievement", ach, _cap(ach), scheme.weight_achievement,
                      _("achievement %(rate)s%%") % {"rate": format_percent(ach, rounding)}),
            Component("집행률 / execution", exe, _cap(exe), scheme.weight_execution,
                      _("execution %(rate)s%%") % {"rate": format_percent(exe, rounding)}),
            Component("일자리당 비용 / cost per job", c, cost_score, scheme.weight_cost,
                      _("%(cost)s million won per job (median of the same type %(median)s million won)") % {
                          "cost": format_amount(c, rounding=rounding, places=1),
                          "median": format_amount(median.get(kind[p.pk]), rounding=rounding, places=1)}
                      if c and m is not None else
                      _("%(cost)s million won per job (not compared: fewer than %(n)s programs of the same type)")
                      % {"cost": format_amount(c, rounding=rounding, places=1), "n": MIN_PEERS_FOR_LOCAL}
                      if c else _("cost per job -")),
            Component("취업 연계 / placed in jobs", share, _cap(share), scheme.weight_transition,
                      _("placed in jobs %(rate)s%%") % {"rate": format_percent(share, rounding)}),
        ]
        used = [x for x in comps if x.score is not None and x.weight > 0]
        weight = sum((x.weight for x in used), Decimal(0))
        total = sum((x.score * x.weight for x in used), Decimal(0)) / weight if weight else None  # type: ignore[operator]
        if total is None:
            grade = "-"
        elif total >= scheme.excellent_from:
            grade = EXCELLENT
        elif total >= scheme.adequate_from:
            grade = ADEQUATE
        else:
            grade = WEAK
        reasons = [_("%(text)s → %(score)s points × weight %(weight)s") % {
            "text": x.text, "score": format_percent(x.score, rounding), "weight": f"{x.weight.normalize():f}"}
            for x in used]
        left_out = [one_language(x.name, language) for x in comps if x.score is None]
        if left_out:
            reasons.append(_("no data, its weight shared out: %(names)s") % {"names": ", ".join(left_out)})
        if total is not None:
            reasons.append(_("total %(total)s — excellent from %(excellent)s points, adequate from %(adequate)s "
                             "points, weak below") % {"total": format_percent(total, rounding),
                                                      "excellent": f"{scheme.excellent_from.normalize():f}",
                                                      "adequate": f"{scheme.adequate_from.normalize():f}"})
        out.append(ProgramEvaluation(p, year, f, comps, total, grade, reasons))
    return out
