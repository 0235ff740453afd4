"""The one decorator every officer page wears: who may come in, with which methods, for which action.

    @gate("record", methods=("GET", "POST"))
    def entry(request): ...

Anonymous visitors go to the login page; a method the page does not take is 405; a user whose roles never allow
the action is 403. Which objects the user may then act on is the restricted queryset's job
(`Model.objects.restrict(request.user, action)`, 404 outside it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from . import policy

View = Callable[..., HttpResponse]


def gate(action: str | None = "view", *, methods: Iterable[str] = ("GET", "HEAD")) -> Callable[[View], View]:
    allowed = (methods,) if isinstance(methods, str) else tuple(methods)
    allowed = tuple(m.upper() for m in allowed)
    if action is not None and action not in policy.ACTIONS:
        raise ValueError(f"unknown action {action!r}")

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            if action is not None and not policy.allows(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.gate_action = action  # type: ignore[attr-defined]  # read by the route × role test
        return login_required(wrapped)

    return decorate
