"""The citizen's session (separate from officers' logins: a citizen account is never a Django user and opens no
officer page). `current_account(request)`, `citizen_login(request, account)`, `citizen_logout(request)` and the
`citizen_required` view decorator (to the login page with `next`). Registration and password checks live in
`account_services` (slice "accounts")."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from . import room_sql
from .models import CitizenAccount

SESSION_KEY = "iljari_citizen_account"


def current_account(request: HttpRequest) -> CitizenAccount | None:
    cached = getattr(request, "_citizen_account", False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    account = None
    pk = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if pk:  # with its person and the person's district, in one statement
        account = room_sql.account(pk)
    request._citizen_account = account  # type: ignore[attr-defined]
    return account


def citizen_login(request: HttpRequest, account: CitizenAccount) -> None:
    request.session.cycle_key()  # a new session id at login (session fixation)
    request.session[SESSION_KEY] = account.pk
    request._citizen_account = account  # type: ignore[attr-defined]
    CitizenAccount.objects.filter(pk=account.pk).update(last_login_at=timezone.now(), failed_logins=0)


def citizen_logout(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    request._citizen_account = None  # type: ignore[attr-defined]


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if current_account(request) is None:
            return HttpResponseRedirect(f"{reverse('cafes:login')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapped
