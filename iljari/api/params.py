"""One parser for the API's query parameters and the fields it reads from bodies.

Every value is checked before it reaches a query: whole numbers fit a PostgreSQL bigint (or a smaller documented
range), years and dates fall within the years the ledger knows, texts hold no NUL character and fit their columns,
choices are one of the documented ones. A bad value is a ValidationError with a specific code
(iljari.core.errors.ErrorCode), which iljari.api.errors renders in the API's one error shape with status 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from iljari.core.errors import ErrorCode
from iljari.core.numbers import AmountUnit, Rounding
from iljari.ledger.rollup import DIMENSIONS

BIGINT_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 2200
CODE_MAX_LENGTH = 100
MAX_PAGE = 1000


class _Coded:
    """Turns DRF's generic `invalid` into the specific code of this kind of value."""

    invalid_code: ErrorCode = ErrorCode.INVALID

    def fail(self, key: str, **kwargs: Any) -> Any:
        try:
            super().fail(key, **kwargs)  # type: ignore[misc]
        except ValidationError as exc:
            code = self.invalid_code if key in ("invalid", "date", "datetime", "make_aware", "overflow") else key
            detail = exc.detail if isinstance(exc.detail, list) else [exc.detail]
            raise ValidationError([str(d) for d in detail], code=str(code)) from None


def _year_in_range(value: dt.date | dt.datetime) -> None:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(f"the year must be between {YEAR_MIN} and {YEAR_MAX}", code=ErrorCode.OUT_OF_RANGE)


class IntegerField(_Coded, serializers.IntegerField):
    """A whole number that fits a bigint unless a narrower range is given."""

    invalid_code = ErrorCode.NOT_AN_INTEGER
    MAX_STRING_LENGTH = 40

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -BIGINT_MAX)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)


class YearField(IntegerField):
    invalid_code = ErrorCode.INVALID_YEAR

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault("help_text", "calendar year (e.g. 2021)")
        super().__init__(**kwargs)

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except ValidationError as exc:
            raise ValidationError(f"the year must be between {YEAR_MIN} and {YEAR_MAX}",
                                  code=ErrorCode.INVALID_YEAR) from exc


class DateField(_Coded, serializers.DateField):
    """A date as the rest of iljari reads them (2021-05-31, 2021.5.31, 20210531, 2021-05 = its last day)."""

    invalid_code = ErrorCode.INVALID_DATE

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), _year_in_range]
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        from iljari.core.dates import DateParseError, parse_date

        if isinstance(value, dt.datetime):
            self.fail("datetime")
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or "\x00" in value or len(value) > 40:
            self.fail("invalid", format="YYYY-MM-DD")
        try:
            parsed = parse_date(value)
        except (DateParseError, ValueError, OverflowError):
            parsed = None
        if parsed is None:
            self.fail("invalid", format="YYYY-MM-DD")
        return parsed  # type: ignore[return-value]


class DateTimeField(_Coded, serializers.DateTimeField):
    invalid_code = ErrorCode.INVALID_DATETIME

    def __init__(self, **kwargs: Any) -> None:
        kwargs["validators"] = [*kwargs.get("validators", []), _year_in_range]
        super().__init__(**kwargs)


class CharField(serializers.CharField):
    """Text without NUL characters (DRF's CharField refuses them) and of bounded length."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", CODE_MAX_LENGTH)
        super().__init__(**kwargs)


class SlugRelatedField(serializers.SlugRelatedField):
    """A code naming a row: NUL characters and overlong texts are refused before the database sees them."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str | int) or isinstance(data, bool):
            raise ValidationError("a code (text) is expected", code=ErrorCode.INVALID)
        text = str(data)
        if "\x00" in text:
            raise ValidationError("NUL characters are not allowed", code=ErrorCode.NULL_CHARACTER)
        if len(text) > CODE_MAX_LENGTH:
            raise ValidationError(f"at most {CODE_MAX_LENGTH} characters", code=ErrorCode.TOO_LONG)
        return super().to_internal_value(text)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id naming a row: within bigint before the database sees it."""

    def to_internal_value(self, data: Any) -> Any:
        IntegerField(min_value=0).run_validation(data)
        return super().to_internal_value(data)


class _ParsedChoiceField(serializers.ChoiceField):
    """A choice read by the enum's own parser (which knows the Korean aliases too)."""

    enum: Any

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self.documented, **kwargs)

    documented: list[str] = []

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or "\x00" in data or len(data) > 40:
            self.fail("invalid_choice", input=str(data)[:40])
        try:
            return self.enum.parse(data)
        except ValueError:
            self.fail("invalid_choice", input=data)

    def to_representation(self, value: Any) -> Any:
        return str(value)


class RoundingField(_ParsedChoiceField):
    enum = Rounding
    documented = ["half-up", "truncate"]


class UnitField(_ParsedChoiceField):
    enum = AmountUnit
    documented = ["won", "thousand", "million", "hundred_million"]


class RollupParams(serializers.Serializer):
    year = YearField()
    as_of = DateField(required=False, help_text="default: end of year (or today)")
    by = serializers.ListField(child=serializers.ChoiceField(choices=DIMENSIONS), required=False, max_length=2,
                               help_text="up to two dimensions")
    org = CharField(required=False, help_text="org unit code: restrict to its subtree")
    rounding = RoundingField(required=False)
    unit = UnitField(required=False)
    recorded_before = DateTimeField(required=False, help_text="the ledger as it stood then")
    limit = IntegerField(required=False, min_value=1, max_value=MAX_PAGE,
                         help_text="page the first dimension's groups (totals cover all)")
    offset = IntegerField(required=False, min_value=0)


class ValidateParams(serializers.Serializer):
    year = YearField()
    as_of = DateField(required=False)
    org = CharField(required=False)
    rule = serializers.ListField(child=CharField(), required=False, max_length=100)


class EnglishErrorsMixin:
    """Validation messages in English for `message_en`; iljari.api.errors gives `message_ko` from the code."""

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        with translation.override("en"):
            return super().is_valid(raise_exception=raise_exception)  # type: ignore[misc]


def parse(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The validated parameters, or a ValidationError (400 in the API's error shape)."""
    ser = serializer_class(data=data)
    with translation.override("en"):
        ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with its messages in English (`message_ko` comes from the code)."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        with translation.override("en"):
            return super().filter_queryset(request, queryset, view)


def filter_values(query: Any, dimensions: list[str]) -> dict[str, str]:
    """`filter[dim]=code` drill-down parameters: known dimensions, codes without NUL and of bounded length."""
    out: dict[str, str] = {}
    for key in query:
        if not (key.startswith("filter[") and key.endswith("]")):
            continue
        dim, value = key[7:-1], str(query[key])
        if dim not in dimensions:
            raise ValidationError({key: [serializers.ErrorDetail(f"unknown dimension '{dim[:40]}'",
                                                                 code=ErrorCode.UNKNOWN_CHOICE)]})
        if "\x00" in value:
            raise ValidationError({key: [serializers.ErrorDetail("NUL characters are not allowed",
                                                                 code=ErrorCode.NULL_CHARACTER)]})
        if len(value) > CODE_MAX_LENGTH:
            raise ValidationError({key: [serializers.ErrorDetail(f"at most {CODE_MAX_LENGTH} characters",
                                                                 code=ErrorCode.TOO_LONG)]})
        out[dim] = value
    return out


class Pagination(LimitOffsetPagination):
    """DRF's limit/offset pages, with both numbers bounded (a huge one is a 400, not a database overflow)."""

    max_limit = MAX_PAGE
    max_offset = 10**12

    def get_limit(self, request: Any) -> int | None:
        return self._bounded(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Any) -> int:
        return self._bounded(request, self.offset_query_param, 0, self.max_offset, 0) or 0

    def _bounded(self, request: Any, name: str, low: int, high: int, default: int | None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        field = IntegerField(min_value=low, max_value=high)
        try:
            return field.run_validation(raw)
        except ValidationError as exc:
            raise ValidationError({name: exc.detail}) from None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, self.max_offset)}
        for p in params:
            if p["name"] in bounds:
                p["schema"] = {**p["schema"], "minimum": bounds[p["name"]][0], "maximum": bounds[p["name"]][1]}
        return params


class CheckedLookupMixin:
    """A detail URL's lookup value is checked before the database sees it: a NUL character, an overlong text or an
    id beyond bigint names nothing, so it is a 404 (PostgreSQL would refuse the NUL with a 500)."""

    def get_object(self) -> Any:
        from rest_framework.exceptions import NotFound

        view: Any = self
        value = str(view.kwargs.get(view.lookup_url_kwarg or view.lookup_field, ""))
        if "\x00" in value or len(value) > CODE_MAX_LENGTH:
            raise NotFound()
        if view.lookup_field in ("pk", "id") and (not value.isascii() or not value.isdigit()
                                                  or int(value) > BIGINT_MAX):
            raise NotFound()
        return super().get_object()  # type: ignore[misc]
