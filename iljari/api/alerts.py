"""API of the double-receipt check: alerts (list, detail), the link review's decision, recovery cases (list,
detail, payments). Reads are restricted like the pages (`view_person`, `review_link`, `manage_recovery`); writes go
through `people.alerts` services (audit, version check); errors in the API's one shape."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.core.context import change_context
from iljari.people import alert_text as t
from iljari.people.alerts import (
    audit_view,
    link_decide,
    outstanding,
    paid_back,
    recovery_payment_record,
)
from iljari.people.models import Alert, PersonLink, RecoveryCase

from . import params
from .serializers import REASON_MAX


class _ActionPermission(permissions.BasePermission):
    """Signed in, and the view's action allowed somewhere (else 403); objects outside scope are 404."""

    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        return bool(user and user.is_authenticated and policy.allows(user, view.read_action))

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:  # type: ignore[override]
        return True


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.SerializerMethodField(help_text="masked (김*수)")
    program = serializers.CharField(source="program.code", allow_null=True, default=None)
    program_name = serializers.CharField()
    org_unit = serializers.CharField(source="org_unit.code", allow_null=True, default=None)
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    months = serializers.IntegerField()
    amount = serializers.IntegerField(allow_null=True, help_text="won; null: not known")

    def get_person_name(self, obj: Any) -> str:
        return t.mask_name(obj.person.name)


class AlertSerializer(serializers.ModelSerializer):
    rule_kind = serializers.CharField(source="rule.kind")
    rule_label = serializers.CharField(source="rule.label")
    program = serializers.CharField(source="program.code", allow_null=True, default=None)
    org_unit = serializers.CharField(source="org_unit.code", allow_null=True, default=None)
    records = RecordSerializer(many=True)
    overlap = serializers.SerializerMethodField(help_text="the overlap in words (Korean and English)")
    contributions = serializers.SerializerMethodField(help_text="each field's contribution to the match")

    class Meta:
        model = Alert
        fields = ["id", "status", "rule_kind", "rule_label", "cluster_id", "program", "org_unit", "overlap_days",
                  "overlap_months", "overlap_won", "link", "probability", "contributions", "overlap", "records",
                  "reason", "decided_at", "created_at", "version"]

    def get_overlap(self, obj: Alert) -> dict[str, str]:
        return {"ko": t.overlap_sentence(obj, "ko"), "en": t.overlap_sentence(obj, "en")}

    def get_contributions(self, obj: Alert) -> list[dict[str, Any]]:
        return ((obj.detail or {}).get("link") or {}).get("contributions") or []


class AlertViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """이중수급 의심: alerts of the units the user may see (a person's benefits across programs: `view_person`)."""

    serializer_class = AlertSerializer
    permission_classes = [_ActionPermission]
    read_action = "view_person"
    filterset_fields = ["status", "rule__kind"]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One alert with its records (a person's benefits across programs): the view is audited (PIPA)."""
        alert = self.get_object()
        with change_context("api"):
            audit_view(actor=request.user, obj=alert, purpose="이중수급 점검 / double-benefit check")
        return Response(self.get_serializer(alert).data)

    def get_queryset(self) -> Any:
        return (Alert.objects.restrict(self.request.user, "view_person")
                .select_related("rule", "program", "org_unit")
                .prefetch_related("records__person", "records__program", "records__org_unit").order_by("-pk"))


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonLink
        fields = ["id", "left", "right", "probability", "match_weight", "contributions", "band", "decision",
                  "reason", "decided_at", "left_version", "right_version", "version"]


class LinkDecisionSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=["same", "different"])
    reason = params.CharField(max_length=REASON_MAX)
    expected_version = params.IntegerField(min_value=0, max_value=2**31, required=False)


class LinkViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """연계 후보: links of the review band the user may decide; `POST /api/links/{id}/decide/`."""

    serializer_class = LinkSerializer
    permission_classes = [_ActionPermission]
    read_action = "review_link"

    def get_queryset(self) -> Any:
        return PersonLink.objects.restrict(self.request.user, "review_link").distinct().order_by("-probability", "pk")

    @extend_schema(request=LinkDecisionSerializer, responses=LinkSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        link = self.get_object()
        body = LinkDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            done = link_decide(actor=request.user, link=link, decision=d["decision"], reason=d["reason"],
                               version=d.get("expected_version"))
        return Response(LinkSerializer(done).data)


class PaymentSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    paid_on = params.DateField()
    amount = params.IntegerField(min_value=1, max_value=10**12)
    expected_version = params.IntegerField(min_value=0, max_value=2**31, required=False)


class RecoverySerializer(serializers.ModelSerializer):
    paid_back = serializers.SerializerMethodField()
    outstanding = serializers.SerializerMethodField()
    payments = serializers.SerializerMethodField()

    class Meta:
        model = RecoveryCase
        fields = ["id", "alert", "amount", "notice_date", "note", "paid_back", "outstanding", "payments",
                  "created_at", "version"]

    def get_paid_back(self, obj: RecoveryCase) -> int:
        return paid_back(obj)

    def get_outstanding(self, obj: RecoveryCase) -> int:
        return outstanding(obj)

    def get_payments(self, obj: RecoveryCase) -> list[dict[str, Any]]:
        return [{"paid_on": p.paid_on.isoformat(), "amount": p.amount} for p in obj.payments.order_by("paid_on", "pk")]


class RecoveryViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """환수: recovery cases; `POST /api/recoveries/{id}/payments/` records a payment (never above outstanding)."""

    serializer_class = RecoverySerializer
    permission_classes = [_ActionPermission]
    read_action = "manage_recovery"

    def get_queryset(self) -> Any:
        return RecoveryCase.objects.restrict(self.request.user, "manage_recovery").order_by("-pk")

    @extend_schema(request=PaymentSerializer, responses=RecoverySerializer)
    @action(detail=True, methods=["post"])
    def payments(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        if not policy.can(request.user, "manage_recovery", case):
            raise PermissionDenied()
        body = PaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            recovery_payment_record(actor=request.user, case=case, paid_on=d["paid_on"], amount=d["amount"],
                                    version=d.get("expected_version"))
        case.refresh_from_db()
        return Response(RecoverySerializer(case).data, status=201)
