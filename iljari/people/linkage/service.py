"""The record linkage against the project database: full runs, the incremental check of new persons, clusters.

`linkage_run` reads every `Person` into the engine's frame (PostgreSQL: one COPY; SQLite: values_list), trains the
model (or reuses the last run's parameters), scores the blocked pairs and writes back in one transaction:
`PersonLink` rows for the pairs at or above the review threshold, and `Person.cluster_id` (the connected
components of the links that are "same" by score or by an officer's decision, never across a "different"
decision; the smallest person id names the cluster).

Officers' decisions are kept: a decided link is not asked again while both records' `version` equal the versions
stored with the decision; a change of an identifying field (a version bump) re-opens the question.

`person_check` / `persons_check` check new or changed persons against the whole registry without a full run: the
candidates come from the database by the model's blocking keys (birth date with the same surname or given name,
phone, resident-number hash, name with birth year; all indexed), the engine scores them with the last run's parameters,
and only the affected clusters are recomputed. `check_new_persons(ids)` is the hook the other parts of iljari call
after creating persons: it runs the check when their transaction commits.

The engine (`people.linkage.engine`) knows nothing of the database; this module is its only door to it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from iljari.people.models import LinkageRun, Person, PersonLink
from iljari.people.normalise import name_norm, phone_digits

Progress = Callable[[int, int, str], None]  # (done, total, what)

FRAME_COLUMNS = ["unique_id", "name", "birth_date", "sex", "phone", "address", "rrn_hash"]
STEPS = 6  # read, train, predict, links, clusters, done: the progress bar's total


def thresholds() -> dict[str, float]:
    """The probabilities that make a link "same person" and "to review" (settings; docs/linkage.md)."""
    return {"same": float(getattr(settings, "ILJARI_LINK_SAME", 0.95)),
            "review": float(getattr(settings, "ILJARI_LINK_REVIEW", 0.5))}


def _engine() -> Any:
    from iljari.people.linkage import engine

    return engine


# ---------------------------------------------------------------------------------------------------------------
# Reading persons into the engine's frame


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as the engine takes it: ids as int64, empty texts as missing, birth dates as ISO text."""
    out = pd.DataFrame({"unique_id": df["unique_id"].astype("int64")})
    for col in ("name", "sex", "phone", "address", "rrn_hash"):
        s = df[col].astype("object")
        out[col] = s.where(s.notna() & (s != ""), None)
    bd = df["birth_date"]
    if not pd.api.types.is_object_dtype(bd) or len(bd) == 0:
        bd = pd.to_datetime(bd, errors="coerce").dt.strftime("%Y-%m-%d")
    else:
        bd = bd.map(lambda d: d.isoformat() if isinstance(d, dt.date) else (d or None))
    out["birth_date"] = bd.where(bd.notna(), None)
    return out[FRAME_COLUMNS]


_SELECT = ("SELECT id, name, birth_date, sex, phone, address, rrn_hash, cluster_id, version "
           "FROM people_person")
_READ_COLUMNS = ["unique_id", "name", "birth_date", "sex", "phone", "address", "rrn_hash", "cluster_id", "version"]


def read_persons() -> pd.DataFrame:
    """Every person with cluster_id and version, as one frame ordered by id.

    On PostgreSQL one `COPY (SELECT ...) TO STDOUT` read by pyarrow's CSV reader (about a second a million
    rows); elsewhere a plain cursor."""
    sql = _SELECT + " ORDER BY id"
    if connection.vendor == "postgresql":
        import pyarrow as pa
        import pyarrow.csv as pacsv

        buf = io.BytesIO()
        connection.ensure_connection()
        with connection.connection.cursor() as cur:
            with cur.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for chunk in copy:
                    buf.write(chunk)
        buf.seek(0)
        types = {"unique_id": pa.int64(), "name": pa.string(), "birth_date": pa.string(), "sex": pa.string(),
                 "phone": pa.string(), "address": pa.string(), "rrn_hash": pa.string(), "cluster_id": pa.int64(),
                 "version": pa.int64()}
        if buf.getbuffer().nbytes == 0:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in _READ_COLUMNS})
        table = pacsv.read_csv(buf, read_options=pacsv.ReadOptions(column_names=_READ_COLUMNS),
                               convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False,
                                                                    quoted_strings_can_be_null=False))
        return table.to_pandas()
    with connection.cursor() as cur:
        cur.execute(sql)
        rows = cur.fetchall()
    df = pd.DataFrame(rows, columns=_READ_COLUMNS)
    return df


def engine_frame(df: pd.DataFrame) -> pd.DataFrame:
    return _typed(df)


def persons_frame(persons: Iterable[Person]) -> pd.DataFrame:
    rows = [(p.pk, p.name, p.birth_date, p.sex, p.phone, p.address, p.rrn_hash, p.cluster_id, p.version)
            for p in persons]
    return pd.DataFrame(rows, columns=_READ_COLUMNS)


# ---------------------------------------------------------------------------------------------------------------
# Clusters: connected components of the "same" links, never across a "different" decision


def components(edges: Iterable[tuple[int, int]], cannot: Iterable[tuple[int, int]] = ()) -> dict[int, int]:
    """person id -> cluster id (the smallest id of its component) for every id on an edge.

    Edges are taken in the order given (put decided "same" first, then by probability); an edge whose union
    would put two records an officer decided are different people into one cluster is skipped."""
    parent: dict[int, int] = {}
    forbid: dict[int, set[int]] = {}
    for a, b in cannot:
        forbid.setdefault(a, set()).add(b)
        forbid.setdefault(b, set()).add(a)
        parent.setdefault(a, a)
        parent.setdefault(b, b)

    def find(x: int) -> int:
        root = x
        while (p := parent.get(root, root)) != root:
            root = p
        while (p := parent.get(x, x)) != root:  # path compression
            parent[x] = root
            x = p
        return root

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra == rb:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            continue
        fa, fb = forbid.get(ra, ()), forbid.get(rb, ())
        small, other = (fa, rb) if len(fa) <= len(fb) else (fb, ra)
        if any(find(x) == other for x in small):  # an officer said these are different people
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            continue
        root, child = (ra, rb) if ra < rb else (rb, ra)
        parent[child] = root
        parent.setdefault(root, root)
        if child in forbid:
            forbid.setdefault(root, set()).update(forbid.pop(child))
    return {x: find(x) for x in list(parent)}


def _edges_of(links: Iterable[tuple[int, int, str, str, float]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(left, right, band, decision, probability) -> the joining edges in order, and the "different" pairs."""
    decided_same, scored, cannot = [], [], []
    for left, right, band, decision, probability in links:
        if decision == PersonLink.Decision.DIFFERENT:
            cannot.append((left, right))
        elif decision == PersonLink.Decision.SAME:
            decided_same.append((left, right))
        elif band == PersonLink.Band.SAME:
            scored.append((-probability, left, right))
    scored.sort()
    return decided_same + [(a, b) for _, a, b in scored], cannot


# ---------------------------------------------------------------------------------------------------------------
# Writing


def _copy_rows(table: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """Insert rows with one COPY (PostgreSQL)."""
    from iljari.core.columns import copy_writer

    raw = connection.connection.cursor()
    cols = ", ".join(f'"{c}"' for c in columns)
    with raw.copy(f"COPY {table} ({cols}) FROM STDIN", writer=copy_writer(raw)) as copy:
        for row in rows:
            copy.write_row(row)


_LINK_INSERT = ["left_id", "right_id", "probability", "match_weight", "contributions", "band", "run_id",
                "decision", "reason", "created_at", "version"]


def _insert_links(rows: list[tuple[int, int, float, float | None, list[dict[str, Any]], str]], run_id: int | None,
                  batch: int = 5000) -> None:
    now = timezone.now()
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_rows(PersonLink._meta.db_table, _LINK_INSERT,
                   ((l_, r_, p, w, json.dumps(c, ensure_ascii=False), band, run_id, "", "", now, 1)
                    for l_, r_, p, w, c, band in rows))
        return
    for start in range(0, len(rows), batch):
        PersonLink.objects.bulk_create([
            PersonLink(left_id=l_, right_id=r_, probability=p, match_weight=w, contributions=c, band=band,
                       run_id=run_id) for l_, r_, p, w, c, band in rows[start:start + batch]])


def _set_clusters(changes: list[tuple[int, int]]) -> int:
    """Write (person id, cluster id) pairs: one COPY and one UPDATE ... FROM on PostgreSQL."""
    from iljari.core.columns import bulk_set

    total = 0
    for start in range(0, len(changes), 200_000):
        total += bulk_set(Person, ["cluster_id"], changes[start:start + 200_000])
    return total


def _band(probability: float, th: dict[str, float]) -> str:
    return PersonLink.Band.SAME if probability >= th["same"] else PersonLink.Band.REVIEW


@dataclass
class LinkWrite:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    reopened: int = 0
    kept: int = 0  # decided and still current: not asked again


def _scored_rows(pairs: pd.DataFrame) -> list[tuple[int, int, float, float | None, list[dict[str, Any]]]]:
    """Engine pairs -> (left, right, probability, match_weight, contributions) with left < right."""
    if pairs is None or len(pairs) == 0:
        return []
    a = pairs["unique_id_l"].to_numpy(dtype="int64")
    b = pairs["unique_id_r"].to_numpy(dtype="int64")
    left, right = np.minimum(a, b), np.maximum(a, b)
    prob = pairs["probability"].to_numpy(dtype="float64")
    weight = (pairs["match_weight"].to_numpy(dtype="float64") if "match_weight" in pairs
              else np.full(len(pairs), np.nan))
    contributions = pairs["contributions"].tolist() if "contributions" in pairs else [[] for _ in range(len(pairs))]
    out = []
    seen: set[tuple[int, int]] = set()
    for i in np.argsort(-prob, kind="stable"):
        key = (int(left[i]), int(right[i]))
        if key[0] == key[1] or key in seen:
            continue
        seen.add(key)
        w = float(weight[i])
        out.append((key[0], key[1], float(prob[i]), None if w != w else w, _plain(contributions[i])))
    return out


def _plain(contributions: Any) -> list[dict[str, Any]]:
    if contributions is None:
        return []
    if isinstance(contributions, str):
        return json.loads(contributions)
    out = []
    for c in list(contributions):
        d = dict(c)
        if "weight" in d and d["weight"] is not None:
            d["weight"] = round(float(d["weight"]), 3)
        out.append(d)
    return out


def write_links(scored: list[tuple[int, int, float, float | None, list[dict[str, Any]]]],
                versions: dict[int, int], th: dict[str, float], run_id: int | None, *,
                scope_ids: set[int] | None = None, scored_ids: set[int] | None = None) -> LinkWrite:
    """Bring PersonLink in line with the new scores. `scope_ids`: None for a full run (every link is in
    question); else only links touching these persons are, and of those only the ones whose both records were
    scored (`scored_ids`) may go (an incremental check does not see what the full run's wider blocking saw).

    - a new pair: created, band by probability;
    - a pair already linked: its score is refreshed; a decision stands while both versions are those decided on,
      else it is re-opened (decision cleared: the officer is asked again);
    - a link no longer scored: removed unless its decision still stands (a label).
    """
    existing_qs = PersonLink.objects.all()
    if scope_ids is not None:
        ids = list(scope_ids)
        existing_qs = PersonLink.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids))
    existing = {(r[1], r[2]): r for r in existing_qs.values_list(
        "id", "left_id", "right_id", "decision", "left_version", "right_version", "band", "version",
        "probability").iterator(
        chunk_size=20_000)}
    missing = {x for key in existing for x in key if x not in versions}
    if missing:
        versions = {**versions, **dict(Person.objects.filter(pk__in=list(missing)).values_list("pk", "version"))}
    version_of = versions.get
    res = LinkWrite()
    reopened: list[int] = []
    new_rows: list[tuple[int, int, float, float | None, list[dict[str, Any]], str]] = []
    updates: list[tuple[Any, ...]] = []
    seen: set[tuple[int, int]] = set()
    for left, right, prob, weight, contrib in scored:
        key = (left, right)
        seen.add(key)
        band = _band(prob, th)
        old = existing.get(key)
        if old is None:
            new_rows.append((left, right, prob, weight, contrib, band))
            continue
        link_id, _, _, decision, lv, rv, old_band, version, old_prob = old
        if decision:
            if lv == version_of(left) and rv == version_of(right):
                res.kept += 1
            else:
                decision = ""
                res.reopened += 1
                reopened.append(link_id)
                lv = rv = None
        if decision == old[3] and band == old_band and abs(prob - old_prob) < 1e-9:
            continue  # scored as before (same records, same model): nothing to write
        updates.append((link_id, prob, weight, contrib, band, run_id, decision, lv, rv, version + 1))
        res.updated += 1
    gone: list[int] = []
    for key, old in existing.items():
        if key in seen:
            continue
        link_id, left, right, decision, lv, rv = old[:6]
        if decision and lv == version_of(left) and rv == version_of(right):
            res.kept += 1  # still a current decision: kept as a label even when no longer scored
            continue
        if scored_ids is not None and not (left in scored_ids and right in scored_ids):
            continue  # not looked at by this check
        gone.append(link_id)
    for start in range(0, len(gone), 5000):
        PersonLink.objects.filter(pk__in=gone[start:start + 5000]).delete()
    res.deleted = len(gone)
    if updates:
        from iljari.core.columns import bulk_set

        cols = ["probability", "match_weight", "contributions", "band", "run", "decision", "left_version",
                "right_version", "version"]
        for start in range(0, len(updates), 100_000):
            bulk_set(PersonLink, cols, updates[start:start + 100_000])
    for start in range(0, len(reopened), 5000):
        PersonLink.objects.filter(pk__in=reopened[start:start + 5000]).update(decided_by=None, decided_at=None,
                                                                              reason="")
    _insert_links(new_rows, run_id)
    res.created = len(new_rows)
    return res


def _links_among(ids: set[int] | None) -> list[tuple[int, int, str, str, float]]:
    qs = PersonLink.objects.all()
    if ids is not None:
        idl = list(ids)
        qs = qs.filter(left_id__in=idl, right_id__in=idl) if len(idl) < 30_000 else qs
    return [r for r in qs.values_list("left_id", "right_id", "band", "decision", "probability").iterator(
        chunk_size=50_000) if ids is None or (r[0] in ids and r[1] in ids)]


def recluster(ids: Iterable[int], current: dict[int, int | None]) -> tuple[int, int]:
    """Recompute the clusters of these persons from their links; `current` gives each id's cluster_id now.
    Returns (changed rows, clusters)."""
    idset = set(ids)
    edges, cannot = _edges_of(_links_among(idset))
    comp = components(edges, cannot)
    changes = []
    for pid in idset:
        cid = comp.get(pid, pid)
        if current.get(pid) != cid:
            changes.append((pid, cid))
    _set_clusters(changes)
    return len(changes), len({comp.get(pid, pid) for pid in idset})


# ---------------------------------------------------------------------------------------------------------------
# The full run


def last_params() -> tuple[LinkageRun | None, dict[str, Any] | None]:
    run = LinkageRun.objects.filter(status=LinkageRun.Status.DONE).exclude(params={}).order_by("-started_at",
                                                                                               "-pk").first()
    return run, (run.params if run else None)


def linkage_run_start(*, actor: Any, backend: str = "duckdb", retrain: bool = True) -> LinkageRun:
    """A run row (status running, "queued" in its note) for the background task to carry out. Audited."""
    from iljari.audit.models import AuditEntry
    from iljari.audit.services import audit_record, snapshot

    if backend not in ("duckdb", "spark"):
        raise ValueError(backend)
    with transaction.atomic():
        run = LinkageRun.objects.create(actor=actor if getattr(actor, "pk", None) else None, backend=backend,
                                        thresholds=thresholds(), note="대기 / queued" if retrain else
                                        "대기 · 지난 매개변수 사용 / queued · last parameters reused")
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=run, before=None,
                     after=snapshot(run, fields=["backend", "thresholds", "note"]),
                     reason="연계 실행 요청 / linkage run requested")
    return run


def linkage_run(*, actor: Any, backend: str = "duckdb", progress: Progress | None = None, retrain: bool = True,
                run: LinkageRun | None = None) -> LinkageRun:
    """One full run: read, train (or reuse), predict, write links and clusters (one transaction), audit.

    The run row is committed first (status running) so that the runs page shows it; a failure marks it failed
    with the error and raises."""
    from iljari.audit.models import AuditEntry
    from iljari.audit.services import audit_record, snapshot

    engine = _engine()
    th = thresholds()
    step = [0]

    def tick(what: str) -> None:
        step[0] += 1
        if progress is not None:
            progress(step[0], STEPS, what)

    if run is None:
        run = LinkageRun.objects.create(actor=actor if getattr(actor, "pk", None) else None, backend=backend,
                                        thresholds=th)
    else:
        LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.RUNNING, note="", thresholds=th,
                                                    backend=backend)
        run.refresh_from_db()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        raw = read_persons()
        frame = engine_frame(raw)
        timings["read_s"] = time.perf_counter() - t0
        t = time.perf_counter()
        frame = engine.prepare(frame)  # once: training, scoring and the recall all take the prepared frame
        timings["prepare_s"] = time.perf_counter() - t
        tick("읽기 / read")
        t = time.perf_counter()
        params: dict[str, Any] | None = None
        reused: LinkageRun | None = None
        if not retrain:
            reused, params = last_params()
        trained_now = params is None
        if len(frame) < 2:
            params = params or {}
        elif params is None:
            params = engine.train(frame, backend=backend, seed=int(getattr(settings, "ILJARI_LINK_SEED", 14)))
        timings["train_s"] = time.perf_counter() - t
        tick("학습 / train" if trained_now else "학습 생략 / reuse")
        t = time.perf_counter()
        pairs = (engine.predict(frame, params, backend=backend, threshold=th["review"]) if len(frame) >= 2
                 else pd.DataFrame())
        scored = _scored_rows(pairs)
        timings["predict_s"] = time.perf_counter() - t
        tick("점수 / predict")
        t = time.perf_counter()
        ids = raw["unique_id"].to_numpy(dtype="int64")
        versions = dict(zip(ids.tolist(), raw["version"].to_numpy(dtype="int64").tolist(), strict=True))
        with transaction.atomic():
            written = write_links(scored, versions, th, run.pk)
            timings["links_s"] = time.perf_counter() - t
            tick("연계 쓰기 / links")
            t = time.perf_counter()
            all_links = _links_among(None)
            edges, cannot = _edges_of(all_links)
            comp = components(edges, cannot)
            current = pd.to_numeric(raw["cluster_id"], errors="coerce").fillna(-1).to_numpy(dtype="int64")
            target = ids.copy()
            if comp:
                cids = np.fromiter(comp.keys(), dtype="int64", count=len(comp))
                roots = np.fromiter(comp.values(), dtype="int64", count=len(comp))
                pos = np.searchsorted(ids, cids)
                target[pos] = roots
            changed = np.flatnonzero(current != target)
            timings["components_s"] = time.perf_counter() - t
            t = time.perf_counter()
            _set_clusters(list(zip(ids[changed].tolist(), target[changed].tolist(), strict=True)))
            timings["clusters_write_s"] = time.perf_counter() - t
            tick("묶음 / clusters")
            labels = [(a, b) for a, b, _band, decision, _p in all_links if decision == PersonLink.Decision.SAME]
            recall = None
            if labels and len(frame) >= 2:
                try:
                    recall = float(engine.blocking_recall(frame, labels))
                except Exception:  # a measurement, never a reason to lose the run
                    recall = None
            trained_on = params.get("trained_on") if isinstance(params, dict) else None
            run.params = params
            run.trained_on = (reused.trained_on if reused is not None and reused.trained_on else
                              dt.date.fromisoformat(str(trained_on)[:10]) if trained_on else timezone.localdate())
            run.thresholds = th
            run.records = len(frame)
            run.pairs_compared = int(params.get("pairs_compared", 0) if isinstance(params, dict) else 0) \
                if not hasattr(pairs, "attrs") or "pairs_compared" not in pairs.attrs else int(pairs.attrs[
                    "pairs_compared"])
            run.links = PersonLink.objects.count()
            run.clusters = len(np.unique(target))
            run.blocking_recall = recall
            run.status = LinkageRun.Status.DONE
            run.finished_at = timezone.now()
            timings["total_s"] = time.perf_counter() - t0
            ko = (f"새 연계 {written.created:,} · 갱신 {written.updated:,} · 삭제 {written.deleted:,} · "
                  f"재확인 {written.reopened:,} · 결정 유지 {written.kept:,} · 묶음 변경 {len(changed):,}"
                  + ("" if trained_now else " · 지난 매개변수 사용"))
            en = (f"new links {written.created:,} · updated {written.updated:,} · removed {written.deleted:,} · "
                  f"re-opened {written.reopened:,} · decisions kept {written.kept:,} · clusters changed "
                  f"{len(changed):,}" + ("" if trained_now else " · last parameters reused"))
            run.note = f"{ko} / {en}"[:500]
            run.save()
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=run, before=None,
                         after=snapshot(run, fields=["backend", "records", "links", "clusters", "trained_on",
                                                     "thresholds", "blocking_recall", "status"],
                                        extra={"created": written.created, "updated": written.updated,
                                               "deleted": written.deleted, "reopened": written.reopened,
                                               "kept": written.kept, "clusters_changed": len(changed),
                                               "retrained": trained_now,
                                               "seconds": {k: round(v, 2) for k, v in timings.items()}}),
                         reason="연계 실행 / linkage run")
        tick("완료 / done")
        # the double-receipt check over the clusters that hold benefit records (people.alerts)
        from iljari.people.alerts import alerts_refresh

        with_benefits = set(Person.objects.filter(benefits__isnull=False).values_list("cluster_id", "pk")
                            .distinct().iterator())
        if with_benefits:
            alerts_refresh(actor=actor, cluster_ids={c or pk for c, pk in with_benefits})
    except Exception as exc:
        LinkageRun.objects.filter(pk=run.pk).update(status=LinkageRun.Status.FAILED, finished_at=timezone.now(),
                                                    note=f"실행 실패 / failed: {type(exc).__name__}: {exc}"[:500])
        raise
    run.timings = timings  # type: ignore[attr-defined]  # for the CLI and the bench
    return run


# ---------------------------------------------------------------------------------------------------------------
# The incremental check


def _phone_expr() -> Any:
    return Replace(Replace(F("phone"), Value("-"), Value("")), Value(" "), Value(""))


def candidate_ids(persons: list[Person], chunk: int = 900) -> set[int]:
    """Registry records that share a blocking key with any of `persons` (all through indexes)."""
    dates: set[dt.date] = set()
    phones: set[str] = set()
    hashes: set[str] = set()
    names: dict[str, set[int]] = {}
    # the engine's birth-date rules also ask for the same surname or the same given name: a birth date alone
    # would bring about 45 records a day at a million records
    same_day: set[tuple[dt.date, str]] = set()
    for p in persons:
        if p.birth_date:
            dates.add(p.birth_date)
            nn = name_norm(p.name)
            names.setdefault(nn, set()).add(p.birth_date.year)
            same_day.update({(p.birth_date, "s:" + nn[:1]), (p.birth_date, "g:" + nn[1:])})
        digits = phone_digits(p.phone)
        if len(digits) >= 9:
            phones.add(digits)
        if p.rrn_hash:
            hashes.add(p.rrn_hash)
    found: set[int] = set()
    base = Person.objects.all()
    dl = sorted(dates)
    for start in range(0, len(dl), chunk):
        for pk, born, name in base.filter(birth_date__in=dl[start:start + chunk]).values_list("pk", "birth_date",
                                                                                                "name"):
            nn = name_norm(name)
            if (born, "s:" + nn[:1]) in same_day or (born, "g:" + nn[1:]) in same_day:
                found.add(pk)
    hl = sorted(hashes)
    for start in range(0, len(hl), chunk):
        found.update(base.filter(rrn_hash__in=hl[start:start + chunk]).values_list("pk", flat=True))
    pl = sorted(phones)
    for start in range(0, len(pl), chunk):
        found.update(base.annotate(phone_key=_phone_expr()).filter(phone_key__in=pl[start:start + chunk])
                     .values_list("pk", flat=True))
    # a name with the birth year (another day of the year: a typo in the birth date)
    items = sorted(names.items())
    for start in range(0, len(items), 200):
        q = Q(pk__in=[])
        for name, years in items[start:start + 200]:
            for y in years:
                q |= Q(name=name, birth_date__gte=dt.date(y, 1, 1), birth_date__lte=dt.date(y, 12, 31))
        found.update(base.filter(q).values_list("pk", flat=True))
    return found


def _ensure_params(actor: Any, backend: str) -> dict[str, Any]:
    _, params = last_params()
    if params is None:  # never trained: one full run trains and links everything once
        run = linkage_run(actor=actor, backend=backend)
        params = run.params
    return params


def persons_check(*, persons: list[Person], actor: Any = None, backend: str = "duckdb",
                  params: dict[str, Any] | None = None) -> list[PersonLink]:
    """Check new or changed persons against the whole registry: candidates by the blocking keys, scored with the
    last run's parameters; links written and the affected clusters recomputed in one transaction (audited).
    Returns the links (current scores) of these persons, best first."""
    from iljari.audit.services import audit_batch

    persons = [p for p in persons if p.pk]
    if not persons:
        return []
    th = thresholds()
    if params is None:
        if not LinkageRun.objects.filter(status=LinkageRun.Status.DONE).exclude(params={}).exists():
            _ensure_params(actor, backend)
            return _links_of([p.pk for p in persons])
        _, params = last_params()
    engine = _engine()
    new_ids = {p.pk for p in persons}
    cand = candidate_ids(persons) | new_ids
    cl = sorted(cand)
    rows = [r for i in range(0, len(cl), 5000) for r in Person.objects.filter(pk__in=cl[i:i + 5000]).values_list(
        "pk", "name", "birth_date", "sex", "phone", "address", "rrn_hash", "cluster_id", "version")]
    reg_df = pd.DataFrame(rows, columns=_READ_COLUMNS)
    new_df = persons_frame(persons)
    scored: list[tuple[int, int, float, float | None, list[dict[str, Any]]]] = []
    if len(reg_df) > 1:
        # the model's own conditions and weights in one DuckDB query (scoring.py): a Splink linker per check
        # would cost most of a second; the full run uses Splink itself
        from .scoring import score

        pairs = score(engine.prepare(engine_frame(new_df)), engine.prepare(engine_frame(reg_df)), params,
                      threshold=th["review"])
        scored = [s for s in _scored_rows(pairs) if s[0] != s[1]]
    versions = dict(zip(reg_df["unique_id"].astype("int64").tolist(), reg_df["version"].astype("int64").tolist(),
                        strict=True))
    with transaction.atomic():
        written = write_links(scored, versions, th, None, scope_ids=new_ids, scored_ids=cand)
        touched = new_ids | {x for s in scored for x in s[:2]}
        # every member of the clusters now touched (a cluster is closed under its links)
        keys = set(Person.objects.filter(pk__in=touched).values_list("cluster_id", flat=True)) - {None}
        members = dict(Person.objects.filter(Q(pk__in=touched) | Q(cluster_id__in=keys))
                       .values_list("pk", "cluster_id"))
        changed, _ = recluster(members.keys(), members)
        # the double-receipt check of the clusters these persons are now in (people.alerts)
        from iljari.people.alerts import alerts_refresh

        keys = set(Person.objects.filter(pk__in=touched).values_list("cluster_id", flat=True)) - {None}
        alerts_refresh(actor=actor, cluster_ids=keys)
        audit_batch(actor=actor, object_type="people.personlink",
                    summary={"file": f"연계 점검 {len(persons)}명 / linkage check of {len(persons)}",
                             "persons": sorted(new_ids)[:50], "candidates": len(cand), "created": written.created,
                             "updated": written.updated, "deleted": written.deleted, "reopened": written.reopened,
                             "clusters_changed": changed},
                    reason="새 사람 연계 점검 / new persons checked against the registry")
    return _links_of(sorted(new_ids))


def _links_of(ids: list[int]) -> list[PersonLink]:
    qs = PersonLink.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids)).select_related("left", "right")
    return sorted(qs, key=lambda link: (-link.probability, link.pk))


def person_check(*, person: Person, actor: Any = None, backend: str = "duckdb") -> list[PersonLink]:
    """One new or changed person against the whole registry (see persons_check)."""
    return persons_check(persons=[person], actor=actor, backend=backend)


def check_new_persons(person_ids: Iterable[int], *, actor: Any = None) -> None:
    """The hook for code that creates persons: check them against the registry once the transaction commits.

    A few persons (an application) are checked at once in the committing request, so the page that follows shows
    the matches; a long list (a district's import) is handed to the background worker."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        return
    # robust: a failed check is logged, never the failure of the request that created the persons (the next full
    # run links them all the same)
    if len(ids) <= int(getattr(settings, "ILJARI_LINK_INLINE_MAX", 50)):
        transaction.on_commit(lambda: persons_check(persons=list(Person.objects.filter(pk__in=ids)), actor=actor),
                              robust=True)
    else:
        from .tasks import check_persons_task

        transaction.on_commit(lambda: check_persons_task.enqueue(ids), robust=True)
