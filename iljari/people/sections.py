"""Sections other apps add to a person's page (people.views.person_detail). Apps above the registry (the outcomes'
employment episodes) register a function in their AppConfig.ready; the registry never imports them.

Each function is called with the request, the person and the ids of the person records of their cluster once the
viewer has given the purpose of the view — what a section shows is part of that audited view — and returns the
context of its section with the template to include (`{"template": "...", ...}`), or None to show nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from .models import Person

Section = Callable[[HttpRequest, Person, list[int]], dict[str, Any] | None]
_SECTIONS: list[Section] = []


def register_person_section(section: Section) -> Section:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def person_sections(request: HttpRequest, person: Person, ids: list[int]) -> list[dict[str, Any]]:
    out = []
    for section in _SECTIONS:
        shown = section(request, person, ids)
        if shown:
            out.append(shown)
    return out
