"""Local development and `make run`: SQLite unless DATABASE_URL says otherwise."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR

# `make run` serves the demo as users meet it: the 404, 405 and 500 pages in their language, not Django's debug
# pages (static files come from whitenoise). ILJARI_DEBUG=1 turns the debug pages on for development.
DEBUG = os.environ.get("ILJARI_DEBUG") == "1"
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)  # whitenoise serves STATIC_ROOT too (empty until collectstatic)
