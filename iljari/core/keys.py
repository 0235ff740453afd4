"""The secret keys production needs, and the checks that keep development or weak keys out of it.

Three keys come from the environment (docs/security.md says how to make and rotate them):

- `DJANGO_SECRET_KEY` signs sessions, CSRF tokens and password-reset links: at least 50 characters, not a known
  development value.
- `ILJARI_RRN_HASH_KEY` keys the HMAC of resident registration numbers (participants/rrn.py). A resident number
  has only a few million possible values per birth date, so whoever knows this key can recover a number from its
  hash by trying them all: at least 32 bytes, secret, never the development key.
- `ILJARI_RRN_KEY` is the Fernet key of the encrypted copy: a valid Fernet key, never the development key.

`production_key_problems` names every problem; the production settings refuse to load while there is one, and the
`iljari check --deploy` system check (tag `security`, deploy only) reports the same for any settings module.
This module is imported by the settings, so it imports nothing from Django that needs configured settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# The values committed in iljari/settings/base.py for development, and the names people commonly leave in.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
DEV_RRN_HASH_KEY = "dev-only-rrn-hash-key"
DEV_RRN_KEY = "ZGV2LW9ubHktcnJuLWtleS1kby1ub3QtdXNlLTAxMjM="  # base64 of 32 bytes, development only

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5
RRN_HASH_KEY_MIN_BYTES = 32

MAKE_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
MAKE_RRN_HASH_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
MAKE_RRN_KEY = "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"


def _known_development_value(value: str) -> bool:
    v = value.strip()
    return v in (DEV_SECRET_KEY, DEV_RRN_HASH_KEY, DEV_RRN_KEY) or v.startswith("django-insecure") \
        or v.startswith("dev-only")


def secret_key_problems(value: str | None) -> list[str]:
    name = "DJANGO_SECRET_KEY"
    if not value:
        return [f"{name} is not set. Make one with: {MAKE_SECRET_KEY}"]
    if _known_development_value(value):
        return [f"{name} is a development value. Make a new one with: {MAKE_SECRET_KEY}"]
    if len(value) < SECRET_KEY_MIN_LENGTH or len(set(value)) < SECRET_KEY_MIN_UNIQUE:
        return [f"{name} is too short or too simple ({len(value)} characters; at least {SECRET_KEY_MIN_LENGTH} "
                f"random ones are needed). Make one with: {MAKE_SECRET_KEY}"]
    return []


def rrn_hash_key_problems(value: str | None, *, name: str = "ILJARI_RRN_HASH_KEY",
                          secret_key: str | None = None) -> list[str]:
    if not value:
        return [f"{name} is not set. Make one with: {MAKE_RRN_HASH_KEY}"]
    if _known_development_value(value):
        return [f"{name} is the development key: resident numbers hashed with it can be recovered by anyone who "
                f"has the source. Make a new one with: {MAKE_RRN_HASH_KEY}, then re-hash the stored numbers "
                f"(`iljari rotate-rrn-keys`, docs/security.md)"]
    size = len(value.encode())
    if size < RRN_HASH_KEY_MIN_BYTES or len(set(value)) < SECRET_KEY_MIN_UNIQUE:
        return [f"{name} is too short or too simple ({size} bytes; at least {RRN_HASH_KEY_MIN_BYTES} random bytes "
                f"are needed). Make one with: {MAKE_RRN_HASH_KEY}"]
    if secret_key and value == secret_key:
        return [f"{name} must not be the same as DJANGO_SECRET_KEY. Make one with: {MAKE_RRN_HASH_KEY}"]
    return []


def rrn_key_problems(value: str | None, *, name: str = "ILJARI_RRN_KEY") -> list[str]:
    if not value:
        return [f"{name} is not set. Make one with: {MAKE_RRN_KEY}"]
    if value.strip() == DEV_RRN_KEY or _known_development_value(value):
        return [f"{name} is the development Fernet key. Make a new one with: {MAKE_RRN_KEY}"]
    from cryptography.fernet import Fernet

    try:
        Fernet(value.encode())
    except (ValueError, TypeError):
        return [f"{name} is not a Fernet key (32 random bytes in url-safe base64, 44 characters). "
                f"Make one with: {MAKE_RRN_KEY}"]
    return []


def production_key_problems(values: Mapping[str, Any]) -> list[str]:
    """Every problem with the keys in `values` (settings names: SECRET_KEY, RRN_HASH_KEY, RRN_ENCRYPTION_KEY)."""
    secret = values.get("SECRET_KEY")
    return (secret_key_problems(secret)
            + rrn_hash_key_problems(values.get("RRN_HASH_KEY"), secret_key=secret)
            + rrn_key_problems(values.get("RRN_ENCRYPTION_KEY")))


def require_production_keys(values: Mapping[str, Any]) -> None:
    """Refuse to start (ImproperlyConfigured) while any key is missing, a development value, short or invalid."""
    problems = production_key_problems(values)
    if problems:
        raise ImproperlyConfigured(
            "iljari will not start in production with these keys (see docs/security.md):\n  - "
            + "\n  - ".join(problems))
