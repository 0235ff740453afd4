"""The person registry's own menu, shown on each of its pages: the parts a user's roles may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from iljari.access import policy

register = template.Library()


@register.inclusion_tag("people/_subnav.html", takes_context=True)
def people_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = []
    if user is not None and policy.allows(user, "view_person"):
        items += [(_("Double-benefit alerts"), reverse("web:people:alerts")),
                  (_("Same person?"), reverse("web:people:links")),
                  (_("Recovery"), reverse("web:people:recoveries")),
                  (_("Find a person"), reverse("web:people:search")),
                  (_("Participant lists"), reverse("web:people:lists"))]
    items.append((_("Double-benefit rules"), reverse("web:people:benefit_rules")))
    if user is not None and policy.grant(user, "view_person").everywhere:
        items.append((_("Record linkage"), reverse("web:people:linkage_runs")))
    path = getattr(request, "path", "")
    return {"people_items": [(label, url, path == url or (url != "/" and path.startswith(url)))
                             for label, url in items]}
