"""Settings shared by every environment. DATABASE_URL chooses the database (SQLite by default)."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url

from iljari.core.keys import DEV_RRN_HASH_KEY, DEV_RRN_KEY, DEV_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ILJARI_DATA_DIR", Path.cwd() / "var"))

# Development defaults. Production refuses every one of them (iljari/core/keys.py, docs/security.md).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
# 주민등록번호: keyed hash and encryption keys (participants/rrn.py).
RRN_HASH_KEY = os.environ.get("ILJARI_RRN_HASH_KEY", DEV_RRN_HASH_KEY)
RRN_ENCRYPTION_KEY = os.environ.get("ILJARI_RRN_KEY", DEV_RRN_KEY)
DEBUG = False
ALLOWED_HOSTS: list[str] = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",  # API tokens: stored as SHA-512 digests, with an expiry (REST_KNOX below)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "iljari.core",
    "iljari.audit",
    "iljari.orgs",
    "iljari.programs",
    "iljari.ledger",
    "iljari.interchange",
    "iljari.quality",
    "iljari.access",
    "iljari.pledges",
    "iljari.reports",
    "iljari.similarity",
    "iljari.evaluation",
    "iljari.people",
    "iljari.participants",
    "iljari.employment",
    "iljari.bookings",
    "iljari.cases",
    "iljari.outcomes",
    "iljari.web",
    "iljari.api",
    "iljari.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app folders (make run serves with DEBUG off: no debug pages) or STATIC_ROOT.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "iljari.core.middleware.RequestSizeLimitMiddleware",  # a body larger than any upload: 413 before it is read
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "iljari.core.middleware.ApiLanguageMiddleware",  # after the locale: the API's messages are English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "iljari.core.middleware.DomainErrorMiddleware",
    "iljari.core.middleware.MethodNotAllowedPageMiddleware",  # a GET on a form's target: a page, not empty
    "iljari.core.middleware.RejectNulMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failures first and refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after 5 failures for a username from one address, 15 minutes of lockout.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/lockout.html"
AXES_VERBOSE = False

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:login"

# Content-Security-Policy: only our own scripts and styles, nothing inline, nothing from elsewhere.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "iljari.urls"
WSGI_APPLICATION = "iljari.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iljari.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'iljari.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server and the report worker share the file: wait for a lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
# Long reports are rendered by `iljari db_worker` (started by `make run`), never in a web request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Roll-ups are short analytic queries: JIT compilation costs more than it saves, and their hash
    # aggregates need more than the default 4 MB to stay in memory.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c work_mem=64MB"
    # The few hand-written hot statements (iljari.core.sql: sessions, the room pages, audit rows) are prepared
    # once per connection; Django's own queries bind on the client and are never prepared. Remove behind a
    # connection pooler in transaction mode.
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "ko"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("ko", "한국어"), ("en", "English")]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# whitenoise serves the files straight from the apps' static folders, so neither `make run` nor the tests need
# collectstatic (production may still collect them into STATIC_ROOT).
WHITENOISE_USE_FINDERS = True
# Django's database sessions, read with one plain statement (iljari/core/sessions.py).
SESSION_ENGINE = "iljari.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Uploads and text (issue 12): files are refused by their declared size before they are read; a request body
# beyond any upload is refused before Django reads it; forms keep at most 2.5 MB in memory (the rest goes to a
# temporary file); free texts (descriptions, notes, reasons) are at most 10,000 characters.
ILJARI_MAX_UPLOAD_BYTES = int(os.environ.get("ILJARI_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
# Files kept with cases (issue 17: a subsidy claim's documents); never served as static files: the case's
# download page checks who may see them.
MEDIA_ROOT = Path(os.environ.get("ILJARI_MEDIA_ROOT", DATA_DIR / "media"))
ILJARI_MAX_REQUEST_BYTES = ILJARI_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
ILJARI_MAX_TEXT_LENGTH = 10_000
# Uploaded workbooks, judged from their zip directory before they are opened.
ILJARI_XLSX_MAX_MEMBERS = 1_000
ILJARI_XLSX_MAX_MEMBER_BYTES = 150 * 1024 * 1024
ILJARI_XLSX_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ILJARI_XLSX_MAX_RATIO = 200  # a zip bomb is ~1000; the most repetitive real sheets ~20
ILJARI_SPREADSHEET_MAX_ROWS = 200_000
ILJARI_SPREADSHEET_MAX_COLUMNS = 200

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",  # `Authorization: Token <token>`; the API 토큰 page makes them
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["iljari.api.params.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "iljari.api.params.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "iljari.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "iljari.api.errors.exception_handler",
}

# API tokens (django-rest-knox): only a SHA-512 digest and the first characters are stored; each token expires
# ILJARI_API_TOKEN_DAYS after it is made (90 by default). Users make and revoke theirs on the API 토큰 page.
API_TOKEN_DAYS = int(os.environ.get("ILJARI_API_TOKEN_DAYS", "90"))
API_TOKEN_LIMIT = 10  # live tokens per user
REST_KNOX = {
    "TOKEN_TTL": dt.timedelta(days=API_TOKEN_DAYS),
    "TOKEN_PREFIX": "iljari_",  # recognisable by secret scanners
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "iljari API",
    "DESCRIPTION": "일자리 사업 등록부, 실적 원장, 집계 (registry, ledger and roll-ups of job programs)",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrgKindEnum": "iljari.orgs.models.OrgKind",
        "MeasureKindEnum": "iljari.programs.models.Measure.Kind",
        "PersonSourceEnum": "iljari.people.models.Person.Source",
        "BenefitSourceEnum": "iljari.people.models.BenefitRecord.Source",
        "BenefitKindEnum": "iljari.people.models.BenefitRecord.Kind",
        # --- cases slice "flows" (issue 17) ---
        "CaseOutcomeEnum": "iljari.cases.models.Stage.Outcome",
        "CaseChannelEnum": "iljari.cases.models.Case.Channel",
        "FlowKindEnum": "iljari.cases.models.Flow.Kind",
        "PaymentStatusEnum": "iljari.cases.models.Payment.Status",
        "StageKindEnum": "iljari.cases.models.Stage.Kind",
        "StageLevelEnum": "iljari.cases.models.Stage.Level",
        # --- end cases "flows" ---
    },
}

# Record linkage (issue 14, iljari.people.linkage): a pair at or above ILJARI_LINK_SAME is one person (its alert goes
# to the program officer); from ILJARI_LINK_REVIEW up an officer decides first (the review queue). Chosen on the
# Korean synthetic set (docs/linkage.md). A check of at most ILJARI_LINK_INLINE_MAX new persons runs when their
# transaction commits; longer lists go to the background worker.
ILJARI_LINK_SAME = 0.95
ILJARI_LINK_REVIEW = 0.5
ILJARI_LINK_SEED = 14
ILJARI_LINK_INLINE_MAX = 50

# Default display rounding when neither the organisation nor the request says otherwise.
ILJARI_DEFAULT_ROUNDING = "half_up"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
