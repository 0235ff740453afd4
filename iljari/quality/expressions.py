"""Rule expressions: a small, safe arithmetic language over month-end values, evaluated on whole columns.

    expenditure                 the value in force (the 'total' source, else the sum of the named sources)
    budget.city                 one funding source (national, city, district, other, total)
    job_result.prev             the same value at the end of the previous month of the same year
    children(job_result)        the sum over the units below this one for the same program
    1.5 * job_target, a + b - c, (a + b) / 2

Parsed with Python's `ast` and only these node kinds are accepted; anything else is a clear error.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MEASURES = {"job_target": "target", "job_result": "result", "budget": "budget", "commitment": "commitment",
            "expenditure": "expenditure"}
SOURCES = {"national", "city", "district", "other", "total"}


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Ref:
    """A value an expression reads: measure (kind), source ('' = in force), previous month, children's sum."""

    kind: str
    source: str = ""
    prev: bool = False
    children: bool = False

    @property
    def column(self) -> str:
        return f"{'children:' if self.children else ''}{self.kind}{'.' + self.source if self.source else ''}" \
               f"{'@prev' if self.prev else ''}"


def _ref(node: ast.AST) -> Ref:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        raise ExpressionError("expected a measure name")
    if node.id not in MEASURES:
        raise ExpressionError(f"unknown measure '{node.id}' (one of {', '.join(MEASURES)})")
    parts.reverse()
    source, prev = "", False
    for p in parts:
        if p == "prev" and not prev:
            prev = True
        elif p in SOURCES and not source:
            source = p
        else:
            raise ExpressionError(f"unknown qualifier '.{p}' (a funding source or .prev)")
    return Ref(MEASURES[node.id], source, prev)


def parse(text: str) -> Callable[[dict[str, np.ndarray]], np.ndarray]:
    """Compile an expression to a function of named float columns (NaN = missing)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"not an expression: {exc.msg}") from None

    def build(node: ast.AST) -> Callable[[dict[str, np.ndarray]], np.ndarray]:
        if isinstance(node, ast.Expression):
            return build(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            value = float(node.value)
            return lambda cols: np.float64(value)  # type: ignore[return-value]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = build(node.operand)
            return lambda cols: -inner(cols)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            a, b, op = build(node.left), build(node.right), node.op
            if isinstance(op, ast.Add):
                return lambda cols: a(cols) + b(cols)
            if isinstance(op, ast.Sub):
                return lambda cols: a(cols) - b(cols)
            if isinstance(op, ast.Mult):
                return lambda cols: a(cols) * b(cols)
            return lambda cols: np.divide(a(cols), b(cols))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "children":
            if len(node.args) != 1 or node.keywords:
                raise ExpressionError("children() takes one measure")
            r = _ref(node.args[0])
            ref = Ref(r.kind, r.source, r.prev, children=True)
            return lambda cols: cols[ref.column]
        if isinstance(node, ast.Name | ast.Attribute):
            ref = _ref(node)
            return lambda cols: cols[ref.column]
        raise ExpressionError(f"not allowed in a rule: {type(node).__name__}")

    return build(tree)


def references(text: str) -> set[Ref]:
    """Every value an expression reads (validates it too)."""
    parse(text)
    out: set[Ref] = set()

    def collect(node: ast.AST) -> None:
        if isinstance(node, ast.Call):  # children(x): parse() allows no other call
            r = _ref(node.args[0])
            out.add(Ref(r.kind, r.source, r.prev, children=True))
        elif isinstance(node, ast.Name | ast.Attribute):
            out.add(_ref(node))
        else:
            for child in ast.iter_child_nodes(node):
                collect(child)

    collect(ast.parse(text.strip(), mode="eval"))
    return out
