"""The job centres' own menu, shown on each of their pages: the parts a user's roles may open."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from iljari.access import policy

register = template.Library()


@register.inclusion_tag("employment/_subnav.html", takes_context=True)
def employment_subnav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = [(_("Funnel"), reverse("web:employment:home"))]
    if user is not None and policy.allows(user, "view_seeker"):
        items += [(_("Job seekers"), reverse("web:employment:seekers")),
                  (_("Vacancies"), reverse("web:employment:vacancies")),
                  (_("Employers"), reverse("web:employment:employers")),
                  (_("Follow-ups due"), reverse("web:employment:follow_ups")),
                  (_("Job fairs"), reverse("web:employment:job_fairs"))]
    if user is not None and policy.allows(user, "approve_vacancy"):
        from iljari.employment.models import Vacancy

        pending = Vacancy.objects.restrict(user, "approve_vacancy").filter(status=Vacancy.Status.PENDING).count()
        items.append((_("Vacancies to approve (%(n)s)") % {"n": pending},
                      reverse("web:employment:vacancy_approvals")))
    items.append((_("Occupations and licences"), reverse("web:employment:codes_occupations")))
    path = getattr(request, "path", "")
    home = reverse("web:employment:home")
    # the longest address the page sits under is the current item (구인 승인 대기 is under 구인)
    codes = reverse("web:employment:codes_occupations")
    codes_root = codes.rsplit("/", 2)[0] + "/"  # every code list's page lights the one code-list item

    def prefix(url: str) -> str:
        return codes_root if url == codes else url

    under = [url for _label, url in items if path == url or (url != home and path.startswith(prefix(url)))]
    current = max(under, key=len) if under else None
    return {"employment_items": [(label, url, url == current) for label, url in items]}
