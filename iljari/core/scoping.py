"""Restricted querysets: `Model.objects.restrict(user, action)` is how every door reads (NetBox's RestrictedQuerySet).

A model with a scope declares it in a nested `Scope` class, read by the access policy:

    class Scope:
        paths = ("owner_org__path",)              # org-unit paths whose subtree owns the row (any one suffices)
        view_paths = ("implementing_orgs__path",)  # further paths that let a local role *read* the row
        owner = "requested_by"                     # or: the row belongs to one user (a report job)
        global_only = True                         # or: only global roles see any row (the audit trail)

The policy itself lives in `iljari.access` (a higher layer); it installs itself here when the app registry is
ready, so that `core` keeps importing nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

_policy_restrict: Callable[[models.QuerySet, Any, str], models.QuerySet] | None = None


def install_policy(restrict: Callable[[models.QuerySet, Any, str], models.QuerySet]) -> None:
    """Called once by the access app at start-up."""
    global _policy_restrict
    _policy_restrict = restrict


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> models.QuerySet:
        """The rows `user` may do `action` on; rows outside are simply absent (a page answers "not found")."""
        if _policy_restrict is None:  # pragma: no cover - the access app is always installed
            raise RuntimeError("the access policy is not installed (iljari.access missing from INSTALLED_APPS?)")
        return _policy_restrict(self, user, action)


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)


def scope_of(model: type[models.Model]) -> Any:
    """The model's declared `Scope`, or None when it has none."""
    return getattr(model, "Scope", None)
