"""The one program filter (django-filter) behind the program list page, its drill-down from a roll-up row, its
exports and the API's program list.

Registry filters read the program (owner unit's subtree, type, subtype, policy field, target group, status);
ledger filters (`funding_source`, `org_unit`, `district`) keep the programs with figures of that source or recorded in
that unit's subtree in the year as of the date (`year`, `as_of`; default the latest month with results), read
through the roll-up engine: exactly the programs a roll-up row with the same keys counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from iljari.access import policy
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Code, Program
from iljari.programs.search import search_programs

LEDGER_FILTERS = {"funding_source": "funding_source", "org_unit": "org", "district": "district"}
FORM_FIELDS = ["org", "job_type", "subtype", "target_group", "policy_field", "funding_source", "status"]


def _codes(list_name: str) -> Any:
    def choices(request: Any) -> QuerySet:
        return Code.objects.filter(list=list_name).order_by("sort_order", "code")
    return choices


def _units(request: Any) -> QuerySet:
    if request is None or not getattr(request, "user", None):
        return OrgUnit.objects.none()
    return OrgUnit.objects.restrict(request.user, "view").select_related("parent").order_by("path")


class ProgramFilter(django_filters.FilterSet):
    org = django_filters.ModelChoiceFilter(queryset=_units, to_field_name="code", label=_("Org unit"),
                                           method="filter_owner", empty_label=_("All"))
    job_type = django_filters.ModelChoiceFilter(queryset=_codes("job_type"), to_field_name="code",
                                                label=_("Job type"), empty_label=_("All"))
    subtype = django_filters.ModelChoiceFilter(queryset=_codes("subtype"), to_field_name="code",
                                               label=_("Subtype"), empty_label=_("All"))
    target_group = django_filters.ModelChoiceFilter(queryset=_codes("target_group"), to_field_name="code",
                                                    method="filter_target_group", label=_("Target group"),
                                                    empty_label=_("All"))
    policy_field = django_filters.ModelChoiceFilter(queryset=_codes("policy_field"), to_field_name="code",
                                                    label=_("Policy field"), empty_label=_("All"))
    funding_source = django_filters.ModelChoiceFilter(queryset=_codes("funding_source"), to_field_name="code",
                                                      label=_("Funding source"), method="filter_ledger",
                                                      empty_label=_("All"))
    status = django_filters.ChoiceFilter(choices=Program.Status.choices, label=_("Status"), empty_label=_("All"))
    # Not on the page's form: the API's name for the owner unit, roll-up drill-downs, search, the period.
    owner_org = django_filters.ModelChoiceFilter(queryset=_units, to_field_name="code", method="filter_owner",
                                                 label="owning org unit code (its subtree)")
    org_unit = django_filters.ModelChoiceFilter(queryset=_units, to_field_name="code", method="filter_ledger",
                                            label="figures recorded in this org unit's subtree")
    district = django_filters.ModelChoiceFilter(queryset=_units, to_field_name="code", method="filter_ledger",
                                                label="figures recorded in this district")
    program = django_filters.CharFilter(field_name="code", label="program code")
    illustrative = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="filter_q", label="words in the code, names or description")
    year = django_filters.NumberFilter(method="filter_period", label="year of the ledger filters")
    as_of = django_filters.DateFilter(method="filter_period", label="as-of date of the ledger filters")

    class Meta:
        model = Program
        fields: list[str] = []

    def __init__(self, *args: Any, period: tuple[int, dt.date] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period = period

    @property
    def form(self) -> Any:
        """The page's form, its choices in the page's language: units and codes by their names, statuses in words."""
        form = super().form
        if not getattr(form, "in_language", False):
            from django.utils.translation import get_language

            from iljari.core.labels import name_in_language, one_language, unit_label

            form.in_language = True
            for field in form.fields.values():
                if hasattr(field, "queryset"):
                    field.label_from_instance = unit_label if field.queryset.model is OrgUnit else name_in_language
            language = get_language()
            form.fields["status"].choices = [("", _("All"))] + [(v, one_language(label, language))
                                                               for v, label in Program.Status.choices]
        return form

    def filter_owner(self, qs: QuerySet, name: str, value: OrgUnit) -> QuerySet:
        return qs.filter(owner_org__path__startswith=value.path)

    def filter_target_group(self, qs: QuerySet, name: str, value: Code) -> QuerySet:
        # A subquery, not a join: a program serving two groups is listed once (no DISTINCT needed).
        return qs.filter(pk__in=Program.target_groups.through.objects.filter(code=value).values("program_id"))

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return search_programs(qs, value)

    def filter_period(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs  # read by the ledger filters

    def filter_ledger(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs  # all ledger filters are applied together in filter_queryset

    def ledger_period(self) -> tuple[int, dt.date]:
        from iljari.ledger.rollup import default_as_of

        data = self.form.cleaned_data
        year, as_of = data.get("year"), data.get("as_of")
        if year is not None and as_of is not None:
            return int(year), as_of
        if self.period is not None and year is None and as_of is None:
            return self.period
        if as_of is not None:
            return as_of.year, as_of
        if year is not None:
            return int(year), default_as_of(int(year))
        from iljari.core.periods import month_end
        from iljari.ledger.figures import latest_month

        y, m = latest_month()
        return y, month_end(y, m)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        qs = super().filter_queryset(queryset)
        wanted = {dim: self.form.cleaned_data[name].code for name, dim in LEDGER_FILTERS.items()
                  if self.form.cleaned_data.get(name) is not None}
        if wanted:
            from iljari.ledger.rollup import RollupError, programs_split

            year, as_of = self.ledger_period()
            # Which programs another district records a source or figures for is not a local officer's to
            # learn: the ledger filters look only at the rows of the user's own unit (the roll-up's rule).
            try:
                scope = policy.rollup_scope(getattr(self.request, "user", None), None)
            except policy.OutOfScope:
                return qs.none()
            try:
                kept, others = programs_split(year, as_of, wanted, scope=scope)
            except RollupError:
                return qs.none()
            # Whichever list is shorter: most national lists keep nearly every program.
            qs = qs.filter(pk__in=_id_set(kept)) if len(kept) <= len(others) else qs.exclude(pk__in=_id_set(others))
        return qs


def _id_set(ids: list[int]) -> Any:
    """The ids as a subquery: on PostgreSQL one array parameter (a national list keeps 25,000 programs, which as
    25,000 bound parameters cost the count and the page query most of a second each)."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", (ids,))
    return ids


def filtered(data: Any, queryset: QuerySet, request: Any, period: tuple[int, dt.date] | None = None
             ) -> tuple[ProgramFilter, QuerySet]:
    """The filter and its programs; a value that is not a valid choice (an unknown code, a unit outside the
    user's scope) matches no program rather than being ignored."""
    f = ProgramFilter(data, queryset=queryset, request=request, period=period)
    return f, (f.qs if f.is_valid() else queryset.none())

