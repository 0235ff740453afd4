"""Local development and `make run`: SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import DATA_DIR

DEBUG = True
DATA_DIR.mkdir(parents=True, exist_ok=True)
