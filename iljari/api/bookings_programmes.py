"""API of the job cafés' programmes (issue 16, slice "programmes").

- `/api/sessions/`: upcoming programme sessions with seats left and the waiting list's length. Public and read
  only, like the citizens' programme pages (/cafes/programmes/): anonymous visitors may read it (no personal data).
- `/api/session-bookings/`: the places booked in sessions of the user's cafés (`view_booking`, restricted: another
  unit's is 404); `POST` books a place for a person at the desk (`operate_booking`): {"session", "person"};
  `POST …/{id}/cancel/` cancels one ({"reason"} required) and offers the seat to the waiting list.
- `/api/waitlist/`: the waiting lists of the user's cafés with offers and deadlines (`view_booking`).
Errors come in the API's one shape; a full session is 409 with code "full"."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from iljari.access import policy
from iljari.bookings import programme_services as svc
from iljari.bookings.models import Booking, Session, WaitlistEntry
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.people.models import Person

from . import params


class _ActionPermission(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:  # type: ignore[override]
        user = request.user
        if not (user and user.is_authenticated):
            return False
        needed = getattr(view, "write_action", view.read_action) if request.method == "POST" else view.read_action
        return policy.allows(user, needed)


class SessionSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.title_ko")
    programme_en = serializers.CharField(source="programme.title_en")
    kind = serializers.CharField(source="programme.kind")
    place = serializers.CharField(source="programme.place.code")
    place_name = serializers.CharField(source="programme.place.name_ko")
    district = serializers.CharField(source="programme.place.district.code")
    booked = serializers.IntegerField(source="n_booked")
    offered = serializers.IntegerField(source="n_offered")
    waiting = serializers.IntegerField(source="n_waiting")
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "programme", "programme_en", "kind", "place", "place_name", "district", "starts_at",
                  "ends_at", "capacity", "booked", "offered", "waiting", "seats_left", "status"]

    def get_seats_left(self, obj: Session) -> int:
        return max(obj.capacity - obj.n_booked - obj.n_offered, 0)


class SessionViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """프로그램 회차: upcoming sessions of every café with seats left (public, read only; no personal data)."""

    serializer_class = SessionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["status"]

    def get_queryset(self) -> Any:
        qs = Session.objects.filter(starts_at__gt=timezone.now(), status=Session.Status.SCHEDULED,
                                    programme__active=True)
        return svc.with_counts(qs.select_related("programme__place__district")).order_by("starts_at", "id")


class SessionBookingSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", allow_null=True, default=None)

    class Meta:
        model = Booking
        fields = ["id", "session", "person", "person_name", "place", "starts_at", "ends_at", "status", "channel",
                  "created_at", "checked_in_at", "cancelled_at", "cancel_reason", "version"]


class SessionBookingCreateSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    session = params.IntegerField(min_value=1, max_value=params.BIGINT_MAX)
    person = params.IntegerField(min_value=1, max_value=params.BIGINT_MAX)


class CancelSerializer(params.EnglishErrorsMixin, serializers.Serializer):
    reason = params.CharField(max_length=300)


def _status(exc: ServiceError) -> int:
    return 409 if any(str(p.code) in ("full", "duplicate_booking") for p in exc.problems) else 400


class SessionBookingViewSet(params.CheckedLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """프로그램 신청: places booked in sessions of the user's cafés; `POST` books one at the desk; `cancel`."""

    serializer_class = SessionBookingSerializer
    permission_classes = [_ActionPermission]
    read_action = "view_booking"
    write_action = "operate_booking"
    filterset_fields = ["session", "status"]

    def get_queryset(self) -> Any:
        return (Booking.objects.restrict(self.request.user, "view_booking").filter(kind=Booking.Kind.SESSION)
                .select_related("person").order_by("-pk"))

    @extend_schema(request=SessionBookingCreateSerializer, responses={201: SessionBookingSerializer})
    def create(self, request: Request) -> Response:
        body = SessionBookingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = Session.objects.restrict(request.user, "operate_booking").filter(pk=body.validated_data["session"]
                                                                                   ).first()
        person = Person.objects.filter(pk=body.validated_data["person"]).first()
        if session is None or person is None:
            raise NotFound()
        try:
            with change_context("api"):
                booking = svc.session_book(actor=request.user, person=person, session=session, channel="desk")
        except ServiceError as exc:
            exc.status = _status(exc)
            raise
        return Response(SessionBookingSerializer(booking).data, status=201)

    @extend_schema(request=CancelSerializer, responses={200: SessionBookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        booking = self.get_object()
        if not svc.can_operate(request.user, booking.place):
            raise NotFound()
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with change_context("api"):
            done = svc.session_booking_cancel(actor=request.user, booking=booking,
                                              reason=body.validated_data["reason"])
        return Response(SessionBookingSerializer(done).data)


class WaitlistSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name")

    class Meta:
        model = WaitlistEntry
        fields = ["id", "session", "person", "person_name", "place", "status", "created_at", "offered_at",
                  "offer_expires_at", "booking", "version"]


class WaitlistViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    """대기자 명단: waiting-list entries of the user's cafés with their offers and deadlines."""

    serializer_class = WaitlistSerializer
    permission_classes = [_ActionPermission]
    read_action = "view_booking"
    filterset_fields = ["session", "status"]

    def get_queryset(self) -> Any:
        return (WaitlistEntry.objects.restrict(self.request.user, "view_booking").filter(session__isnull=False)
                .select_related("person").order_by("created_at", "id"))
