"""REST API: thin views that parse input, call a service or selector, and render."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.context import change_context
from iljari.core.dates import DateParseError, parse_date
from iljari.interchange.canonical import facts_import, orgs_import, programs_import
from iljari.ledger.models import Fact
from iljari.ledger.selectors import DIMENSIONS, RollupError, rollup
from iljari.ledger.services import fact_record
from iljari.orgs.models import OrgUnit
from iljari.orgs.services import org_unit_create, org_unit_update
from iljari.programs.filters import ProgramFilter
from iljari.programs.models import Code, Measure, Program
from iljari.programs.services import program_create, program_update

from . import serializers as s


class PolicyPermission(permissions.BasePermission):
    """Roles decide (iljari.access.policy): reads need `view`, writes the view's `write_action` (else 403).

    Querysets are restricted to what the user may see, so another unit's object is 404; an object the user
    may see but not change is 403.
    """

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        action = "view" if request.method in permissions.SAFE_METHODS else view.write_action
        return bool(request.user and request.user.is_authenticated and policy.allows(request.user, action))

    def has_object_permission(self, request, view, obj):  # type: ignore[no-untyped-def]
        if request.method in permissions.SAFE_METHODS:
            return True
        return policy.can(request.user, view.write_action, obj)


class RestrictedMixin:
    def get_queryset(self):  # type: ignore[no-untyped-def]
        return policy.restrict(super().get_queryset(), self.request.user, "view")  # type: ignore[misc,attr-defined]


class ServiceWriteMixin:
    """Creates and updates go through the app's service functions (audit, validation, version check)."""

    create_service: Any
    update_service: Any

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        data.pop("expected_version", None)
        with change_context("api"):
            serializer.instance = self.create_service(actor=self.request.user, **data)  # type: ignore[attr-defined]

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        expected = data.pop("expected_version", None)
        with change_context("api"):
            serializer.instance = self.update_service(actor=self.request.user,  # type: ignore[attr-defined]
                                                      instance=serializer.instance,
                                                      expected_version=expected, reason=reason, **data)


class CodeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Code.objects.select_related("parent").all()
    serializer_class = s.CodeSerializer
    filterset_fields = ["list", "active"]


class MeasureViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Measure.objects.all()
    serializer_class = s.MeasureSerializer
    lookup_field = "code"


class OrgUnitFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")
    within = django_filters.CharFilter(method="filter_within", label="subtree of this org code")

    class Meta:
        model = OrgUnit
        fields = ["kind", "parent", "within"]

    def filter_within(self, qs, name, value):  # type: ignore[no-untyped-def]
        root = OrgUnit.objects.filter(code=value).first()
        return qs.filter(path__startswith=root.path) if root else qs.none()


class OrgUnitViewSet(RestrictedMixin, ServiceWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    queryset = OrgUnit.objects.select_related("parent", "district").all()
    filterset_class = OrgUnitFilter
    lookup_field = "code"
    permission_classes = [PolicyPermission]
    write_action = "administer"

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return s.OrgUnitWriteSerializer if self.request.method in ("POST", "PUT", "PATCH") else s.OrgUnitSerializer

    create_service = staticmethod(org_unit_create)
    update_service = staticmethod(lambda *, instance, **kw: org_unit_update(org=instance, **kw))


class ProgramViewSet(RestrictedMixin, ServiceWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                     viewsets.ReadOnlyModelViewSet):
    queryset = Program.objects.select_related("owner_org", "job_type", "subtype", "policy_field",
                                              "delivery_mode").prefetch_related("target_groups",
                                                                                "implementing_orgs").distinct()
    serializer_class = s.ProgramSerializer
    filterset_class = ProgramFilter
    lookup_field = "code"
    permission_classes = [PolicyPermission]
    write_action = "change_program"

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        owner = serializer.validated_data.get("owner_org")
        if owner is not None and not policy.can(self.request.user, "change_program", owner):
            raise PermissionDenied("you may not register programs for this org unit / 이 조직의 사업을 등록할 권한이 없습니다")
        super().perform_create(serializer)

    create_service = staticmethod(program_create)
    update_service = staticmethod(lambda *, instance, **kw: program_update(program=instance, **kw))


class FactFilter(django_filters.FilterSet):
    program = django_filters.CharFilter(field_name="program__code")
    org_unit = django_filters.CharFilter(field_name="org_unit__code")
    measure = django_filters.CharFilter(field_name="measure__code")
    funding_source = django_filters.CharFilter(field_name="funding_source__code")
    as_of_before = django_filters.DateFilter(field_name="as_of", lookup_expr="lte")

    class Meta:
        model = Fact
        fields = ["program", "org_unit", "measure", "funding_source", "period", "year", "as_of_before"]


class FactViewSet(RestrictedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Every version of every value. POST records a new version (never an in-place change)."""

    queryset = Fact.objects.select_related("program", "org_unit", "measure", "funding_source",
                                           "recorded_by").order_by("id")
    filterset_class = FactFilter
    permission_classes = [PolicyPermission]
    write_action = "record"

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return s.FactWriteSerializer if self.request.method == "POST" else s.FactSerializer

    @extend_schema(request=s.FactWriteSerializer, responses={201: s.FactSerializer, 200: s.FactSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = s.FactWriteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        action = "change_targets" if d["measure"].kind in ("target", "budget") else "record"
        if not policy.can(request.user, action, d["org_unit"]):
            raise PermissionDenied("you may not record this value for this org unit / "
                                   "이 조직의 이 값을 입력할 권한이 없습니다")
        source = d.get("funding_source") or Code.objects.get(list="funding_source", code="total")
        with change_context("api"):
            out = fact_record(actor=request.user, program=d["program"], org_unit=d["org_unit"],
                              measure=d["measure"], funding_source=source, period=d["period"], value=d["value"],
                              as_of=d["as_of"], reason=d.get("reason", ""),
                              expected_version=d["expected_version"] if "expected_version" in d else False)
        if out.facts:
            return Response(s.FactSerializer(out.facts[0]).data, status=status.HTTP_201_CREATED)
        latest = Fact.objects.filter(program=d["program"], org_unit=d["org_unit"], measure=d["measure"],
                                     funding_source=source, period=d["period"]).order_by("-id").first()
        return Response(s.FactSerializer(latest).data, status=status.HTTP_200_OK)


_ROLLUP_PARAMS = [
    OpenApiParameter("year", int, required=True),
    OpenApiParameter("as_of", OpenApiTypes.DATE, description="default: end of year (or today)"),
    OpenApiParameter("by", str, many=True, enum=DIMENSIONS, description="up to two dimensions"),
    OpenApiParameter("org", str, description="org unit code: restrict to its subtree"),
    OpenApiParameter("rounding", str, enum=["half-up", "truncate"]),
    OpenApiParameter("unit", str, enum=["won", "thousand", "million", "hundred_million"]),
    OpenApiParameter("recorded_before", OpenApiTypes.DATETIME, description="the ledger as it stood then"),
    OpenApiParameter("limit", int, description="page the first dimension's groups (totals cover all)"),
    OpenApiParameter("offset", int),
    *[OpenApiParameter(f"filter[{d}]", str, description=f"drill down: only this {d} code") for d in DIMENSIONS],
]


PROGRAM_PAGE = 100
MAX_PROGRAM_PAGE = 1000


@extend_schema(parameters=_ROLLUP_PARAMS, responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def rollup_view(request: Request) -> Response:
    """Targets, results, budget and expenditure by up to two dimensions, with 계 / 소계 and the previous year."""
    q = request.query_params
    if not policy.allows(request.user, "view"):
        raise PermissionDenied()
    try:
        year = int(q.get("year", ""))
    except ValueError:
        raise RollupError("year is required (e.g. year=2021)") from None
    try:
        as_of = parse_date(q.get("as_of")) if q.get("as_of") else None
    except DateParseError:
        raise RollupError(f"as_of is not a date: {q.get('as_of')}") from None
    org = None
    if q.get("org"):
        org = OrgUnit.objects.filter(code=q["org"]).first()
        if org is None:
            raise RollupError(f"unknown org unit {q['org']}")
    try:
        org = policy.rollup_scope(request.user, org)
    except policy.OutOfScope:
        raise NotFound("no such org unit / 해당 조직이 없습니다") from None
    filters = {k[7:-1]: str(q[k]) for k in q if k.startswith("filter[") and k.endswith("]")}
    recorded_before = dt.datetime.fromisoformat(q["recorded_before"]) if q.get("recorded_before") else None
    try:
        limit = int(q["limit"]) if q.get("limit") else None
        offset = int(q.get("offset") or 0)
    except ValueError:
        raise RollupError("limit and offset are whole numbers") from None
    if "program" in q.getlist("by"):
        # A by-program list has up to tens of thousands of groups: it is always served a page at a time.
        limit = min(limit or PROGRAM_PAGE, MAX_PROGRAM_PAGE)
    result = rollup(year=year, as_of=as_of, by=q.getlist("by"), org=org, filters=filters,
                    rounding=q.get("rounding"), unit=q.get("unit"), recorded_before=recorded_before,
                    limit=limit, offset=offset)
    return Response(result.as_dict())


class ImportViewSet(viewsets.ViewSet):
    """Upload a canonical CSV; `dry_run` reports what would change. All-or-nothing."""

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [permissions.IsAuthenticated]
    # Bulk imports write across units: they need the action everywhere (administrator or portfolio office).
    importers = {"orgs": (orgs_import, "administer"), "programs": (programs_import, "change_program"),
                 "facts": (facts_import, "change_targets")}

    def _run(self, request: Request, kind: str) -> Response:
        fn, action_name = self.importers[kind]
        if not policy.grant(request.user, action_name).everywhere:
            raise PermissionDenied()
        ser = s.ImportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        f = ser.validated_data["file"]
        extra = {"strict": ser.validated_data["strict"]} if kind == "facts" else {}
        report = fn(actor=request.user, path=f.read(), dry_run=ser.validated_data["dry_run"], file_name=f.name,
                    reason=ser.validated_data.get("reason", ""), **extra)
        return Response(report.as_dict())

    @extend_schema(request=s.ImportSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def orgs(self, request: Request) -> Response:
        return self._run(request, "orgs")

    @extend_schema(request=s.ImportSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def programs(self, request: Request) -> Response:
        return self._run(request, "programs")

    @extend_schema(request=s.ImportSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def facts(self, request: Request) -> Response:
        return self._run(request, "facts")

    @extend_schema(request=s.ImportSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def workbook(self, request: Request) -> Response:
        """A filled monthly workbook (xlsx); each value is checked against the uploader's role and unit."""
        from iljari.interchange.workbook import workbook_import

        if not policy.allows(request.user, "record"):
            raise PermissionDenied()
        ser = s.ImportSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        f = ser.validated_data["file"]
        report = workbook_import(actor=request.user, data=f.read(), dry_run=ser.validated_data["dry_run"],
                                 file_name=f.name, reason=ser.validated_data.get("reason", ""),
                                 strict=ser.validated_data["strict"])
        return Response(report.as_dict())


@extend_schema(parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("as_of", OpenApiTypes.DATE),
                           OpenApiParameter("org", str), OpenApiParameter("rule", str, many=True)],
               responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def validate_view(request: Request) -> Response:
    """Violations of the active validation rules, within what the user may see."""
    from iljari.ledger.selectors import default_as_of
    from iljari.quality.engine import evaluate
    from iljari.quality.models import ValidationRule

    q = request.query_params
    if not policy.allows(request.user, "view"):
        raise PermissionDenied()
    try:
        year = int(q.get("year", ""))
        as_of = (parse_date(q["as_of"]) if q.get("as_of") else None) or default_as_of(year)
    except (ValueError, DateParseError):
        raise RollupError("year (e.g. 2021) and as_of (a date) are required") from None
    org = OrgUnit.objects.filter(code=q["org"]).first() if q.get("org") else None
    try:
        org = policy.rollup_scope(request.user, org)
    except policy.OutOfScope:
        raise NotFound() from None
    rules = ValidationRule.objects.filter(active=True)
    if q.getlist("rule"):
        rules = rules.filter(code__in=q.getlist("rule"))
    found = evaluate(year=year, as_of=as_of, rules=list(rules), scope=org)
    return Response({"year": year, "as_of": as_of.isoformat(), "count": len(found),
                     "violations": [v.as_dict() for v in found]})
