"""API of the subsidy and open-call cases (issue 17, slice "flows"): cases, flows and payments.

`/api/cases/`: the cases the user may see (`view_case`: the receiving district's officers, the owning office's
officers, the portfolio office, administrators; a reviewer: 403; another district's case: 404), filtered by `flow`,
`stage` (codes), `district` (a unit's code) and `waiting=true` (only the cases waiting on me). `/api/cases/{id}/`
adds the whole history and the actions the user may take now with what blocks each. `POST /api/cases/{id}/move/`
takes a transition (`transition`, `expected_version`, `reason`) through `cases.flows.case_move`: 200 with the
moved case, 400 (a condition fails, a reason is missing, no such action here), 403 (another office acts at this
stage), 404, 409 (someone acted first). `/api/flows/` and `/api/flows/{code}/`: flows with their stages and
transitions (public policy data, any signed-in user). `/api/payments/`: payments of the cases the user may see,
read-only, filtered by `flow`, `district`, `status`, `case`. Errors in the API's one shape (iljari.api.errors).
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.cases import selectors as sel
from iljari.cases.conditions import CONDITIONS
from iljari.cases.flows import actions_for, case_move
from iljari.cases.models import Case, CaseEvent, Flow, Payment, Stage, Transition
from iljari.core.context import change_context
from iljari.people.selectors import mask_name

from . import params


class _CasePermission(permissions.BasePermission):
    """Signed in; reading needs `view_case`, moving `handle_case` somewhere (else 403). Cases outside the user's
    units are 404 (restricted querysets); who acts at a stage is the flow's (`case_move`: 403)."""

    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return policy.allows(user, "view_case" if request.method in permissions.SAFE_METHODS else "handle_case")


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message_ko = serializers.CharField()
    message_en = serializers.CharField()


class CaseSerializer(serializers.ModelSerializer):
    flow = serializers.CharField(source="flow.code")
    flow_name_ko = serializers.CharField(source="flow.name_ko")
    stage = serializers.CharField(source="stage.code")
    stage_name_ko = serializers.CharField(source="stage.name_ko")
    stage_name_en = serializers.CharField(source="stage.name_en")
    district = serializers.CharField(source="district.code", allow_null=True, default=None)
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    person = serializers.SerializerMethodField(help_text="the worker's name, masked (김*수)")

    class Meta:
        model = Case
        fields = ["id", "reference", "flow", "flow_name_ko", "stage", "stage_name_ko", "stage_name_en", "district",
                  "organisation", "person", "category", "title", "channel", "applied_on", "entered_stage_at",
                  "due_on", "amount_claimed", "amount_approved", "outcome", "version"]

    def get_person(self, obj: Case) -> str | None:
        return mask_name(obj.person.name) if obj.person_id else None


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    transition = serializers.CharField(source="transition.code", allow_null=True, default=None)
    from_stage = serializers.CharField(source="from_stage.code", allow_null=True, default=None)
    to_stage = serializers.CharField(source="to_stage.code", allow_null=True, default=None)

    class Meta:
        model = CaseEvent
        fields = ["at", "kind", "actor", "transition", "from_stage", "to_stage", "reason"]

    def get_actor(self, obj: CaseEvent) -> str:
        return obj.actor.username if obj.actor_id else obj.actor_label


class ActionSerializer(serializers.Serializer):
    transition = serializers.CharField()
    label_ko = serializers.CharField()
    label_en = serializers.CharField()
    to = serializers.CharField(help_text="the stage code the case goes to")
    needs_reason = serializers.BooleanField()
    blocked = ProblemSerializer(many=True, help_text="what stops it now (empty: it can be taken)")


class CaseDetailSerializer(CaseSerializer):
    history = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "history", "actions"]

    @extend_schema(responses=EventSerializer(many=True))
    def get_history(self, obj: Case) -> list[dict[str, Any]]:
        events = obj.events.select_related("actor", "transition", "from_stage", "to_stage").order_by("at", "id")
        return EventSerializer(events, many=True).data  # type: ignore[return-value]

    @extend_schema(responses=ActionSerializer(many=True))
    def get_actions(self, obj: Case) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return [{"transition": a.transition.code, "label_ko": a.transition.label_ko,
                 "label_en": a.transition.label_en, "to": a.transition.dest.code,
                 "needs_reason": a.transition.needs_reason,
                 "blocked": [{"code": str(p.code), "message_ko": p.message_ko, "message_en": p.message_en}
                             for p in a.blocked]} for a in actions_for(user, obj)]


class MoveSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    transition = params.CharField(max_length=40, help_text="the transition's code (see the case's `actions`)")
    expected_version = params.IntegerField(min_value=0, max_value=2**31,
                                           help_text="the case's version you read: a stale one is 409")
    reason = params.CharField(max_length=2000, required=False, default="", allow_blank=True)


class CaseFilter(django_filters.FilterSet):
    flow = django_filters.CharFilter(field_name="flow__code", max_length=40)
    stage = django_filters.CharFilter(field_name="stage__code", max_length=40)
    district = django_filters.CharFilter(field_name="district__code", max_length=40)
    outcome = django_filters.ChoiceFilter(choices=Stage.Outcome.choices)
    waiting = django_filters.BooleanFilter(method="filter_waiting", label="only the cases waiting on me")

    class Meta:
        model = Case
        fields = ["flow", "stage", "district", "outcome", "waiting"]

    def filter_waiting(self, qs: Any, name: str, value: bool) -> Any:
        if value is None:
            return qs
        mine = sel.waiting_on(self.request.user).values("pk")
        return qs.filter(pk__in=mine) if value else qs.exclude(pk__in=mine)


class CaseViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """지원금·공모 사례: the cases the user may see; `move` takes a transition."""

    serializer_class = CaseSerializer
    permission_classes = [_CasePermission]
    filterset_class = CaseFilter

    def get_queryset(self) -> Any:
        return (Case.objects.restrict(self.request.user, "view_case")
                .select_related("flow__program__owner_org", "stage", "district", "organisation", "person")
                .order_by("id"))

    def get_serializer_class(self) -> Any:
        return CaseDetailSerializer if self.action in ("retrieve", "move") else CaseSerializer

    @extend_schema(request=MoveSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            moved = case_move(actor=request.user, case=case, transition=d["transition"],
                              version=d["expected_version"], reason=d["reason"])
        fresh = self.get_queryset().get(pk=moved.pk)
        return Response(CaseDetailSerializer(fresh, context={"request": request}).data)


# ------------------------------------------------------------------------------------------------ flows


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["code", "name_ko", "name_en", "order", "kind", "outcome", "actor_role", "actor_level",
                  "deadline_days", "remind_days", "required_documents", "version"]


class ConditionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label_ko = serializers.CharField()
    label_en = serializers.CharField()


class TransitionSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.code")
    dest = serializers.CharField(source="dest.code")
    conditions = serializers.SerializerMethodField()

    class Meta:
        model = Transition
        fields = ["code", "label_ko", "label_en", "source", "dest", "conditions", "needs_reason"]

    @extend_schema(responses=ConditionSerializer(many=True))
    def get_conditions(self, obj: Transition) -> list[dict[str, str]]:
        out = []
        for name in obj.conditions or []:
            c = CONDITIONS.get(name)
            out.append({"name": name, "label_ko": c.label_ko if c else "알 수 없는 조건",
                        "label_en": c.label_en if c else "unknown condition"})
        return out


class FlowSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    owner = serializers.CharField(source="program.owner_org.code")

    class Meta:
        model = Flow
        fields = ["code", "name_ko", "name_en", "kind", "program", "owner", "description", "active", "version"]


class FlowDetailSerializer(FlowSerializer):
    stages = StageSerializer(many=True)
    transitions = serializers.SerializerMethodField()

    class Meta(FlowSerializer.Meta):
        fields = [*FlowSerializer.Meta.fields, "stages", "transitions"]

    @extend_schema(responses=TransitionSerializer(many=True))
    def get_transitions(self, obj: Flow) -> list[dict[str, Any]]:
        ts = obj.transitions.select_related("source", "dest").order_by("source__order", "order", "id")
        return TransitionSerializer(ts, many=True).data  # type: ignore[return-value]


class FlowFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Flow.Kind.choices)
    active = django_filters.BooleanFilter()

    class Meta:
        model = Flow
        fields = ["kind", "active"]


class FlowViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """흐름: how each subsidy and call is run (stages, who acts, deadlines, transitions and their conditions)."""

    serializer_class = FlowSerializer
    filterset_class = FlowFilter
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]+"

    def get_queryset(self) -> Any:
        return (Flow.objects.restrict(self.request.user, "view").select_related("program__owner_org")
                .prefetch_related("stages").order_by("code"))

    def get_serializer_class(self) -> Any:
        return FlowDetailSerializer if self.action == "retrieve" else FlowSerializer


# ------------------------------------------------------------------------------------------------ payments


class PaymentSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference")
    flow = serializers.CharField(source="case.flow.code")
    district = serializers.CharField(source="case.district.code", allow_null=True, default=None)
    batch = serializers.CharField(source="batch.number", allow_null=True, default=None)

    class Meta:
        model = Payment
        fields = ["id", "case", "flow", "district", "batch", "step", "label", "payee", "amount", "months", "due_on",
                  "status", "status_reason", "paid_on", "version"]


class PaymentFilter(django_filters.FilterSet):
    flow = django_filters.CharFilter(field_name="case__flow__code", max_length=40)
    district = django_filters.CharFilter(field_name="case__district__code", max_length=40)
    case = django_filters.CharFilter(field_name="case__reference", max_length=80)
    status = django_filters.ChoiceFilter(choices=Payment.Status.choices)
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Payment
        fields = ["flow", "district", "case", "status", "due_before"]


class PaymentViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """지급: the payments of the cases the user may see (read-only; batches are made on the money pages)."""

    serializer_class = PaymentSerializer
    permission_classes = [_CasePermission]
    filterset_class = PaymentFilter

    def get_queryset(self) -> Any:
        return (Payment.objects.restrict(self.request.user, "view_case")
                .select_related("case__flow", "case__district", "batch").order_by("due_on", "id"))
