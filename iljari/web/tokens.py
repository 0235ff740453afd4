"""The API 토큰 page: a user makes (shown once), lists and revokes their own API tokens (iljari/access/tokens.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from iljari.access.decorators import gate
from iljari.access.tokens import api_token_create, api_token_revoke, live_tokens
from iljari.core.errors import ServiceError


@gate(None, methods=("GET", "HEAD", "POST"))
@never_cache
def api_tokens(request: HttpRequest) -> HttpResponse:
    made = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "create":
                _token, made = api_token_create(actor=request.user)
            elif request.POST.get("action") == "revoke":
                gone = api_token_revoke(actor=request.user, prefix=request.POST.get("prefix", ""))
                messages.success(request, _("The API token %(prefix)s… is revoked.") % {"prefix": gone.token_key})
                return redirect("web:api_tokens")
        except ServiceError as exc:
            messages.error(request, exc.problems[0].text())
            return redirect("web:api_tokens")
    # The new token is in this one response only (never stored, never cached): it cannot be shown again.
    return render(request, "web/api_tokens.html", {
        "tokens": live_tokens(request.user), "made": made, "days": settings.API_TOKEN_DAYS,
        "now": timezone.now(), "limit": settings.API_TOKEN_LIMIT})
