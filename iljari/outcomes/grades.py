"""Graded evaluation (issue 18 §4), without models: a grading scheme as dated data, and a program's score, grade
and reasons from its figures. The services that store grades are in outcomes.grading.

A scheme (`GradingScheme.data`, valid from a day) holds, for each program type (a job type or subtype code, or
"*" for any other type), the indicators it uses with weights adding to 100; the grade bands with their lowest
score; the suggested budget cut for 감액; and the floor below which a program goes to a sunset review.

The score of one indicator (docs/outcomes.md, "Grades"): a program at or better than the indicator's minimum
standard gets the indicator's full weight; below it, the weight in proportion to how close it came (value ÷
standard for an indicator where higher is better; standard ÷ value for a ceiling such as repeated participation).
An indicator with no standard gives full weight when it has a value. An indicator with no value ('-': nothing to
count yet) is left out and the other weights are scaled up to 100; a program with no value at all is not graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

EXCELLENT, GOOD, IMPROVE, CUT = "excellent", "good", "improve", "cut"
GRADE_WORDS = {EXCELLENT: ("우수", "Excellent"), GOOD: ("양호", "Good"), IMPROVE: ("개선필요", "Needs improvement"),
               CUT: ("감액", "Cut")}
SUNSET_TWICE, SUNSET_FLOOR = "twice", "floor"
SUNSET_WORDS = {SUNSET_TWICE: ("2년 연속 감액", "graded Cut two years in a row"),
                SUNSET_FLOOR: ("점수 하한 미달", "score below the floor")}

# The scheme shipped from 2021-01-01 (docs/outcomes.md explains the weights).
SCHEME_2021: dict[str, Any] = {
    "types": {
        "direct": {"private_move": 25, "employed_within": 15, "retained": 10, "vulnerable_share": 20,
                   "repeat_participation": 15, "execution_rate": 15},
        "training": {"employed_within": 40, "retained": 35, "execution_rate": 25},
        "employment_service": {"employed_within": 40, "retained": 35, "execution_rate": 25},
        # no "*": a type without person-level indicators yet (subsidies, start-up support, infrastructure) is not
        # graded on its budget execution alone; the counts-based evaluation (iljari/evaluation) covers that
    },
    "bands": [[EXCELLENT, 95], [GOOD, 80], [IMPROVE, 60], [CUT, 0]],
    "cut_percent": 10,
    "sunset_floor": 40,
    # a program is graded only when indicators carrying at least this share of its type's weight have a value: a
    # direct job without a participant list is not judged on its budget execution alone
    "min_coverage": 50,
}


def grade_words(grade: str, lang: str = "ko") -> str:
    """A grade in the page's language; "등급 없음" / "Not graded" when there is none."""
    ko, en = GRADE_WORDS.get(grade, ("등급 없음", "Not graded"))
    return en if lang == "en" else ko


def sunset_words(reason: str, lang: str = "ko") -> str:
    """Why a program goes to the sunset review, in words; "" when it does not."""
    ko, en = SUNSET_WORDS.get(reason, ("", ""))
    return en if lang == "en" else ko


def validate(data: dict[str, Any]) -> list[str]:
    """What is wrong with a scheme, in words (empty: nothing)."""
    out = []
    types = data.get("types") or {}
    if not types:
        out.append("no program type")
    for t, weights in types.items():
        if sum(Decimal(str(w)) for w in weights.values()) != 100:
            out.append(f"{t}: the weights do not add to 100")
        if any(Decimal(str(w)) <= 0 for w in weights.values()):
            out.append(f"{t}: a weight is not positive")
    bands = [b[0] for b in data.get("bands") or []]
    if bands != [EXCELLENT, GOOD, IMPROVE, CUT]:
        out.append("the bands must be excellent, good, improve, cut")
    coverage = data.get("min_coverage", 0)
    if not 0 <= Decimal(str(coverage)) <= 100:
        out.append("min_coverage must be between 0 and 100")
    lows = [Decimal(str(b[1])) for b in data.get("bands") or []]
    if lows != sorted(lows, reverse=True) or (lows and lows[-1] != 0):
        out.append("the bands' lowest scores must fall, the last at 0")
    return out


def weights_for(data: dict[str, Any], type_codes: list[str]) -> dict[str, int]:
    """The weights for a program of these types (its subtype first, then its job type, then "*")."""
    types = data["types"]
    for code in type_codes:
        if code and code in types:
            return dict(types[code])
    return dict(types.get("*", {}))


@dataclass
class Input:
    """One indicator of a program: its names, unit, value (None: '-'), standard and direction."""

    code: str
    name_ko: str
    name_en: str
    unit: str
    value: Decimal | None
    minimum: Decimal | None
    higher_is_better: bool = True


@dataclass
class Result:
    score: Decimal | None
    grade: str  # "" when not graded
    reasons_ko: list[str] = field(default_factory=list)
    reasons_en: list[str] = field(default_factory=list)
    points: dict[str, dict[str, Any]] = field(default_factory=dict)


def _q(x: Decimal, places: str = "0.1") -> Decimal:
    return x.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _n(w: Decimal) -> str:
    """A weight as written: 25, 12.5."""
    return f"{w:f}".rstrip("0").rstrip(".") if "." in f"{w:f}" else f"{w:f}"


def shown(value: Decimal | None, unit: str, lang: str) -> str:
    if value is None:
        return "-"
    if unit == "percent":
        return f"{_q(Decimal(value))}%"
    n = int(_q(Decimal(value), "1"))
    if unit == "won":
        return f"{n:,}원" if lang == "ko" else f"{n:,} won"
    return f"{n:,}명" if lang == "ko" else f"{n:,} people"


def grade_of(data: dict[str, Any], score: Decimal) -> str:
    for band, low in data["bands"]:
        if score >= Decimal(str(low)):
            return str(band)
    return CUT


def evaluate(data: dict[str, Any], type_codes: list[str], inputs: dict[str, Input],
             names: dict[str, tuple[str, str]] | None = None) -> Result:
    """The score (0-100, one decimal), the grade and the reasons of one program (`names`: each indicator's
    Korean and English name, for one the program has no figure of)."""
    names = names or {}
    weights = weights_for(data, type_codes)
    if not weights:
        return Result(None, "", ["이 사업 유형에 적용할 성과 지표가 등급 체계에 없어 등급을 매기지 않았습니다 (실적 평가는 사업 평가에서)"],
                      ["The grading scheme has no outcome indicator for this program type: not graded (its counts "
                       "are evaluated under Evaluation)"], {})
    ko: list[str] = []
    en: list[str] = []
    points: dict[str, dict[str, Any]] = {}
    earned, counted = Decimal(0), Decimal(0)
    # in the indicators' own order (`names`), not the scheme's: PostgreSQL's jsonb keeps no key order
    rank = {code: i for i, code in enumerate(names)}
    for code, weight in sorted(weights.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])):
        w = Decimal(str(weight))
        i = inputs.get(code)
        if i is None or i.value is None:
            name_ko, name_en = (i.name_ko, i.name_en) if i else names.get(code, (code, code))
            ko.append(f"산출 불가(제외, 나머지 배점으로 환산): {name_ko}")
            en.append(f"Not computable (left out, the other weights scaled): {name_en}")
            points[code] = {"weight": float(w), "value": None, "minimum": None, "points": None}
            continue
        v = Decimal(i.value)
        m = None if i.minimum is None else Decimal(i.minimum)
        if m is None:
            got, meets = w, True
        elif i.higher_is_better:
            meets = v >= m
            got = w if meets else (w * v / m if m > 0 else Decimal(0))
        else:
            meets = v <= m
            got = w if meets else (w * m / v if v > 0 else w)
        got = _q(max(got, Decimal(0)))
        earned += got
        counted += w
        vk, ve = shown(v, i.unit, "ko"), shown(v, i.unit, "en")
        if m is None:
            ko.append(f"{i.name_ko} {vk}: 기준 없음, {got}/{_n(w)}점")
            en.append(f"{i.name_en} {ve}: no standard, {got}/{_n(w)} points")
        else:
            mk, me = shown(m, i.unit, "ko"), shown(m, i.unit, "en")
            if meets:
                ko.append(f"기준 충족: {i.name_ko} {vk} (기준 {mk}), {got}/{_n(w)}점")
                en.append(f"Meets the standard: {i.name_en} {ve} (standard {me}), {got}/{_n(w)} points")
            else:
                ko.append(f"최소 기준 미달: {i.name_ko} {vk} (기준 {mk}), {got}/{_n(w)}점")
                en.append(f"Below the minimum standard: {i.name_en} {ve} (standard {me}), "
                          f"{got}/{_n(w)} points")
        points[code] = {"weight": float(w), "value": float(v), "minimum": None if m is None else float(m),
                        "points": float(got)}
    if counted == 0:
        return Result(None, "", ["성과 수치가 없어 등급을 매기지 않았습니다"],
                      ["No figure to grade the program by"], points)
    # reasons: the shortfalls first
    order = sorted(range(len(ko)), key=lambda k: (not ko[k].startswith("최소 기준 미달"), k))
    total = sum((Decimal(str(w)) for w in weights.values()), Decimal(0))
    need = Decimal(str(data.get("min_coverage", 0)))
    if total and counted * 100 / total < need:
        return Result(None, "", [f"자료 부족: 값이 있는 지표의 배점이 {_n(counted)}점으로 {_n(need)}점에 못 미쳐 등급을 "
                                 "매기지 않았습니다", *[ko[k] for k in order]],
                      [f"Not enough data: the indicators with a value carry {_n(counted)} of the weight, less than "
                       f"{_n(need)}; not graded", *[en[k] for k in order]], points)
    score = _q(earned * 100 / counted)
    return Result(score, grade_of(data, score), [ko[k] for k in order], [en[k] for k in order], points)


def sunset_of(data: dict[str, Any], grade: str, score: Decimal | None, previous_grade: str | None) -> str:
    """Why the program goes to a sunset review: "twice" (감액 this year and the year before), "floor" (a score
    below the scheme's floor), or "" (it does not)."""
    if grade == CUT and previous_grade == CUT:
        return SUNSET_TWICE
    floor = data.get("sunset_floor")
    if score is not None and floor is not None and score < Decimal(str(floor)):
        return SUNSET_FLOOR
    return ""
