"""National-scale synthetic data, deterministic by seed: org units, programs and five years of monthly facts.

Used by the benchmarks and by later capabilities that need volume (25,000 programs, 300 org units, about ten
million fact rows). Facts are written with PostgreSQL COPY (or bulk inserts on SQLite) in chunks of a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from iljari.audit.services import audit_batch
from iljari.core.context import change_context
from iljari.core.periods import month_end
from iljari.orgs.models import OrgKind, OrgUnit, OrgUnitName
from iljari.programs.models import Code, Measure, Program

from .bulk import copy_facts
from .models import Fact


@dataclass
class SyntheticSpec:
    programs: int = 25_000
    orgs: int = 300
    first_year: int = 2017
    years: int = 5
    seed: int = 20211231
    correction_share: float = 0.01


def _orgs(spec: SyntheticSpec, rng: np.random.Generator) -> list[OrgUnit]:
    """Cities, each with offices, divisions and districts, until `spec.orgs` units exist."""
    units: list[OrgUnit] = []
    n_cities = max(1, spec.orgs // 30)
    seq = 0

    def add(code: str, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
        nonlocal seq
        seq += 1
        u = OrgUnit(code=code, name_ko=name, name_en=code, kind=kind, parent=parent)
        u.save()
        u.path = f"{parent.path if parent else ''}{u.pk:06d}."
        u.depth = parent.depth + 1 if parent else 0
        u.district_id = u.pk if kind == OrgKind.DISTRICT else (parent.district_id if parent else None)
        u.save(update_fields=["path", "depth", "district"])
        units.append(u)
        return u

    for c in range(n_cities):
        if len(units) >= spec.orgs:
            break
        city = add(f"S{c:02d}", f"합성시{c:02d}", OrgKind.CITY, None)
        o = 0
        while len(units) < spec.orgs and o < 29:
            if o % 3 == 2:
                add(f"S{c:02d}-D{o:02d}", f"합성시{c:02d} 합성구{o:02d}", OrgKind.DISTRICT, city)
            else:
                office = add(f"S{c:02d}-O{o:02d}", f"합성시{c:02d} 합성실{o:02d}", OrgKind.OFFICE, city)
                if len(units) < spec.orgs:
                    add(f"S{c:02d}-O{o:02d}-V", f"합성시{c:02d} 합성과{o:02d}", OrgKind.DIVISION, office)
            o += 1
    OrgUnitName.objects.bulk_create([OrgUnitName(org_unit=u, name_ko=u.name_ko, name_en=u.name_en) for u in units])
    return units


def generate(spec: SyntheticSpec, *, actor=None, progress: Callable[[int], None] | None = None  # type: ignore[no-untyped-def]
             ) -> dict[str, float]:
    """Create the synthetic portfolio and its facts; returns counts and timings (seconds)."""
    rng = np.random.default_rng(spec.seed)
    timings: dict[str, float] = {}
    t0 = timezone.now()
    with change_context("task", batch_id=f"synthetic-{spec.seed}"), transaction.atomic():
        units = _orgs(spec, rng)
        leaves = [u for u in units if u.kind in (OrgKind.DIVISION, OrgKind.DISTRICT)]
        districts_by_city: dict[int, list[OrgUnit]] = {}
        for u in units:
            if u.kind == OrgKind.DISTRICT:
                districts_by_city.setdefault(u.parent_id or 0, []).append(u)
        codes = {(c.list, c.code): c for c in Code.objects.all()}
        subtypes = [codes[("subtype", s)] for s in ("training", "employment_service", "employment_subsidy",
                                                    "startup", "private_support", "construction")]
        groups = [c for (lst, _), c in codes.items() if lst == "target_group"]
        fields = [c for (lst, _), c in codes.items() if lst == "policy_field"]
        progs = []
        owner_idx = rng.integers(0, len(leaves), spec.programs)
        direct = rng.random(spec.programs) < 0.5
        for i in range(spec.programs):
            progs.append(Program(
                code=f"SYN-{i:05d}", name_ko=f"합성 일자리 사업 {i:05d}", name_en=f"Synthetic program {i:05d}",
                owner_org=leaves[owner_idx[i]], job_type=codes[("job_type", "direct" if direct[i] else "indirect")],
                subtype=None if direct[i] else subtypes[i % len(subtypes)], policy_field=fields[i % len(fields)],
                start=dt.date(spec.first_year, 1, 1), illustrative=True,
                description="합성 데이터 / synthetic data for benchmarks"))
        Program.objects.bulk_create(progs, batch_size=5000)
        progs = list(Program.objects.filter(code__startswith="SYN-").order_by("code"))
        through = Program.target_groups.through
        links = []
        for p in progs:
            for g in rng.choice(len(groups), size=1 + int(rng.random() < 0.3), replace=False):
                links.append(through(program_id=p.pk, code_id=groups[g].pk))
        through.objects.bulk_create(links, batch_size=10000)
        # implementing units: the owner, plus up to two districts of the same city
        pu_prog, pu_org = [], []
        for p in progs:
            pu_prog.append(p.pk)
            pu_org.append(p.owner_org_id)
            city = int(p.owner_org.path.split(".")[0])
            ds = districts_by_city.get(city, [])
            extra = int(rng.choice(3, p=[0.15, 0.55, 0.30])) if ds else 0
            for d in rng.choice(len(ds), size=min(extra, len(ds)), replace=False) if extra else []:
                if ds[d].pk != p.owner_org_id:
                    pu_prog.append(p.pk)
                    pu_org.append(ds[d].pk)
        audit_batch(actor=actor, object_type="programs.program", summary={
            "file": "synthetic", "programs": len(progs), "orgs": len(units), "seed": spec.seed})
    timings["registry_s"] = (timezone.now() - t0).total_seconds()

    measures = {m.code: m.pk for m in Measure.objects.all()}
    src_city, src_district, src_total = (codes[("funding_source", s)].pk for s in ("city", "district", "total"))
    pu_prog_a = np.array(pu_prog, dtype=np.int64)
    pu_org_a = np.array(pu_org, dtype=np.int64)
    next_id = (Fact.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    frames = []
    for y in range(spec.first_year, spec.first_year + spec.years):
        frame = _year_frame(y, pu_prog_a, pu_org_a, measures, src_city, src_district, src_total, rng, spec)
        frame.insert(0, "id", np.arange(next_id, next_id + len(frame), dtype=np.int64))
        frame = _add_corrections(frame, rng, spec)
        next_id = int(frame["id"].max()) + 1
        frames.append(frame)
        if progress:
            progress(len(frame))
    everything = pd.concat(frames, ignore_index=True)
    total_rows = len(everything)
    t1 = timezone.now()
    _copy_facts(everything, batch_id=f"synthetic-{spec.seed}")  # one load: indexes are built once
    load_s = (timezone.now() - t1).total_seconds()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [Fact._meta.db_table, next_id])
    timings.update({"facts": total_rows, "facts_load_s": load_s, "programs": len(progs), "orgs": len(units),
                    "program_units": len(pu_prog)})
    return timings


def _year_frame(y: int, pu_prog: np.ndarray, pu_org: np.ndarray, measures: dict[str, int], src_city: int,
                src_district: int, src_total: int, rng: np.random.Generator, spec: SyntheticSpec) -> pd.DataFrame:
    n = len(pu_prog)
    target = np.maximum(1, rng.lognormal(3.5, 1.2, n)).astype(np.int64)
    budget = (target * rng.uniform(5e6, 3e7, n)).astype(np.int64) // 1000 * 1000
    share = rng.choice([0.5, 0.7, 1.0], n)
    # cumulative monthly results and expenditure (non-decreasing ramps)
    steps = rng.random((n, 12))
    ramp = np.cumsum(steps, axis=1) / steps.sum(axis=1, keepdims=True)
    achieved = rng.uniform(0.6, 1.15, n)
    result = np.floor(ramp * (target * achieved)[:, None]).astype(np.int64)
    spent = rng.uniform(0.7, 1.0, n)
    exp_city = np.floor(ramp * (budget * share * spent)[:, None]).astype(np.int64)
    exp_dist = np.floor(ramp * (budget * (1 - share) * spent)[:, None]).astype(np.int64)
    parts = []
    jan1 = dt.date(y, 1, 1)
    dec31 = dt.date(y, 12, 31)

    def block(measure: str, source: int, period: list[str] | str, kind: str, period_end, ref, as_of, values,
              prog=pu_prog, org=pu_org):  # type: ignore[no-untyped-def]
        return pd.DataFrame({
            "program_id": prog, "org_unit_id": org, "measure_id": measures[measure], "funding_source_id": source,
            "period": period, "period_kind": kind, "year": y, "period_end": period_end, "ref_date": ref,
            "as_of": as_of, "value": values})

    parts.append(block("job_target", src_total, str(y), "Y", dec31, dec31, jan1, target))
    parts.append(block("budget", src_city, str(y), "Y", dec31, dec31, jan1, (budget * share).astype(np.int64)))
    has_dist = share < 1.0
    parts.append(block("budget", src_district, str(y), "Y", dec31, dec31, jan1,
                       (budget * (1 - share)).astype(np.int64)[has_dist], prog=pu_prog[has_dist],
                       org=pu_org[has_dist]))
    for m in range(1, 13):
        me = month_end(y, m)
        pid = f"{y}-{m:02d}"
        parts.append(block("job_result", src_total, pid, "M", me, me, me, result[:, m - 1]))
        parts.append(block("expenditure", src_city, pid, "M", me, me, me, exp_city[:, m - 1]))
        parts.append(block("expenditure", src_district, pid, "M", me, me, me, exp_dist[:, m - 1][has_dist],
                           prog=pu_prog[has_dist], org=pu_org[has_dist]))
    return pd.concat(parts, ignore_index=True)


def _add_corrections(frame: pd.DataFrame, rng: np.random.Generator, spec: SyntheticSpec) -> pd.DataFrame:
    """A share of values is corrected two weeks later: a new version that replaces the first."""
    k = int(len(frame) * spec.correction_share)
    if k == 0:
        return frame
    pick = rng.choice(len(frame), size=k, replace=False)
    fixes = frame.iloc[pick].copy()
    fixes["replaces_id"] = fixes["id"]
    fixes["id"] = np.arange(int(frame["id"].max()) + 1, int(frame["id"].max()) + 1 + k, dtype=np.int64)
    fixes["as_of"] = pd.to_datetime(fixes["as_of"]) + pd.Timedelta(days=14)
    fixes["as_of"] = fixes["as_of"].dt.date
    fixes["value"] = (fixes["value"] * rng.uniform(1.0, 1.05, k)).astype(np.int64)
    frame = frame.copy()
    frame["replaces_id"] = pd.array([None] * len(frame), dtype="Int64")
    fixes["replaces_id"] = fixes["replaces_id"].astype("Int64")
    return pd.concat([frame, fixes], ignore_index=True)


def _copy_facts(frame: pd.DataFrame, *, batch_id: str) -> None:
    frame = frame.copy()
    frame["recorded_at"] = timezone.now().isoformat()
    frame["recorded_by_id"] = None
    frame["reason"] = ""
    frame["source"] = "synthetic"
    frame["batch_id"] = batch_id
    frame["illustrative"] = True
    frame["note"] = ""
    copy_facts(frame, batch_id=batch_id)

