"""API of the person registry: persons (search; a person's history with its purpose, audited) and benefit records.

Both need `view_person` (PIPA) and read through the restricted querysets: another unit's person is 404. Lists mask
names and phone numbers; a person's detail, which holds the benefit history of their whole cluster, is a view of
that history and needs a `purpose` (written to the audit trail with it), as on the person page.
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.context import change_context
from iljari.core.errors import ErrorCode
from iljari.people.models import BenefitRecord, Person
from iljari.people.normalise import phone_digits
from iljari.people.selectors import cluster_benefits, mask_name, mask_phone, visible_persons
from iljari.people.services import PURPOSES, person_history_view

from . import params
from .serializers import ModelSerializer

BIGINT_MAX = 2**63 - 1


class ViewPersonPermission(permissions.BasePermission):
    """Signed in, with a role that may see persons' histories (`view_person`); reads only."""

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        return bool(request.user and request.user.is_authenticated and policy.allows(request.user, "view_person"))


class BenefitSerializer(ModelSerializer):
    program = params.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    org_unit = params.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    amount = serializers.IntegerField(read_only=True, allow_null=True, help_text="won paid; null: not known (not 0)")

    class Meta:
        model = BenefitRecord
        fields = ["id", "person", "program", "program_name", "org_unit", "kind", "start", "end", "months", "amount",
                  "source", "batch", "version"]


class PersonListSerializer(ModelSerializer):
    name = serializers.SerializerMethodField(help_text="masked (김*수)")
    phone = serializers.SerializerMethodField(help_text="masked (010-****-5678)")
    district = params.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "name", "birth_date", "sex", "phone", "district", "source", "cluster_id", "version"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj: Person) -> str:
        return mask_name(obj.name)

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, obj: Person) -> str:
        return mask_phone(obj.phone)


class PersonDetailSerializer(PersonListSerializer):
    name = serializers.CharField(read_only=True)  # type: ignore[assignment]
    has_rrn = serializers.SerializerMethodField(help_text="a resident number is known (kept only as a keyed hash)")
    benefits = serializers.SerializerMethodField(help_text="every benefit of the person's cluster, oldest first")

    class Meta(PersonListSerializer.Meta):
        fields = [*PersonListSerializer.Meta.fields, "address", "has_rrn", "benefits"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_has_rrn(self, obj: Person) -> bool:
        return bool(obj.rrn_hash)

    @extend_schema_field(BenefitSerializer(many=True))
    def get_benefits(self, obj: Person) -> list[dict[str, Any]]:
        return BenefitSerializer(cluster_benefits(obj), many=True).data  # type: ignore[return-value]


def _bounded_int(name: str, value: Any) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({name: [ErrorDetail("not a whole number", code=ErrorCode.NOT_AN_INTEGER)]}) from None
    if not 1 <= n <= BIGINT_MAX:
        raise ValidationError({name: [ErrorDetail("out of range", code=ErrorCode.OUT_OF_RANGE)]})
    return n


class PersonFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", max_length=100, label="full name (exact)")
    birth_date = django_filters.DateFilter(field_name="birth_date")
    phone = django_filters.CharFilter(method="filter_phone", max_length=20, label="phone (any writing)")

    class Meta:
        model = Person
        fields = ["name", "birth_date", "phone", "source"]

    def filter_phone(self, qs, name, value):  # type: ignore[no-untyped-def]
        d = phone_digits(value)
        if len(d) < 9:
            return qs.none()
        return qs.filter(phone__in=[d, f"{d[:3]}-{d[3:-4]}-{d[-4:]}"])


_PURPOSE = OpenApiParameter("purpose", OpenApiTypes.STR, enum=list(PURPOSES), required=True,
                            description="why the history is viewed (PIPA): kept in the audit trail")
_DETAIL = OpenApiParameter("purpose_detail", OpenApiTypes.STR, required=False,
                           description="details of the purpose (required for 'other'; at most 300 characters)")


class ContributionSerializer(serializers.Serializer):
    field = serializers.CharField()
    level = serializers.CharField()
    level_en = serializers.CharField(required=False)
    weight = serializers.FloatField()


class MatchSerializer(serializers.Serializer):
    """A record the check found for the person: the other record (masked), the probability, the band ("same":
    treated as one person; "review": an officer decides first), any decision, and each field's contribution."""

    link = serializers.IntegerField()
    other_person = serializers.IntegerField()
    other_name = serializers.CharField()
    other_source = serializers.CharField()
    probability = serializers.FloatField()
    band = serializers.CharField()
    decision = serializers.CharField(allow_blank=True)
    contributions = ContributionSerializer(many=True)


@extend_schema_view(retrieve=extend_schema(parameters=[_PURPOSE, _DETAIL]))
class PersonViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Persons in the user's scope: search by name and birth date or by phone (masked); a person with the benefit
    history of their whole cluster (needs `purpose`, audited)."""

    permission_classes = [ViewPersonPermission]
    filterset_class = PersonFilter
    queryset = Person.objects.none()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return visible_persons(self.request.user).select_related("district").order_by("pk")

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return PersonDetailSerializer if self.action == "retrieve" else PersonListSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        purpose = str(request.query_params.get("purpose", ""))
        detail = str(request.query_params.get("purpose_detail", ""))
        if purpose not in PURPOSES:
            raise ValidationError({"purpose": [ErrorDetail(f"give the purpose of the view: one of {', '.join(PURPOSES)}",
                                                           code=ErrorCode.REQUIRED)]})
        if len(detail) > 300:
            raise ValidationError({"purpose_detail": [ErrorDetail("at most 300 characters", code=ErrorCode.TOO_LONG)]})
        if purpose == "other" and not detail.strip():
            raise ValidationError({"purpose_detail": [ErrorDetail("describe the other purpose",
                                                                  code=ErrorCode.REQUIRED)]})
        with change_context("api"):
            person_history_view(actor=request.user, person=person, purpose=purpose, detail=detail)
        return Response(PersonDetailSerializer(person).data)

    @extend_schema(request=None, responses=MatchSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def check(self, request: Request, pk: Any = None) -> Response:
        """Check this person against the whole registry now (the incremental check a new record gets): the links
        found, best first, with each field's contribution. The linkage's writes are audited."""
        from iljari.people.linkage.service import person_check

        person = self.get_object()
        with change_context("api"):
            links = person_check(person=person, actor=request.user)
        out = []
        for link in links:
            other = link.right if link.left_id == person.pk else link.left
            out.append({"link": link.pk, "other_person": other.pk, "other_name": mask_name(other.name),
                        "other_source": other.source, "probability": link.probability, "band": link.band,
                        "decision": link.decision, "contributions": link.contributions or []})
        return Response(MatchSerializer(out, many=True).data)


class BenefitFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(method="filter_person", label="person id")
    program = django_filters.CharFilter(field_name="program__code", max_length=100)
    org_unit = django_filters.CharFilter(field_name="org_unit__code", max_length=100)
    start_from = django_filters.DateFilter(field_name="end", lookup_expr="gte", label="periods ending on or after")
    end_to = django_filters.DateFilter(field_name="start", lookup_expr="lte", label="periods starting on or before")

    class Meta:
        model = BenefitRecord
        fields = ["person", "program", "org_unit", "kind", "source", "start_from", "end_to"]

    def filter_person(self, qs, name, value):  # type: ignore[no-untyped-def]
        return qs.filter(person_id=_bounded_int("person", value))


class BenefitViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Benefit records the user's units gave or whose program they own (`view_person`). Amount null: not known."""

    permission_classes = [ViewPersonPermission]
    serializer_class = BenefitSerializer
    filterset_class = BenefitFilter
    queryset = BenefitRecord.objects.none()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (BenefitRecord.objects.restrict(self.request.user, "view_person")
                .select_related("program", "org_unit").order_by("pk"))
