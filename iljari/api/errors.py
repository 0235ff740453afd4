"""One error shape for the whole API: {"errors": [{"code", "message", "message_ko", "message_en", "field",
"line", "sheet", "cell"}]} with codes from iljari.core.errors.ErrorCode (or DRF's own codes for authentication and parsing)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from iljari.core.errors import ServiceError
from iljari.ledger.selectors import RollupError


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for k, v in detail.items():
            out += _flatten(v, None if k in ("non_field_errors", "detail") else (f"{field}.{k}" if field else k))
    elif isinstance(detail, list):
        for v in detail:
            out += _flatten(v, field)
    else:
        code = getattr(detail, "code", "invalid")
        out.append({"code": code, "message": str(detail), "message_en": str(detail), "message_ko": str(detail),
                    "field": field, "line": None, "sheet": None, "cell": None})
    return out


_KO = {
    "not_authenticated": "로그인이 필요합니다", "authentication_failed": "인증에 실패했습니다",
    "permission_denied": "권한이 없습니다", "not_found": "찾을 수 없습니다", "method_not_allowed": "허용되지 않는 요청입니다",
    "throttled": "요청이 너무 많습니다", "parse_error": "요청 본문을 읽을 수 없습니다",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        return Response({"errors": [p.as_dict() for p in exc.problems]}, status=exc.status)
    if isinstance(exc, RollupError):
        return Response({"errors": [{"code": "invalid", "message": str(exc), "message_en": str(exc),
                                     "message_ko": str(exc), "field": None, "line": None, "sheet": None,
                                     "cell": None}]},
                        status=status.HTTP_400_BAD_REQUEST)
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
