"""Tests: SQLite in memory by default; DATABASE_URL=postgres://... runs the same suite on PostgreSQL."""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off -c work_mem=64MB"}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Tests run background tasks at once, in the request that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Static files come from the apps' folders (whitenoise's finders); no collected folder to look for.
STATIC_ROOT = None  # type: ignore[assignment]

# `load-demo` in tests makes the job centres' live records of this year only: the 2017 and 2018 history (2.1
# million generated rows, about a minute) is tested once, at full scale, by employment's funnel acceptance test.
ILJARI_DEMO_EMPLOYMENT_HISTORY = False
ILJARI_DEMO_BOOKINGS_HISTORY = False  # the job cafés' and suits' generated history (one acceptance test loads it)

# Case documents written by tests go to a throwaway folder (issue 17).
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="iljari-test-media-")
