"""API of the job cafés and suit branches (issue 16, slice "accounts"): /api/places/ — list and retrieve by code.

Places are public data (name, address, hours, rooms; the citizens' /cafes/ pages show them without a login), so
reading needs no sign-in: anonymous callers get the places open to the public (active), signed-in users every
place. Filters: `district` (a district's code), `kind` (cafe, suit_branch), `operator` (its code), `regional`.
Read-only: officers change places on their pages (bookings.place_services). Errors in the API's one shape."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets

from iljari.bookings.models import Place

from . import params


class _RoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    mode = serializers.CharField()
    capacity = serializers.IntegerField()
    equipment = serializers.CharField()


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "09:00",
                     "description": "local time in Seoul (HH:MM), no zone: opening hours are wall-clock times"})
class _LocalTime(serializers.TimeField):
    pass


class _HoursSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(help_text="0 Monday … 6 Sunday")
    opens = _LocalTime(format="%H:%M")
    closes = _LocalTime(format="%H:%M")


class PlaceSerializer(serializers.ModelSerializer):
    operator = serializers.CharField(source="operator.code")
    operator_name_ko = serializers.CharField(source="operator.name_ko")
    district = serializers.CharField(source="district.code")
    district_name_ko = serializers.CharField(source="district.name_ko")
    hours = _HoursSerializer(many=True)
    rooms = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = ["code", "name_ko", "name_en", "kind", "setting", "operator", "operator_name_ko", "district",
                  "district_name_ko", "address", "phone", "regional", "description", "opened_on", "closed_on",
                  "active", "hours", "rooms"]

    def get_rooms(self, obj: Place) -> list[dict[str, Any]]:
        return _RoomSerializer([r for r in obj.rooms.all() if r.active], many=True).data  # type: ignore[return-value]


class PlaceFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__code", max_length=40)
    operator = django_filters.CharFilter(field_name="operator__code", max_length=40)
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices)
    regional = django_filters.BooleanFilter()

    class Meta:
        model = Place
        fields = ["district", "operator", "kind", "regional"]


class PlaceViewSet(params.CheckedLookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilter
    lookup_field = "code"
    permission_classes = [permissions.AllowAny]  # public data, like the /cafes/ pages
    queryset = Place.objects.select_related("operator", "district").prefetch_related("hours", "rooms")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = super().get_queryset().order_by("code")
        user = self.request.user
        if not (user and user.is_authenticated):
            return qs.filter(active=True)
        return qs.restrict(user, "view")
