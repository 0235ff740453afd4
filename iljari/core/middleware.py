"""Request guards that answer in the shape of the door they came in by.

- `RejectNulMiddleware`: NUL characters never belong in a URL; PostgreSQL refuses them in text, so they would
  otherwise end as a 500.
- `RequestSizeLimitMiddleware`: a cap on the size of any request body, checked from its declared length before
  Django reads a byte of it (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files).
- `DomainErrorMiddleware`: domain errors that escape a page view answer as what they are (a thing not found is
  a 404 page).
- `MethodNotAllowedPageMiddleware`: a page asked with a method it does not take (a GET on a form's target such as
  /reports/publish/) answers 405 with a page in the reader's language, not an empty one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from .errors import ErrorCode, NotFoundError


def null_character_response(field: str) -> JsonResponse:
    """The API's error shape (iljari.api.errors) for a parameter holding a NUL character."""
    en = "NUL characters are not allowed"
    return JsonResponse({"errors": [{"code": str(ErrorCode.NULL_CHARACTER), "message": en, "message_en": en,
                                     "message_ko": "NUL 문자는 쓸 수 없습니다", "field": field, "line": None,
                                     "sheet": None, "cell": None}]}, status=400)


class RejectNulMiddleware:
    """A path with a NUL character names nothing (404); a query parameter with one is a bad request (400).

    Under /api/ both answer in the API's error shape (code `null_character` for a parameter)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("NUL in path")
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                if request.path.startswith("/api/"):
                    return null_character_response(key.replace("\x00", "\\0"))
                raise BadRequest("NUL in a query parameter")
        return self.get_response(request)


class ApiLanguageMiddleware:
    """The API speaks English in `message` and `message_en` (its error shape gives `message_ko` by code), whatever
    language a browser's cookie or header asks the pages for; Django's and DRF's own messages included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            from django.utils import translation

            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFoundError):
            raise Http404(str(exception)) from exception
        return None


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


class MethodNotAllowedPageMiddleware:
    """An empty 405 (Django's HttpResponseNotAllowed) becomes the 405 page, keeping its status and Allow header.
    The API keeps its own error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith("/api/"):
            return response
        from django.shortcuts import render

        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
