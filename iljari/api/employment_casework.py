"""API of the job centres' casework: referrals (list, create, `outcome`), placements (list, create), counselling
sessions (list, create) and follow-ups (list, `record`). Reads are the centre's own (`view_seeker`: another
centre's records are 404); writes need `counsel` on the seeker and go through `employment.casework` (audit,
version check); errors in the API's one shape."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.context import change_context
from iljari.employment import casework as cw
from iljari.employment.models import (
    Contract,
    Counselling,
    FollowUp,
    Occupation,
    Placement,
    Referral,
    Seeker,
    Vacancy,
    WageType,
)

from . import params


class _CaseworkPermission(permissions.BasePermission):
    """Signed in; reads need `view_seeker`, writes `counsel` somewhere (else 403). Objects outside the user's
    centres are 404 (restricted querysets)."""

    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        action_name = "view_seeker" if request.method in permissions.SAFE_METHODS else "counsel"
        return policy.allows(user, action_name)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:  # type: ignore[override]
        return True


def _seeker(request: Request, pk: int) -> Seeker:
    """The seeker named in a body: another centre's is 404, one the user sees but may not counsel 403."""
    seeker = Seeker.objects.restrict(request.user, "view_seeker").filter(pk=pk).first()
    if seeker is None:
        raise NotFound("no such seeker / 해당 구직자가 없습니다")
    if not policy.can(request.user, "counsel", seeker):
        raise PermissionDenied()
    return seeker


def _may_counsel(request: Request, obj: Any) -> None:
    if not policy.can(request.user, "counsel", obj):
        raise PermissionDenied()


_TEXT = {"required": False, "allow_blank": True, "default": ""}


# ---------------------------------------------------------------------------------------------------------------
# Referrals


class ReferralSerializer(serializers.ModelSerializer):
    centre = serializers.CharField(source="centre.code")
    vacancy_title = serializers.CharField(source="vacancy.title")

    class Meta:
        model = Referral
        fields = ["id", "seeker", "vacancy", "vacancy_title", "centre", "referred_on", "outcome", "outcome_on",
                  "reason", "version", "created_at"]


class ReferralCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    seeker = params.IntegerField(min_value=1)
    vacancy = params.IntegerField(min_value=1)
    referred_on = params.DateField(required=False, help_text="default: today")


class OutcomeSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[v for v in Referral.Outcome.values if v != "pending"])
    on = params.DateField()
    reason = params.CharField(max_length=300, **_TEXT)
    expected_version = params.IntegerField(min_value=0, max_value=2**31, required=False)


class ReferralFilter(django_filters.FilterSet):
    class Meta:
        model = Referral
        fields = ["seeker", "vacancy", "outcome"]


class ReferralViewSet(params.CheckedLookupMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """알선: the referrals of the user's centres; POST makes one (`seeker`, `vacancy`); `POST
    /api/referrals/{id}/outcome/` records what came of it."""

    serializer_class = ReferralSerializer
    permission_classes = [_CaseworkPermission]
    filterset_class = ReferralFilter

    def get_queryset(self) -> Any:
        return (Referral.objects.restrict(self.request.user, "view_seeker").select_related("centre", "vacancy")
                .order_by("-referred_on", "-pk"))

    @extend_schema(request=ReferralCreateSerializer, responses={201: ReferralSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = ReferralCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        seeker = _seeker(request, d["seeker"])
        vacancy = Vacancy.objects.filter(pk=d["vacancy"]).first()
        if vacancy is None:
            raise NotFound("no such vacancy / 해당 구인이 없습니다")
        with change_context("api"):
            referral = cw.referral_create(actor=request.user, seeker=seeker, vacancy=vacancy,
                                          referred_on=d.get("referred_on"))
        return Response(ReferralSerializer(referral).data, status=201)

    @extend_schema(request=OutcomeSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: Any = None) -> Response:
        referral = self.get_object()
        _may_counsel(request, referral)
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            done = cw.referral_outcome(actor=request.user, referral=referral, version=d.get("expected_version"),
                                       outcome=d["outcome"], on=d["on"], reason=d["reason"])
        return Response(ReferralSerializer(done).data)


# ---------------------------------------------------------------------------------------------------------------
# Placements


class FollowUpSerializer(serializers.ModelSerializer):
    seeker = serializers.IntegerField(source="placement.seeker_id")
    retention = serializers.SerializerMethodField(help_text="the seeker's retention in words (ko, en)")

    class Meta:
        model = FollowUp
        fields = ["id", "placement", "seeker", "months", "due_on", "done_on", "still_employed", "same_employer",
                  "note", "retention", "version"]

    def get_retention(self, obj: FollowUp) -> dict[str, str]:
        r = cw.retention_status(obj.placement.seeker)
        return {"code": r.code, "ko": r.ko, "en": r.en}


class PlacementSerializer(serializers.ModelSerializer):
    centre = serializers.CharField(source="centre.code")
    occupation = serializers.CharField(source="occupation.code")
    follow_ups = FollowUpSerializer(many=True)

    class Meta:
        model = Placement
        fields = ["id", "seeker", "referral", "centre", "employer", "employer_name", "occupation", "placed_on",
                  "wage_type", "wage", "contract", "via", "follow_ups", "version", "created_at"]


class PlacementCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    seeker = params.IntegerField(min_value=1)
    referral = params.IntegerField(min_value=1, required=False, allow_null=True)
    employer_name = params.CharField(max_length=200, **_TEXT)
    occupation = params.SlugRelatedField(slug_field="code", queryset=Occupation.objects.all(), required=False,
                                         allow_null=True, help_text="KECO code; default: the vacancy's")
    placed_on = params.DateField()
    wage_type = serializers.ChoiceField(choices=WageType.values)
    wage = params.IntegerField(min_value=1, max_value=10**10, help_text="won per wage_type")
    contract = serializers.ChoiceField(choices=Contract.values)
    via = serializers.ChoiceField(choices=Placement.Via.values, default=Placement.Via.REFERRAL)


class PlacementViewSet(params.CheckedLookupMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """취업: placements of the user's centres with their follow-ups; POST records one (the referral becomes
    hired, the seeker placed, the follow-ups at 1, 3 and 6 months are made)."""

    serializer_class = PlacementSerializer
    permission_classes = [_CaseworkPermission]
    filterset_fields = ["seeker", "via"]

    def get_queryset(self) -> Any:
        return (Placement.objects.restrict(self.request.user, "view_seeker")
                .select_related("centre", "occupation").prefetch_related("follow_ups").order_by("-placed_on", "-pk"))

    @extend_schema(request=PlacementCreateSerializer, responses={201: PlacementSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = PlacementCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        seeker = _seeker(request, d["seeker"])
        referral = None
        if d.get("referral"):
            referral = Referral.objects.restrict(request.user, "view_seeker").filter(pk=d["referral"]).first()
            if referral is None:
                raise NotFound("no such referral / 해당 알선이 없습니다")
        with change_context("api"):
            placement = cw.placement_record(
                actor=request.user, seeker=seeker, referral=referral, employer_name=d["employer_name"],
                occupation=d.get("occupation"), placed_on=d["placed_on"], wage_type=d["wage_type"], wage=d["wage"],
                contract=d["contract"], via=d["via"])
        return Response(PlacementSerializer(placement).data, status=201)


# ---------------------------------------------------------------------------------------------------------------
# Counselling


class CounsellingSerializer(serializers.ModelSerializer):
    centre = serializers.CharField(source="centre.code")

    class Meta:
        model = Counselling
        fields = ["id", "seeker", "centre", "held_on", "kind", "channel", "notes", "next_step", "created_at"]


class CounsellingCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    seeker = params.IntegerField(min_value=1)
    held_on = params.DateField()
    kind = serializers.ChoiceField(choices=Counselling.Kind.values)
    channel = serializers.ChoiceField(choices=Counselling.Channel.values, default=Counselling.Channel.VISIT)
    notes = params.CharField(max_length=4000, **_TEXT)
    next_step = params.CharField(max_length=300, **_TEXT)


class CounsellingViewSet(params.CheckedLookupMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """상담: sessions of the user's centres; POST records one."""

    serializer_class = CounsellingSerializer
    permission_classes = [_CaseworkPermission]
    filterset_fields = ["seeker", "kind"]

    def get_queryset(self) -> Any:
        return (Counselling.objects.restrict(self.request.user, "view_seeker").select_related("centre")
                .order_by("-held_on", "-pk"))

    @extend_schema(request=CounsellingCreateSerializer, responses={201: CounsellingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = CounsellingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        seeker = _seeker(request, d["seeker"])
        with change_context("api"):
            session = cw.counselling_record(actor=request.user, seeker=seeker, held_on=d["held_on"], kind=d["kind"],
                                            channel=d["channel"], notes=d["notes"], next_step=d["next_step"])
        return Response(CounsellingSerializer(session).data, status=201)


# ---------------------------------------------------------------------------------------------------------------
# Follow-ups


class FollowUpRecordSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    done_on = params.DateField()
    still_employed = serializers.BooleanField()
    same_employer = serializers.BooleanField(required=False, allow_null=True, default=None)
    note = params.CharField(max_length=300, **_TEXT)
    expected_version = params.IntegerField(min_value=0, max_value=2**31, required=False)


class FollowUpFilter(django_filters.FilterSet):
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = FollowUp
        fields = ["months", "due_before", "done"]


class FollowUpViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """사후관리: follow-ups of the user's centres (earliest due first; `done=false&due_before=…` for the ones to
    do); `POST /api/follow-ups/{id}/record/` records the answer."""

    serializer_class = FollowUpSerializer
    permission_classes = [_CaseworkPermission]
    filterset_class = FollowUpFilter

    def get_queryset(self) -> Any:
        return (FollowUp.objects.restrict(self.request.user, "view_seeker").select_related("placement__seeker")
                .order_by("due_on", "pk"))

    @extend_schema(request=FollowUpRecordSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: Any = None) -> Response:
        follow_up = self.get_object()
        _may_counsel(request, follow_up)
        body = FollowUpRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            done = cw.follow_up_record(actor=request.user, follow_up=follow_up, version=d.get("expected_version"),
                                       done_on=d["done_on"], still_employed=d["still_employed"],
                                       same_employer=d["same_employer"], note=d["note"])
        return Response(FollowUpSerializer(done).data)
