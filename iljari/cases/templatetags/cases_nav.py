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
    from iljari.orgs.models import OrgUnit

    flows = list(Flow.objects.filter(kind=Flow.Kind.SUBSIDY, active=True).select_related("program__owner_org")
                 .order_by("name_ko"))
    staged = set(CaseRule.objects.filter(flow__in=flows, kind=CaseRule.Kind.STAGED).values_list("flow_id", flat=True))
    # a desk only for who receives claims somewhere: the owning office (any district) or a district's officers
    own_districts = OrgUnit.objects.restrict(user, "handle_case").filter(kind="district").exists()
    out = []
    for f in flows:
        f.staged = f.pk in staged  # paid in stages: no import of paper claims by months
        if own_districts or policy.can(user, "handle_case", f.program.owner_org):
            out.append(f)
    return out


@register.simple_tag(takes_context=True)
def reviews_me(context: dict[str, Any]) -> bool:
    """Whether the menu offers "applications I review": a reviewer assigned to some call, or an administrator."""
    from iljari.access import policy
    from iljari.cases.models import ReviewerAssignment

    user = getattr(context.get("request"), "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return policy.grant(user, "review_case").everywhere or ReviewerAssignment.objects.filter(reviewer=user).exists()
