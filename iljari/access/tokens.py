"""API tokens (django-rest-knox): made and revoked by their owner, each an audit row.

Only a SHA-512 digest of a token and its first 15 characters (`token_key`, shown as its prefix) are stored; the
token itself is shown once, when it is made. Every token expires `API_TOKEN_DAYS` after it is made; knox refuses
and deletes an expired token when it is presented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record
from iljari.core.context import current
from iljari.core.errors import ErrorCode, Problem, ServiceError


def _about(token: AuthToken) -> dict[str, Any]:
    """What the audit trail keeps of a token: never the token or its digest."""
    return {"user": token.user.get_username(), "prefix": token.token_key,
            "created": token.created.isoformat() if token.created else None,
            "expiry": token.expiry.isoformat() if token.expiry else None}


def _audit(actor: Any, action: str, token: AuthToken, before: dict[str, Any] | None,
           after: dict[str, Any] | None, reason: str) -> None:
    audit_record(actor=actor, action=action, obj=token, before=before, after=after, reason=reason,
                 object_id=token.token_key, object_repr=f"API 토큰 {token.token_key}… ({token.user.get_username()})")


def _may_manage(actor: Any, owner: Any) -> bool:
    """Owners manage their own tokens; administrators and the console (`iljari` commands) anyone's."""
    from . import policy

    return getattr(actor, "pk", None) == owner.pk or getattr(actor, "is_superuser", False) \
        or current().source == "cli" or policy.allows(actor, "administer")


def live_tokens(user: Any) -> QuerySet[AuthToken]:
    """The user's tokens that have not expired, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


@transaction.atomic
def api_token_create(*, actor: Any, user: Any = None, reason: str = "") -> tuple[AuthToken, str]:
    """A new token for `user` (the actor by default); returns the stored row and the token, which is not kept."""
    owner = user or actor
    if not _may_manage(actor, owner):
        raise ServiceError(Problem(ErrorCode.PERMISSION_DENIED, "다른 사용자의 API 토큰은 만들 수 없습니다",
                                   "cannot make an API token for another user"))
    limit = getattr(settings, "API_TOKEN_LIMIT", 10)
    if live_tokens(owner).count() >= limit:
        raise ServiceError(Problem(ErrorCode.INVALID, f"API 토큰은 {limit}개까지 만들 수 있습니다. 쓰지 않는 토큰을 "
                                   "먼저 폐기하십시오", f"at most {limit} API tokens: revoke one first"))
    token, text = AuthToken.objects.create(owner, expiry=dt.timedelta(days=settings.API_TOKEN_DAYS))
    _audit(actor, AuditEntry.Action.CREATE, token, None, _about(token), reason or "API 토큰 발급 / API token made")
    return token, text


@transaction.atomic
def api_token_revoke(*, actor: Any, prefix: str, user: Any = None, reason: str = "") -> AuthToken:
    """Revoke (delete) the token of `user` (the actor by default) that starts with `prefix`."""
    owner = user or actor
    token = (AuthToken.objects.select_for_update().filter(user=owner, token_key=prefix).select_related("user")
             .first()) if _may_manage(actor, owner) else None
    if token is None:
        raise ServiceError(Problem(ErrorCode.NOT_FOUND, "그런 API 토큰이 없습니다", "no such API token"))
    about = _about(token)
    token.delete()
    _audit(actor, AuditEntry.Action.DELETE, token, about, None, reason or "API 토큰 폐기 / API token revoked")
    return token
