"""`iljari check --deploy`: the production keys (iljari/core/keys.py), whatever settings module is in use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from .keys import production_key_problems


@checks.register(checks.Tags.security, deploy=True)
def check_production_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems = production_key_problems({name: getattr(settings, name, None)
                                        for name in ("SECRET_KEY", "RRN_HASH_KEY", "RRN_ENCRYPTION_KEY")})
    return [checks.Error(p, hint="docs/security.md", id="iljari.E001") for p in problems]
