"""API of the café room bookings (issue 16, slice "rooms"): a room's free slots on a day, and the bookings of the
places the user may see (list and detail: `view_booking`, another unit's booking is 404), a desk booking for a
walk-in (`POST /api/bookings/`, `operate_booking`) and the actions `cancel`, `check-in` and `no-show` (with the
version read: a stale one is 409). Writes call `bookings.room_services` (the same rules and locks as the pages);
refusals come in the API's one shape with the code (full, cap_reached, place_closed, too_late …) and Korean and
English messages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.bookings import room_services as svc
from iljari.bookings.models import Booking, Room
from iljari.core.context import change_context
from iljari.core.errors import ErrorCode, Problem, ServiceError

from . import params
from .serializers import REASON_MAX


class _ActionPermission(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        needed = view.write_action if request.method == "POST" else view.read_action
        return policy.allows(user, needed)


class SlotParams(params.EnglishErrorsMixin, serializers.Serializer):
    room = params.IntegerField(min_value=1, help_text="the room's id")
    day = params.DateField(help_text="YYYY-MM-DD")


@extend_schema(parameters=[OpenApiParameter("room", int, required=True), OpenApiParameter("day", OpenApiTypes.DATE,
                                                                                         required=True)],
               responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def slots_view(request: Request) -> Response:
    """The room's slots on the day (each step of its slot length within the opening hours, not yet begun) with
    the seats free; `closed` says why a day has none."""
    p = params.parse(SlotParams, request.query_params)
    room = Room.objects.select_related("place").filter(pk=p["room"], active=True).first()
    if room is None:
        raise NotFound("no such room / 해당 공간이 없습니다")
    s = svc.room_slots(room=room, day=p["day"])
    closed = None
    if s.refusal is not None:
        closed = {"code": str(s.refusal.code), "message_ko": s.refusal.message_ko, "message_en": s.refusal.message_en}
    elif not s.opening.is_open:
        closed = {"code": str(ErrorCode.PLACE_CLOSED), "message_ko": s.opening.closed_ko,
                  "message_en": s.opening.closed_en}
    return Response({"room": room.pk, "place": room.place.code, "day": p["day"].isoformat(), "seats": s.seats,
                     "slot_minutes": room.slot_minutes, "lengths": s.lengths if closed is None else [],
                     "closed": closed,
                     "slots": [{"starts_at": x.starts_at.isoformat(), "ends_at": x.ends_at.isoformat(), "free": x.free}
                               for x in s.slots]})


class BookingSerializer(serializers.ModelSerializer):
    place = serializers.CharField(source="place.code")
    seat = serializers.CharField(source="seat.label", allow_null=True, default=None)
    name = serializers.CharField(source="person.name", allow_null=True, default=None)
    phone = serializers.CharField(source="person.phone", allow_null=True, default=None)

    class Meta:
        model = Booking
        fields = ["id", "kind", "service", "place", "room", "seat", "session", "name", "phone", "starts_at",
                  "ends_at", "party_size", "status", "channel", "checked_in_at", "cancelled_at", "cancel_reason",
                  "version"]


class DeskBookingSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    room = params.IntegerField(min_value=1, help_text="the room's id")
    name = params.CharField(max_length=100)
    phone = params.CharField(max_length=20)
    birth_date = params.DateField(required=False, allow_null=True, default=None)
    starts_at = params.DateTimeField()
    ends_at = params.DateTimeField()
    party_size = params.IntegerField(min_value=1, max_value=99, required=False, default=1)


class ActionSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    expected_version = params.IntegerField(min_value=0, max_value=2**31,
                                           help_text="the version you read: a stale one is 409")
    reason = params.CharField(max_length=REASON_MAX, required=False, default="", allow_blank=True)


class BookingViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """예약: room and programme bookings of the places the user may see (`view_booking`); `POST` books a room
    for a walk-in at the desk (`operate_booking`); `cancel`, `check-in` and `no-show` act on one."""

    serializer_class = BookingSerializer
    permission_classes = [_ActionPermission]
    read_action = "view_booking"
    write_action = "operate_booking"
    filterset_fields = ["status", "kind", "service", "room", "channel"]

    def get_queryset(self) -> Any:
        return (Booking.objects.restrict(self.request.user, "view_booking")
                .select_related("place", "seat", "person").order_by("-starts_at", "-pk"))

    @extend_schema(request=DeskBookingSerializer, responses={201: BookingSerializer})
    def create(self, request: Request) -> Response:
        body = DeskBookingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = dict(body.validated_data)
        room = Room.objects.restrict(request.user, "operate_booking").select_related("place").filter(
            pk=d.pop("room")).first()
        if room is None:
            raise ServiceError(Problem(ErrorCode.UNKNOWN_CODE, "예약을 받을 수 있는 공간이 아닙니다",
                                       "not a room you may take bookings for", field="room"))
        with change_context("api"):
            booking = svc.room_desk_book(actor=request.user, room=room, **d)
        return Response(BookingSerializer(booking).data, status=201)

    def _act(self, request: Request, do: Any) -> Response:
        booking = self.get_object()
        body = ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        with change_context("api"):
            do(booking, d["expected_version"], d["reason"])
        booking.refresh_from_db()
        return Response(BookingSerializer(booking).data)

    @extend_schema(request=ActionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        return self._act(request, lambda b, v, r: svc.booking_cancel(actor=request.user, booking=b, version=v,
                                                                     reason=r))

    @extend_schema(request=ActionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request: Request, pk: Any = None) -> Response:
        return self._act(request, lambda b, v, r: svc.booking_check_in(actor=request.user, booking=b, version=v))

    @extend_schema(request=ActionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path="no-show", url_name="no-show")
    def no_show(self, request: Request, pk: Any = None) -> Response:
        return self._act(request, lambda b, v, r: svc.booking_no_show(actor=request.user, booking=b, version=v,
                                                                      reason=r))
