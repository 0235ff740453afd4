"""API of the outcome indicators (issue 18, slice "indicators"): runs and their figures, read only.

`/api/outcome-runs/`: the runs the user may read (`view_outcomes`: published runs for every role, the council
among them; drafts too for the portfolio office and administrators), filtered by `year` and `status`.
`/api/outcome-runs/{id}/` adds the indicator versions the run used (definition, words, program types, standard).
`/api/outcome-runs/{id}/figures/`: one row per program × indicator (numerator, denominator, value; null: no value,
not 0), paged, for the programs the user may see, filtered by `program` and `indicator` (codes).
`/api/outcome-runs/{id}/grades/`: the run's grades (score, grade, reasons in Korean and English, the proposed cut,
the sunset review), lowest score first, for the programs the user may see, filtered by `program`, `grade` and
`sunset`. Computing, grading and publishing are the pages' and the command's (outcomes.runs, outcomes.grading).
docs/outcomes.md.
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.outcomes import grades as g
from iljari.outcomes.grading import run_grades
from iljari.outcomes.models import Grade, IndicatorVersion, OutcomeFigure, OutcomeRun
from iljari.outcomes.runs import run_versions, visible_runs
from iljari.programs.models import Program

from . import params


class _OutcomesPermission(permissions.BasePermission):
    """Signed in with `view_outcomes` (every role); read only."""

    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        return bool(user and user.is_authenticated and policy.allows(user, "view_outcomes"))


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeRun
        fields = ["id", "year", "as_of", "status", "programs", "seconds", "created_at", "published_at",
                  "illustrative", "version"]


class VersionSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    name_ko = serializers.CharField(source="indicator.name_ko")
    name_en = serializers.CharField(source="indicator.name_en")
    unit = serializers.CharField(source="indicator.unit")
    definition = serializers.JSONField(help_text='the kind and its parameters, e.g. {"kind": "employed_within", '
                                                 '"window_months": 6, "private_only": true}')
    applies_to = serializers.ListField(child=serializers.CharField(),
                                       help_text="job type or subtype codes; empty: every program")

    class Meta:
        model = IndicatorVersion
        fields = ["id", "indicator", "name_ko", "name_en", "unit", "valid_from", "definition", "applies_to",
                  "minimum", "higher_is_better", "words_ko", "words_en"]


class RunDetailSerializer(RunSerializer):
    indicators = serializers.SerializerMethodField()

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "indicators"]

    @extend_schema_field(VersionSerializer(many=True))  # type: ignore[misc]
    def get_indicators(self, obj: OutcomeRun) -> Any:
        return VersionSerializer(run_versions(obj), many=True).data


class FigureSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    indicator = serializers.CharField(source="indicator_version.indicator.code")
    indicator_version = serializers.IntegerField(source="indicator_version_id")
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, coerce_to_string=True,
                                     help_text="exact to four places (percent, people or won); null: no value")

    class Meta:
        model = OutcomeFigure
        fields = ["program", "indicator", "indicator_version", "numerator", "denominator", "value", "meets_minimum"]


class GradeSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    program_name_ko = serializers.CharField(source="program.name_ko")
    program_name_en = serializers.CharField(source="program.name_en")
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=True,
                                     help_text="0-100, one decimal; null: not graded (no indicator had a value)")
    grade = serializers.ChoiceField(choices=Grade.Value.choices, allow_blank=True,
                                    help_text="excellent 우수 / good 양호 / improve 개선필요 / cut 감액; empty: not graded")
    grade_ko = serializers.SerializerMethodField()
    reasons = serializers.JSONField(help_text='{"ko": [...], "en": [...]}: each indicator\'s points and why')
    scheme_valid_from = serializers.DateField(source="scheme.valid_from")
    proposed_cut_percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                                    coerce_to_string=True)
    sunset_reason = serializers.CharField(help_text="twice: graded cut two years in a row; floor: score below "
                                                    "the floor; empty: not for a sunset review")

    class Meta:
        model = Grade
        fields = ["program", "program_name_ko", "program_name_en", "score", "grade", "grade_ko", "reasons", "scheme_valid_from",
                  "proposed_cut_percent", "cut_reason", "sunset", "sunset_reason", "version"]

    def get_grade_ko(self, obj: Grade) -> str:
        return g.grade_words(obj.grade) if obj.grade else ""


class GradeQuery(serializers.Serializer):
    program = serializers.CharField(required=False, max_length=params.CODE_MAX_LENGTH)
    grade = serializers.ChoiceField(required=False, choices=[c for c, _ in Grade.Value.choices])
    sunset = serializers.BooleanField(required=False, allow_null=True, default=None)


class RunFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter()
    status = django_filters.ChoiceFilter(choices=OutcomeRun.Status.choices)

    class Meta:
        model = OutcomeRun
        fields = ["year", "status"]


class OutcomeRunViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """성과 산출: a year's outcome indicators computed on a day (published runs are frozen)."""

    permission_classes = [_OutcomesPermission]
    filterset_class = RunFilter

    def get_queryset(self) -> Any:
        return visible_runs(self.request.user).order_by("-year", "-as_of", "-created_at")

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return RunDetailSerializer
        if self.action == "figures":
            return FigureSerializer
        if self.action == "grades":
            return GradeSerializer
        return RunSerializer

    @extend_schema(parameters=[
        OpenApiParameter("program", OpenApiTypes.STR, description="a program's code"),
        OpenApiParameter("indicator", OpenApiTypes.STR, description="an indicator's code"),
    ], responses=FigureSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def figures(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        qs = (OutcomeFigure.objects.filter(run=run, program__in=Program.objects.restrict(request.user, "view"))
              .select_related("program", "indicator_version__indicator")
              .order_by("program__code", "indicator_version__indicator__order", "indicator_version__indicator__code"))
        program = (request.query_params.get("program") or "").strip()[:params.CODE_MAX_LENGTH]
        if program:
            qs = qs.filter(program__code=program.replace("\x00", ""))
        indicator = (request.query_params.get("indicator") or "").strip()[:params.CODE_MAX_LENGTH]
        if indicator:
            qs = qs.filter(indicator_version__indicator__code=indicator.replace("\x00", ""))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(FigureSerializer(page, many=True).data)

    @extend_schema(parameters=[
        OpenApiParameter("program", OpenApiTypes.STR, description="a program's code"),
        OpenApiParameter("grade", OpenApiTypes.STR, enum=[c for c, _ in Grade.Value.choices]),
        OpenApiParameter("sunset", OpenApiTypes.BOOL, description="only the programs for a sunset review"),
    ], responses=GradeSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None)
    def grades(self, request: Request, pk: str | None = None) -> Response:
        run = self.get_object()
        q = params.parse(GradeQuery, request.query_params)
        qs = run_grades(request.user, run).select_related("scheme")
        if q.get("program"):
            qs = qs.filter(program__code=q["program"])
        if q.get("grade"):
            qs = qs.filter(grade=q["grade"])
        if q.get("sunset") is not None:
            qs = qs.filter(sunset=q["sunset"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(GradeSerializer(page, many=True).data)
