"""OpenAPI schema: every operation documents the API's one error shape for the statuses it can answer with."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable error code (iljari.core.errors.ErrorCode or DRF's own)")
    message = serializers.CharField()
    message_ko = serializers.CharField()
    message_en = serializers.CharField()
    field = serializers.CharField(allow_null=True, help_text="the parameter or body field at fault")
    line = serializers.IntegerField(allow_null=True, help_text="file imports: 1-based line")
    sheet = serializers.CharField(allow_null=True)
    cell = serializers.CharField(allow_null=True)
    severity = serializers.CharField(required=False)
    params = serializers.DictField(required=False)


class ErrorResponseSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)  # type: ignore[assignment]


_DESCRIPTIONS = {
    "400": "invalid parameters or body / 잘못된 요청",
    "401": "not logged in / 로그인이 필요합니다",
    "403": "not allowed / 권한이 없습니다",
    "404": "not found or outside the user's scope / 찾을 수 없습니다",
    "405": "method not allowed / 허용되지 않는 요청입니다",
    "409": "someone else changed it first / 다른 사용자가 먼저 변경했습니다",
    "413": "upload too large / 파일이 너무 큽니다",
    "415": "unsupported media type / 지원하지 않는 형식입니다",
}
_READ = ("400", "401", "403", "404", "405")
_WRITE = (*_READ, "409", "413", "415")


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, with the error responses every operation can give."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in _READ if self.method in ("GET", "HEAD") else _WRITE:
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(ErrorResponseSerializer, description=_DESCRIPTIONS[status]), status,
                    direction=direction)
        return responses
