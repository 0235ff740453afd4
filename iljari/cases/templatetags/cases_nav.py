"""The cases' menu: the subsidy flows an officer may receive claims for (their new-claim and import pages)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def subsidy_flows(context: dict[str, Any]) -> list[Any]:
    from iljari.access import policy
    from iljari.cases.models import Flow

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policy.allows(user, "handle_case"):
        return []
    from iljari.cases.models import CaseRule

    flows = list(Flow.objects.filter(kind=Flow.Kind.SUBSIDY, active=True).order_by("name_ko"))
    staged = set(CaseRule.objects.filter(flow__in=flows, kind=CaseRule.Kind.STAGED).values_list("flow_id", flat=True))
    for f in flows:
        f.staged = f.pk in staged  # paid in stages: no import of paper claims by months
    return flows
