"""One error shape for the whole API: {"errors": [{"code", "message", "message_ko", "message_en", "field",
"line", "sheet", "cell"}]} with codes from iljari.core.errors.ErrorCode (or DRF's own codes for authentication and parsing)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from iljari.core.errors import ErrorCode, ServiceError
from iljari.ledger.rollup import RollupError

# DRF's and Django's own codes, named with the API's specific codes (iljari.core.errors.ErrorCode).
DRF_CODES: dict[str, ErrorCode] = {
    "required": ErrorCode.REQUIRED, "null": ErrorCode.REQUIRED, "blank": ErrorCode.REQUIRED,
    "max_length": ErrorCode.TOO_LONG, "max_value": ErrorCode.OUT_OF_RANGE, "min_value": ErrorCode.OUT_OF_RANGE,
    "max_string_length": ErrorCode.OUT_OF_RANGE, "max_digits": ErrorCode.OUT_OF_RANGE,
    "max_decimal_places": ErrorCode.OUT_OF_RANGE, "max_whole_digits": ErrorCode.OUT_OF_RANGE,
    "invalid_choice": ErrorCode.UNKNOWN_CHOICE, "invalid_list": ErrorCode.NOT_A_LIST,
    "not_a_list": ErrorCode.NOT_A_LIST, "null_characters_not_allowed": ErrorCode.NULL_CHARACTER,
    "surrogate_characters_not_allowed": ErrorCode.INVALID, "does_not_exist": ErrorCode.UNKNOWN_CODE,
    "unique": ErrorCode.DUPLICATE_CODE, "date": ErrorCode.INVALID_DATE, "datetime": ErrorCode.INVALID_DATETIME,
    "unsupported_media_type": ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for k, v in detail.items():
            out += _flatten(v, None if k in ("non_field_errors", "detail") else (f"{field}.{k}" if field else k))
    elif isinstance(detail, list):
        for v in detail:
            out += _flatten(v, field)
    else:
        code = getattr(detail, "code", None) or "invalid"
        code = str(DRF_CODES.get(code, code))
        out.append({"code": code, "message": str(detail), "message_en": str(detail), "message_ko": str(detail),
                    "field": field, "line": None, "sheet": None, "cell": None})
    return out


_KO = {
    "not_authenticated": "로그인이 필요합니다", "authentication_failed": "인증에 실패했습니다",
    "permission_denied": "권한이 없습니다", "not_found": "찾을 수 없습니다", "method_not_allowed": "허용되지 않는 요청입니다",
    "throttled": "요청이 너무 많습니다", "parse_error": "요청 본문을 읽을 수 없습니다",
    "required": "필수 항목입니다", "too_long": "너무 깁니다", "out_of_range": "허용 범위를 벗어났습니다",
    "unknown_choice": "허용되지 않는 값입니다", "null_character": "NUL 문자는 쓸 수 없습니다",
    "invalid_year": "연도가 올바르지 않습니다", "invalid_date": "날짜가 올바르지 않습니다",
    "invalid_datetime": "일시가 올바르지 않습니다", "invalid_month": "월이 올바르지 않습니다",
    "not_an_integer": "정수가 아닙니다", "not_a_list": "목록이 아닙니다", "unknown_code": "없는 코드입니다",
    "duplicate_code": "이미 있는 코드입니다", "unsupported_media_type": "지원하지 않는 형식입니다",
    "invalid": "올바르지 않은 값입니다", "too_many": "너무 많습니다", "unknown_org_unit": "없는 조직입니다",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        return Response({"errors": [p.as_dict() for p in exc.problems]}, status=exc.status)
    if isinstance(exc, RollupError):
        return Response({"errors": [{"code": str(ErrorCode.INVALID), "message": str(exc), "message_en": str(exc),
                                     "message_ko": str(exc), "field": None, "line": None, "sheet": None,
                                     "cell": None}]},
                        status=status.HTTP_400_BAD_REQUEST)
    # Django's own 404 and 403 (get_object_or_404, PermissionDenied) in the same shape as DRF's.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException):
        errors = _flatten(exc.detail)
        for e in errors:
            if e["code"] in _KO:
                e["message_ko"] = _KO[e["code"]]
        response.data = {"errors": errors}
    return response


def _plain_error(code: str, status_code: int) -> JsonResponse:
    en = {"not_found": "Not found.", "bad_request": "Bad request."}[code]
    ko = {"not_found": "찾을 수 없습니다", "bad_request": "잘못된 요청입니다"}[code]
    return JsonResponse({"errors": [{"code": code, "message": en, "message_en": en, "message_ko": ko, "field": None,
                                     "line": None, "sheet": None, "cell": None}]}, status=status_code)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """URLs under /api/ that match no route answer 404 in the API's error shape; other URLs get the 404 page."""
    if request.path.startswith("/api/"):
        return _plain_error("not_found", 404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _plain_error("bad_request", 400)
    from django.shortcuts import render

    return render(request, "400.html", status=400)
