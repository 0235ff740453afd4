"""A cap on the size of any request body, checked from its declared length before Django reads a byte of it
(Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "ILJARI_MAX_REQUEST_BYTES", 0) or 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            mb = limit // (1024 * 1024)
            ko, en = f"요청이 너무 큽니다 ({mb}MB까지)", f"the request is too large ({mb} MB at most)"
            if request.path.startswith("/api/"):
                return JsonResponse({"errors": [{"code": "bad_file", "message": en, "message_en": en,
                                                 "message_ko": ko, "field": None, "line": None, "sheet": None,
                                                 "cell": None}]}, status=413)
            return HttpResponse(f"{ko} / {en}", status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
