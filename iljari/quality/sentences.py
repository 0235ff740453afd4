"""Rules and violations in words, read off the rule's own expressions (so a rule an administrator adds reads
as well as the shipped ones):

    expenditure <= budget          지출액 누계는 예산현액을 넘으면 안 됩니다.
    job_result >= job_result.prev  누계 실적이 전월보다 줄어들면 안 됩니다.

and a violation: "서울 시민안심 일자리 (경제정책실), 2021년 5월: 지출액 누계 7,000원이 예산현액 5,000원을 2,000원
넘습니다." Korean particles fit the word before them (iljari.core.korean); English pages get English.
"""

from __future__ import annotations

import ast
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from iljari.core.korean import josa
from iljari.core.numbers import format_count, format_quantity
from iljari.core.periods import Period, PeriodError

from .expressions import MEASURES, ExpressionError, Ref, references

KIND_WORDS = {
    "target": ("일자리 목표", "the job target"),
    "result": ("누계 실적", "the cumulative result"),
    "budget": ("예산현액", "the budget"),
    "commitment": ("원인행위액 누계", "cumulative commitments"),
    "expenditure": ("지출액 누계", "cumulative expenditure"),
}
SOURCE_WORDS = {"national": ("국비", "national"), "city": ("시비", "city"), "district": ("구비", "district"),
                "other": ("기타 재원", "other-source"), "total": ("총", "total")}
MONEY_KINDS = {"budget", "commitment", "expenditure"}


def _en(language: str | None) -> bool:
    return (language or "ko").startswith("en")


def _ref_words(ref: Ref, language: str) -> str:
    ko, en = KIND_WORDS.get(ref.kind, (ref.kind, ref.kind))
    if ref.source:
        sko, sen = SOURCE_WORDS.get(ref.source, (ref.source, ref.source))
        if ref.source == "total":
            ko, en = f"{ko} 총액", f"{en} in total"
        else:
            ko, en = f"{sko} {ko}", en.replace("the ", f"the {sen} ", 1) if en.startswith("the ") else f"{sen} {en}"
    if ref.prev:
        ko, en = f"전월 {ko}", f"last month's {en.removeprefix('the ')}"
    if ref.children:
        ko, en = f"하위 조직의 {ko} 합", f"the sum of {en.removeprefix('the ')} of the units below"
    return en if _en(language) else ko


def _ref_of(node: ast.AST) -> Ref | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in MEASURES:
        return None
    source = next((p for p in parts if p != "prev"), "")
    return Ref(MEASURES[node.id], source, "prev" in parts)


def _terms(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_terms(node.left), *_terms(node.right)]
    return [node]


def _number(value: float) -> str:
    return format_quantity(str(value))


def phrase(node: ast.AST | str, language: str = "ko") -> str:
    """An expression in words: `budget.city + budget.district` -> 시비 예산현액과 구비 예산현액의 합."""
    if isinstance(node, str):
        node = ast.parse(node.strip(), mode="eval").body
    en = _en(language)
    ref = _ref_of(node)
    if ref is not None:
        return _ref_words(ref, language)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "children" and node.args:
        inner = _ref_of(node.args[0])
        if inner is not None:
            return _ref_words(Ref(inner.kind, inner.source, inner.prev, children=True), language)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return _number(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return f"minus {phrase(node.operand, language)}" if en else f"{phrase(node.operand, language)}의 음수"
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add):
            terms = _terms(node)
            refs = [_ref_of(t) for t in terms]
            if all(r is not None and r.source and r.source != "total" for r in refs) and \
                    len({(r.kind, r.prev) for r in refs if r is not None}) == 1:
                first = refs[0]
                assert first is not None
                ko, en_word = KIND_WORDS.get(first.kind, (first.kind, first.kind))
                sources = [SOURCE_WORDS.get(r.source, (r.source, r.source)) for r in refs if r is not None]
                if en:
                    names = [s[1] for s in sources]
                    return f"the {', '.join(names[:-1])} and {names[-1]} {en_word.removeprefix('the ')} added up"
                return f"{'·'.join(s[0] for s in sources)} {ko}의 합"
            words = [phrase(t, language) for t in terms]
            if en:
                return f"the sum of {', '.join(words[:-1])} and {words[-1]}"
            return f"{', '.join([*words[:-2], josa(words[-2], '와')])} {words[-1]}의 합"
        a, b = phrase(node.left, language), phrase(node.right, language)
        if isinstance(node.op, ast.Sub):
            return f"{a} minus {b}" if en else f"{josa(a, '에서')} {josa(b, '를')} 뺀 값"
        if isinstance(node.op, ast.Mult):
            if isinstance(node.left, ast.Constant):
                a, b = b, a
                times = _number(node.left.value)  # type: ignore[arg-type]
            elif isinstance(node.right, ast.Constant):
                times = _number(node.right.value)  # type: ignore[arg-type]
            else:
                return f"{a} times {b}" if en else f"{josa(a, '와')} {b}의 곱"
            pct = format_quantity(str(float(times.replace(",", "")) * 100))
            return f"{pct}% of {a}" if en else f"{a}의 {pct}%"
        if isinstance(node.op, ast.Div):
            return f"{a} divided by {b}" if en else f"{josa(a, '를')} {josa(b, '로')} 나눈 값"
    return ast.unparse(node)


def _is_prev_of(left: str, right: str) -> bool:
    try:
        lr, rr = references(left), references(right)
    except ExpressionError:
        return False
    if len(lr) != 1 or len(rr) != 1:
        return False
    (a,), (b,) = lr, rr
    return b.prev and not a.prev and (a.kind, a.source, a.children) == (b.kind, b.source, b.children)


def rule_sentence(rule: Any, language: str = "ko") -> str:
    """What a rule asks for, as a sentence."""
    en = _en(language)
    if rule.kind == "missing_report":
        day = rule.deadline_day
        if en:
            return f"Each month's result must be entered by day {day} of the following month."
        return f"월별 실적은 다음 달 {day}일까지 입력해야 합니다."
    try:
        L, R = phrase(rule.left, language), phrase(rule.right, language)
    except (SyntaxError, ValueError):
        return f"{rule.left} {rule.operator} {rule.right}"
    op = rule.operator
    if en:
        L_cap = L[:1].upper() + L[1:]
        if op == ">=" and _is_prev_of(rule.left, rule.right):
            return f"{L_cap} must never fall below last month's."
        return {"<=": f"{L_cap} must not exceed {R}.", "<": f"{L_cap} must be less than {R}.",
                "==": f"{L_cap} must equal {R}.", "!=": f"{L_cap} must differ from {R}.",
                ">=": f"{L_cap} must be at least {R}.", ">": f"{L_cap} must be greater than {R}."}[op]
    if op == ">=" and _is_prev_of(rule.left, rule.right):
        return f"{josa(L, '이')} 전월보다 줄어들면 안 됩니다."
    return {"<=": f"{josa(L, '은')} {josa(R, '을')} 넘으면 안 됩니다.",
            "<": f"{josa(L, '은')} {R}보다 작아야 합니다.",
            "==": f"{josa(L, '은')} {josa(R, '와')} 같아야 합니다.",
            "!=": f"{josa(L, '은')} {josa(R, '와')} 달라야 합니다.",
            ">=": f"{josa(L, '은')} {R} 이상이어야 합니다.",
            ">": f"{josa(L, '은')} {R}보다 커야 합니다."}[op]


def _money(expression: str) -> bool:
    try:
        return any(r.kind in MONEY_KINDS for r in references(expression))
    except ExpressionError:
        return False


def amount(value: float | None, money: bool, language: str = "ko") -> str:
    """A rule's side as a figure: 7,000,000원 / 1,234개 (won / jobs in English), △ for negatives."""
    if value is None:
        return "-"
    exact = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = format_count(exact) if exact == exact.to_integral_value() else format_quantity(exact)
    if _en(language):
        return f"{text} won" if money else f"{text} jobs"
    return f"{text}원" if money else f"{text}개"


def period_words(period_id: str, language: str = "ko") -> str:
    try:
        return Period.parse(period_id).label(language)
    except PeriodError:
        return period_id


def violation_sentence(v: Any, language: str = "ko", subject: bool = True) -> str:
    """What is wrong, in words, with the program, the unit, the period and the figures (`subject=False`: without
    the program, unit and period, for a table whose row already names them)."""
    en = _en(language)
    rule = v.rule
    program = (getattr(v, "program_name_en", "") if en else "") or v.program_name or v.program_code
    org = (getattr(v, "org_name_en", "") if en else "") or v.org_name or v.org_code
    when = period_words(v.period, language)
    head = f"{program} ({org}), {when}: " if subject else ""
    if rule.kind == "missing_report" or v.left is None:
        if en:
            return head + ("N" if not head else "n") + f"o result was entered for {when} by the deadline (day {rule.deadline_day} of the next month)."
        return head + f"마감일(다음 달 {rule.deadline_day}일)이 지났는데 {when} 실적이 입력되지 않았습니다."
    L, R = phrase(rule.left, language), phrase(rule.right, language)
    money = _money(rule.left) or _money(rule.right)
    lv, rv = amount(v.left, money, language), amount(v.right, money, language)
    diff = amount(abs((v.left or 0) - (v.right or 0)), money, language)
    op = rule.operator
    prev = _is_prev_of(rule.left, rule.right)
    if en:
        L_cap = L[:1].upper() + L[1:]
        text: str = {"<=": f"{L_cap} ({lv}) exceeds {R} ({rv}) by {diff}.",
                "<": f"{L_cap} ({lv}) is not less than {R} ({rv}).",
                "==": f"{L_cap} ({lv}) differs from {R} ({rv}) by {diff}.",
                "!=": f"{L_cap} and {R} are both {lv}.",
                ">=": (f"{L_cap} fell from {rv} last month to {lv} ({diff} less)." if prev
                       else f"{L_cap} ({lv}) is {diff} below {R} ({rv})."),
                ">": f"{L_cap} ({lv}) is not above {R} ({rv})."}[op]
        return head + text
    text = {"<=": f"{L} {josa(lv, '이')} {R} {josa(rv, '을')} {diff} 넘습니다.",
            "<": f"{L} {josa(lv, '이')} {R} {rv}보다 작지 않습니다.",
            "==": f"{L} {josa(lv, '이')} {R} {josa(rv, '와')} {diff} 다릅니다.",
            "!=": f"{josa(L, '와')} {josa(R, '이')} 모두 {lv}입니다.",
            ">=": (f"{josa(L, '이')} 전월 {josa(rv, '에서')} {josa(lv, '으로')} {diff} 줄었습니다." if prev
                   else f"{L} {josa(lv, '이')} {R} {rv}보다 {diff} 적습니다."),
            ">": f"{L} {josa(lv, '이')} {R} {rv}보다 크지 않습니다."}[op]
    return head + text
