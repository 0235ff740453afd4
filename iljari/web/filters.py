"""The program list's filter form (django-filter), with choices the user may use."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from iljari.access import policy
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Program, ProgramFunding


def _codes(list_name: str) -> Any:
    def choices(request: Any) -> QuerySet:
        return Code.objects.filter(list=list_name, active=True).order_by("sort_order", "code")
    return choices


def _units(request: Any) -> QuerySet:
    if request is None:
        return OrgUnit.objects.none()
    return policy.restrict(OrgUnit.objects.all(), request.user, "view").order_by("path")


class ProgramFilter(django_filters.FilterSet):
    org = django_filters.ModelChoiceFilter(queryset=_units, to_field_name="code", label=_("Org unit"),
                                           method="filter_org", empty_label=_("All"))
    job_type = django_filters.ModelChoiceFilter(queryset=_codes("job_type"), to_field_name="code",
                                                label=_("Job type"), empty_label=_("All"))
    subtype = django_filters.ModelChoiceFilter(queryset=_codes("subtype"), to_field_name="code",
                                               label=_("Subtype"), empty_label=_("All"))
    target_group = django_filters.ModelChoiceFilter(queryset=_codes("target_group"), to_field_name="code",
                                                    field_name="target_groups", label=_("Target group"),
                                                    empty_label=_("All"))
    policy_field = django_filters.ModelChoiceFilter(queryset=_codes("policy_field"), to_field_name="code",
                                                    label=_("Policy field"), empty_label=_("All"))
    funding_source = django_filters.ModelChoiceFilter(queryset=_codes("funding_source"), to_field_name="code",
                                                      label=_("Funding source"), method="filter_source",
                                                      empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=Program.Status.choices, label=_("Status"), empty_label=_("All"))

    class Meta:
        model = Program
        fields: list[str] = []

    def filter_org(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(owner_org__path__startswith=value.path)

    def filter_source(self, qs: QuerySet, name: str, value: Code) -> QuerySet:
        return qs.filter(pk__in=ProgramFunding.objects.filter(source=value).values("program_id"))
