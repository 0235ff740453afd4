"""Following a `next` parameter only to a page of this site (never an open redirect)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
    """Redirect to the request's `next` (POST, then GET) when it is a URL of this host, else to `default`
    (a URL name or path, reversed with args/kwargs like `redirect`)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(default, *args, **kwargs)
