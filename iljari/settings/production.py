"""Production: PostgreSQL through DATABASE_URL, secrets from the environment, secure cookies.

The three keys must be set, long, random and not the development values: the settings refuse to load otherwise
(ImproperlyConfigured naming every problem and how to make a key). docs/security.md: generation and rotation.
"""

import os

from iljari.core.keys import require_production_keys

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
RRN_HASH_KEY = os.environ.get("ILJARI_RRN_HASH_KEY", "")  # resident registration numbers are hashed with it
RRN_ENCRYPTION_KEY = os.environ.get("ILJARI_RRN_KEY", "")  # a Fernet key (cryptography.fernet.Fernet.generate_key)
require_production_keys({"SECRET_KEY": SECRET_KEY, "RRN_HASH_KEY": RRN_HASH_KEY,
                         "RRN_ENCRYPTION_KEY": RRN_ENCRYPTION_KEY})

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True

# The public application form is throttled per client (participants/views.py, django-ratelimit, default cache).
# Behind a reverse proxy that overwrites a header with the client's address, name it here (e.g. HTTP_X_REAL_IP);
# unset, the peer address (REMOTE_ADDR) is counted.
RATELIMIT_IP_META_KEY = os.environ.get("ILJARI_CLIENT_IP_HEADER") or None
