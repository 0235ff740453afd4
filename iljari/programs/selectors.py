from __future__ import annotations

from .codes import CODE_ALIASES
from .models import Code


def code_lookup(list_name: str) -> dict[str, Code]:
    """Every way an office may write a code of `list_name` (code, Korean label, English label, alias) -> Code."""
    table: dict[str, Code] = {}
    codes = list(Code.objects.filter(list=list_name))
    by_code = {c.code: c for c in codes}
    for c in codes:
        for key in (c.code, c.label_ko, c.label_en):
            if key:
                table[key.strip().lower()] = c
                table[key.replace(" ", "").lower()] = c
    for alias, code in CODE_ALIASES.get(list_name, {}).items():
        if code in by_code:
            table.setdefault(alias.lower(), by_code[code])
    return table


def resolve_code(table: dict[str, Code], text: str) -> Code | None:
    t = (text or "").strip().lower()
    return table.get(t) or table.get(t.replace(" ", ""))



