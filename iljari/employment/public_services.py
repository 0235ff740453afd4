"""The public forms' writes (/jobs/register/, /jobs/post/) on the registry's services (`registry.py`): which
centre takes a citizen or an employer, and an employer with its vacancy saved together or not at all."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from iljari.orgs.models import OrgUnit

from .models import Centre, Seeker, Vacancy
from .registry import employer_register, seeker_register, vacancy_create

# The employer's fields of the public form and the names the registry gives them in its problems.
EMPLOYER_FIELDS = {"name": "employer_name", "business_number": "business_number", "contact_name": "contact_name",
                   "contact_phone": "contact_phone", "contact_email": "contact_email"}


def city_centre() -> Centre | None:
    """The Seoul Job Centre: the active centre that belongs to no district."""
    return Centre.objects.filter(active=True, district__isnull=True).order_by("code").first()


def centre_for(district: OrgUnit | None, code: str = "") -> Centre | None:
    """The centre a citizen chose (`code`), else their district's centre, else the Seoul Job Centre."""
    if code:
        chosen = Centre.objects.filter(active=True, code=code[:40]).first()
        if chosen is not None:
            return chosen
    if district is not None:
        own = Centre.objects.filter(active=True, district=district).order_by("code").first()
        if own is not None:
            return own
    return city_centre()


def seeker_register_online(*, actor: Any, centre_code: str = "", **data: Any) -> Seeker:
    """A citizen registers as a seeker through the public form (channel "online")."""
    centre = centre_for(data.get("home_district"), centre_code)
    return seeker_register(actor=actor, centre=centre, channel=Seeker.Channel.ONLINE, **data)  # type: ignore[arg-type]


def vacancy_post_online(*, actor: Any, employer: dict[str, Any], vacancy: dict[str, Any]) -> Vacancy:
    """An employer posts a vacancy: the employer is found by its business registration number or registered,
    then the vacancy is created `pending` (a counsellor approves it). One transaction: if the vacancy is refused,
    a newly registered employer is not kept either."""
    centre = centre_for(vacancy.get("district"))
    with transaction.atomic():
        who = employer_register(actor=actor, centre=centre, district=vacancy.get("district"), reuse=True, **employer)
        # an employer found by its number keeps its registered details; what this sender typed goes with the
        # vacancy for the approver to compare (the walk found a sender's name and contact silently dropped)
        contact = " · ".join(str(employer.get(k) or "").strip() for k in ("contact_name", "contact_phone",
                                                                          "contact_email") if employer.get(k))
        return vacancy_create(actor=actor, centre=centre, employer=who,  # type: ignore[arg-type]
                              channel=Vacancy.Channel.ONLINE, sent_employer_name=str(employer.get("name") or ""),
                              sent_contact=contact, **vacancy)
