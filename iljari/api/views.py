"""REST API: thin views that parse input, call a service or selector, and render."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import ErrorDetail, NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.context import change_context
from iljari.core.errors import ErrorCode, ForbiddenError, Problem
from iljari.core.spreadsheets import read_upload
from iljari.interchange.canonical import facts_import, orgs_import, programs_import
from iljari.ledger.filters import ProgramFilter
from iljari.ledger.models import Fact
from iljari.ledger.rollup import DIMENSIONS, rollup
from iljari.ledger.services import fact_record
from iljari.orgs.models import OrgUnit
from iljari.orgs.services import org_unit_create, org_unit_update
from iljari.programs.models import Code, Measure, Program
from iljari.programs.services import program_create, program_update

from . import params
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
        return super().get_queryset().restrict(self.request.user, "view")  # type: ignore[misc,attr-defined]


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


class CodeViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Code.objects.select_related("parent").all()
    serializer_class = s.CodeSerializer
    filterset_fields = ["list", "active"]


class MeasureViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
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


class OrgUnitViewSet(params.CheckedLookupMixin, RestrictedMixin, ServiceWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
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


_PROGRAM_FIELD_KO = {"code": "사업코드", "owner_org": "소관 조직", "job_type": "일자리 유형"}


class ProgramViewSet(params.CheckedLookupMixin, RestrictedMixin, ServiceWriteMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin,
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

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        denied = policy.program_fields_denied(self.request.user, serializer.instance, serializer.validated_data)
        if denied:
            raise ForbiddenError([Problem(ErrorCode.FIELD_NOT_ALLOWED,
                                          f"{_PROGRAM_FIELD_KO[name]}은(는) 일자리정책 총괄부서나 관리자만 바꿀 수 있습니다",
                                          f"only the portfolio office or an administrator changes '{name}'",
                                          field=name) for name in denied])
        super().perform_update(serializer)

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


class FactViewSet(params.CheckedLookupMixin, RestrictedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
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
        if not ser.is_valid() and any(getattr(e, "code", "") == "does_not_exist"
                                      for e in ser.errors.get("program", [])):
            # A code that names no program answers as one outside the user's scope does: "not found", so the
            # answer never tells which codes exist in another district.
            raise NotFound("no such program or org unit / 해당 사업 또는 조직이 없습니다")
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        # Another unit's program or org unit is "not found", as on the pages; one the user sees but may not
        # record for is "forbidden".
        if not policy.can(request.user, "view", d["program"]) or not policy.can(request.user, "view",
                                                                                 d["org_unit"]):
            raise NotFound("no such program or org unit / 해당 사업 또는 조직이 없습니다")
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


_ROLLUP_PARAMS: list[Any] = [
    params.RollupParams,
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
    p = params.parse(params.RollupParams, q)
    filters = params.filter_values(q, DIMENSIONS)
    year, as_of = p["year"], p.get("as_of")
    org = None
    if p.get("org"):
        org = OrgUnit.objects.filter(code=p["org"]).first()
        if org is None:
            raise ValidationError({"org": [ErrorDetail(f"unknown org unit {p['org']}", code=ErrorCode.UNKNOWN_ORG_UNIT)]})
    try:
        org = policy.rollup_scope(request.user, org)
    except policy.OutOfScope:
        raise NotFound("no such org unit / 해당 조직이 없습니다") from None
    recorded_before = p.get("recorded_before")
    limit, offset = p.get("limit"), p.get("offset") or 0
    by = p.get("by") or []
    if "program" in by:
        # A by-program list has up to tens of thousands of groups: it is always served a page at a time.
        limit = min(limit or PROGRAM_PAGE, MAX_PROGRAM_PAGE)
    result = rollup(year=year, as_of=as_of, by=by, org=org, filters=filters,
                    rounding=p.get("rounding"), unit=p.get("unit"), recorded_before=recorded_before,
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
        report = fn(actor=request.user, path=read_upload(f), dry_run=ser.validated_data["dry_run"],
                    file_name=f.name, reason=ser.validated_data.get("reason", ""), **extra)
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
        report = workbook_import(actor=request.user, data=read_upload(f), dry_run=ser.validated_data["dry_run"],
                                 file_name=f.name, reason=ser.validated_data.get("reason", ""),
                                 strict=ser.validated_data["strict"])
        return Response(report.as_dict())


@extend_schema(parameters=[params.ValidateParams], responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def validate_view(request: Request) -> Response:
    """Violations of the active validation rules, within what the user may see."""
    from iljari.ledger.rollup import default_as_of
    from iljari.quality.engine import evaluate
    from iljari.quality.models import ValidationRule

    q = request.query_params
    if not policy.allows(request.user, "view"):
        raise PermissionDenied()
    p = params.parse(params.ValidateParams, q)
    year = p["year"]
    as_of = p.get("as_of") or default_as_of(year)
    org = OrgUnit.objects.filter(code=p["org"]).first() if p.get("org") else None
    try:
        org = policy.rollup_scope(request.user, org)
    except policy.OutOfScope:
        raise NotFound() from None
    rules = ValidationRule.objects.filter(active=True)
    if p.get("rule"):
        rules = rules.filter(code__in=p["rule"])
    found = evaluate(year=year, as_of=as_of, rules=list(rules), scope=org)
    return Response({"year": year, "as_of": as_of.isoformat(), "count": len(found),
                     "violations": [v.as_dict() for v in found]})
