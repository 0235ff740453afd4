"""NUL characters never belong in a URL; PostgreSQL refuses them in text, so they would otherwise end as a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse


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
                    from iljari.api.errors import null_character_response

                    return null_character_response(key.replace("\x00", "\\0"))
                raise BadRequest("NUL in a query parameter")
        return self.get_response(request)
