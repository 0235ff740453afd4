"""API of the interview-suit rental (issue 16, slice "suits"): rentals and the branches' stock, for officers.

`/api/rentals/`: the rentals of the branches the user may see (`view_booking`; another unit's: 404); `POST` lends
at the desk (`operate_booking`, the same `rental_book` as the citizens' page: residency, age, yearly cap, stock);
`POST /api/rentals/{id}/pick-up/`, `/return/` (in person or by parcel with the tracking number), `/cancel/`.
`/api/suit-items/`: the pieces of stock (`view_booking`); `POST` adds one (`operate_booking`). Errors come in the
API's one shape (iljari.api.errors); the database's refusal of an overlapping line is a FULL refusal, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.bookings import suit_services as svc
from iljari.bookings.models import Place, Rental, SuitItem
from iljari.core.context import change_context
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from . import params


class _ActionPermission(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        needed = "operate_booking" if request.method == "POST" else "view_booking"
        return policy.allows(user, needed)


def _branch(user: Any, code: str) -> Place:
    branch = Place.objects.restrict(user, "operate_booking").filter(code=code, kind=Place.Kind.SUIT_BRANCH).first()
    if branch is None:
        raise ServiceError(Problem(ErrorCode.UNKNOWN_CODE, f"운영할 수 있는 정장 대여 지점이 아닙니다 ({code})",
                                   f"not a suit branch you run ({code})", field="branch"))
    return branch


class RentalLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    tag = serializers.CharField(source="item.tag")
    kind = serializers.CharField(source="item.item")
    size = serializers.CharField(source="item.size")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    live = serializers.BooleanField()


class RentalSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.code")
    lines = RentalLineSerializer(many=True, read_only=True)

    class Meta:
        model = Rental
        fields = ["id", "person", "branch", "pickup_on", "due_on", "status", "channel", "sizes_note", "picked_up_at",
                  "returned_on", "return_method", "tracking_number", "late_days", "lines", "version"]


class DeskSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    branch = params.CharField(max_length=40, help_text="the branch's code")
    name = params.CharField(max_length=100)
    birth_date = params.DateField()
    phone = params.CharField(max_length=20)
    district = params.CharField(max_length=40, required=False, allow_null=True, default=None,
                                help_text="org unit code of the district the person lives in")
    cut = serializers.ChoiceField(choices=SuitItem.Cut.values)
    pieces = serializers.DictField(child=params.CharField(max_length=10), help_text='e.g. {"jacket": "100"}')
    final_year_student = serializers.BooleanField(required=False, default=False)
    hand_over = serializers.BooleanField(required=False, default=True)


class RentalVersionSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    expected_version = params.IntegerField(min_value=0, max_value=2**31,
                                           help_text="the version you read: a stale one is 409")


class PickUpSerializer(RentalVersionSerializer):
    swaps = serializers.DictField(child=params.IntegerField(min_value=1), required=False, default=dict,
                                  help_text="line id -> piece id")


class ReturnSerializer(RentalVersionSerializer):
    returned_on = params.DateField(help_text="for a parcel, the day it was sent")
    method = serializers.ChoiceField(choices=Rental.ReturnMethod.values)
    tracking_number = params.CharField(max_length=30, required=False, default="", allow_blank=True)


class RentalViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """정장 대여: rentals of the user's branches; `POST` lends at the desk; actions pick-up, return, cancel."""

    serializer_class = RentalSerializer
    permission_classes = [_ActionPermission]
    filterset_fields = ["status", "channel", "pickup_on", "due_on"]

    def get_queryset(self) -> Any:
        return (Rental.objects.restrict(self.request.user, "view_booking").select_related("branch")
                .prefetch_related("lines__item").order_by("-pk"))

    @extend_schema(request=DeskSerializer, responses={201: RentalSerializer})
    def create(self, request: Request) -> Response:
        body = DeskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        branch = _branch(request.user, d["branch"])
        district = OrgUnit.objects.filter(code=d["district"]).first() if d["district"] else None
        from django.utils import timezone

        with change_context("api"), transaction.atomic():
            person = svc.desk_person(actor=request.user, name=d["name"], birth_date=d["birth_date"],
                                     phone=d["phone"], district=district)
            rental = svc.rental_book(actor=request.user, person=person, branch=branch,
                                     pickup_on=timezone.localdate(), pieces=d["pieces"], cut=d["cut"],
                                     channel="desk", final_year_student=d["final_year_student"],
                                     hand_over=d["hand_over"])
        return Response(RentalSerializer(rental).data, status=201)

    def _operable(self) -> Rental:
        rental = self.get_object()
        if not policy.can(self.request.user, "operate_booking", rental):
            raise PermissionDenied()
        return rental

    @extend_schema(request=PickUpSerializer, responses=RentalSerializer)
    @action(detail=True, methods=["post"], url_path="pick-up", url_name="pick-up")
    def pick_up(self, request: Request, pk: Any = None) -> Response:
        rental = self._operable()
        body = PickUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        swaps = {int(k): v for k, v in body.validated_data["swaps"].items() if str(k).isdigit()}
        with change_context("api"):
            done = svc.rental_pick_up(actor=request.user, rental=rental, swaps=swaps,
                                      version=body.validated_data["expected_version"])
        return Response(RentalSerializer(done).data)

    @extend_schema(request=ReturnSerializer, responses=RentalSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        rental = self._operable()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            done = svc.rental_return(actor=request.user, rental=rental, returned_on=d["returned_on"],
                                     method=d["method"], tracking_number=d["tracking_number"],
                                     version=d["expected_version"])
        return Response(RentalSerializer(done).data)

    @extend_schema(request=RentalVersionSerializer, responses=RentalSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        rental = self._operable()
        body = RentalVersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with change_context("api"):
            done = svc.rental_cancel(actor=request.user, rental=rental, by_officer=True,
                                     version=body.validated_data["expected_version"])
        return Response(RentalSerializer(done).data)


class SuitItemSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.code")

    class Meta:
        model = SuitItem
        fields = ["id", "branch", "tag", "item", "cut", "size", "colour", "active"]


class SuitItemCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    branch = params.CharField(max_length=40)
    tag = params.CharField(max_length=30)
    item = serializers.ChoiceField(choices=SuitItem.Item.values)
    cut = serializers.ChoiceField(choices=SuitItem.Cut.values)
    size = params.CharField(max_length=10)
    colour = params.CharField(max_length=30, required=False, default="", allow_blank=True)


class SuitItemViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """정장 재고: pieces of the user's branches; `POST` adds one."""

    serializer_class = SuitItemSerializer
    permission_classes = [_ActionPermission]
    filterset_fields = ["item", "cut", "size", "active"]

    def get_queryset(self) -> Any:
        return (SuitItem.objects.restrict(self.request.user, "view_booking").select_related("branch")
                .order_by("branch", "item", "size", "tag"))

    @extend_schema(request=SuitItemCreateSerializer, responses={201: SuitItemSerializer})
    def create(self, request: Request) -> Response:
        body = SuitItemCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            piece = svc.suit_item_save(actor=request.user, branch=_branch(request.user, d["branch"]), tag=d["tag"],
                                       kind=d["item"], cut=d["cut"], size=d["size"], colour=d["colour"])
        return Response(SuitItemSerializer(piece).data, status=201)
