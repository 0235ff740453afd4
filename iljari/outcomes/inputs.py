"""The columns a run of the indicators reads (outcomes.indicators.Inputs), each with one query: persons and their
clusters, benefit records, employment episodes, stated statuses, the program registry and the ledger's money.

On PostgreSQL the large reads go through `COPY (SELECT ...) TO STDOUT` read by pyarrow's CSV reader (a few hundred
thousand rows a second less work than a cursor's tuples); elsewhere a plain cursor. Dates come as day numbers
(days since 1970-01-01) computed by the database. A trace reads the same columns for one program's participants
(their clusters: every record of the humans counted), so it counts exactly as the run did on the same data.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection

from iljari.people.models import BenefitRecord, Person
from iljari.programs.models import Program

from .indicators import BENEFIT_KINDS, OPEN, Inputs, day_number
from .models import EmploymentEpisode


def _day(col: str) -> str:
    """SQL for a date column as a day number."""
    if connection.vendor == "postgresql":
        return f"({col} - DATE '1970-01-01')"
    return f"CAST(julianday({col}) - 2440587.5 AS INTEGER)"


def _frame(sql: str, params: list[Any], columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    """The rows of a query as a frame with the given column names; `types`: column -> "int" | "float"."""
    if connection.vendor == "postgresql":
        import pyarrow as pa
        import pyarrow.csv as pacsv

        query = connection.ops.compose_sql(sql, params) if params else sql  # type: ignore[attr-defined]
        buf = io.BytesIO()
        connection.ensure_connection()
        with connection.connection.cursor() as cur, cur.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
            for chunk in copy:
                buf.write(chunk)
        if buf.getbuffer().nbytes == 0:
            return _empty(columns, types)
        buf.seek(0)
        pa_types = {c: (pa.int64() if types.get(c) == "int" else pa.float64()) for c in columns}
        table = pacsv.read_csv(buf, read_options=pacsv.ReadOptions(column_names=columns),
                               convert_options=pacsv.ConvertOptions(column_types=pa_types))
        return table.to_pandas()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    if not rows:
        return _empty(columns, types)
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: (np.int64 if t == "int" else np.float64) for c, t in types.items()})


def _empty(columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=np.int64 if types.get(c) == "int" else np.float64) for c in columns})


def _clusters_of(program_id: int, year: int, as_of: dt.date) -> tuple[str, list[Any]]:
    """SQL for the clusters of one program's participants in the year (a trace reads only their records)."""
    b, p = BenefitRecord._meta.db_table, Person._meta.db_table
    last = min(dt.date(year, 12, 31), as_of)
    return (f"SELECT DISTINCT COALESCE(p.cluster_id, p.id) FROM {b} b JOIN {p} p ON p.id = b.person_id "
            f"WHERE b.program_id = %s AND b.start <= %s AND b.\"end\" >= %s", [program_id, last, dt.date(year, 1, 1)])


def _ids(column: str, ids: list[int]) -> tuple[str, Any]:
    """`column` in a list of ids given as one parameter: a PostgreSQL array (an index scan), a JSON list on SQLite
    (no limit on the number of parameters)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", list(ids)
    import json

    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(ids))


def read_inputs(year: int, as_of: dt.date, *, program: int | None = None, timings: dict[str, float] | None = None
                ) -> Inputs:
    """Everything a run of `year` as of `as_of` needs (`program`: only what one program's figures need)."""
    import time

    t = time.perf_counter()

    def tick(name: str) -> None:
        nonlocal t
        if timings is not None:
            now = time.perf_counter()
            timings[name] = timings.get(name, 0.0) + now - t
            t = now

    end_day = _day('"end"')
    p_t, b_t, e_t = Person._meta.db_table, BenefitRecord._meta.db_table, EmploymentEpisode._meta.db_table
    persons_where, params_p = "", []
    if program is not None:
        # one program's trace: its participants' clusters first, then their records by index (an id list as one
        # parameter), not a scan of the registry per table
        sub, sub_params = _clusters_of(program, year, as_of)
        with connection.cursor() as cur:
            cur.execute(sub, sub_params)
            wanted = sorted(int(r[0]) for r in cur.fetchall())
        in_sql, in_param = _ids("cluster_id", wanted)
        in_sql2, in_param2 = _ids("id", wanted)
        persons_where = f" WHERE {in_sql} OR {in_sql2}"
        params_p = [in_param, in_param2]
    persons = _frame(f"SELECT id, COALESCE(cluster_id, id), {_day('birth_date')} FROM {p_t}{persons_where}",
                     params_p, ["person", "cluster", "birth"], {"person": "int", "cluster": "int", "birth": "float"})
    tick("read_persons")
    person_ids = persons["person"].to_numpy(np.int64)
    of_persons, of_persons_param = _ids("person_id", sorted(int(x) for x in person_ids))
    lut = np.zeros(int(person_ids.max()) + 1 if len(person_ids) else 1, dtype=np.int64)
    lut[person_ids] = persons["cluster"].to_numpy(np.int64)

    def clusters(ids: np.ndarray) -> np.ndarray:
        ids = ids.astype(np.int64)
        inside = ids < len(lut)
        out = np.zeros(len(ids), dtype=np.int64)
        out[inside] = lut[ids[inside]]
        return out

    # Benefit records: the year's, and the years before it that an earlier participation may reach (ten years at
    # most, the longest a definition may look back), known by the as-of day.
    kind_sql = "CASE kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(BENEFIT_KINDS)) + " ELSE -1 END"
    where = ['"end" >= %s', "start <= %s"]
    params_b: list[Any] = [dt.date(year - 11, 1, 1), as_of]
    if program is not None:
        where.append(of_persons)
        params_b.append(of_persons_param)
    benefits = _frame(f"SELECT id, person_id, COALESCE(program_id, 0), {kind_sql}, {_day('start')}, "
                      f"{end_day} FROM {b_t} WHERE {' AND '.join(where)}", params_b,
                      ["id", "person", "program", "kind", "start", "end"],
                      {c: "int" for c in ("id", "person", "program", "kind", "start", "end")})
    benefits["cluster"] = clusters(benefits["person"].to_numpy())
    tick("read_benefits")
    where_e = ['("end" IS NULL OR "end" >= %s)', "start <= %s"]
    params_e: list[Any] = [dt.date(year, 1, 1), as_of]
    if program is not None:
        where_e.append(of_persons)
        params_e.append(of_persons_param)
    episodes = _frame(f"SELECT id, person_id, {_day('start')}, COALESCE({end_day}, {OPEN}), "
                      f"CASE WHEN private THEN 1 ELSE 0 END FROM {e_t} WHERE {' AND '.join(where_e)}", params_e,
                      ["id", "person", "start", "end", "private"], {c: "int" for c in ("id", "person", "start", "end",
                                                                                         "private")})
    episodes["private"] = episodes["private"].to_numpy() == 1
    episodes["cluster"] = clusters(episodes["person"].to_numpy())
    tick("read_episodes")
    statuses = read_statuses(None if program is None else (f"SELECT id FROM {p_t} WHERE {_ids('id', [])[0]}",
                                                           [of_persons_param]))
    statuses["cluster"] = clusters(statuses["person"].to_numpy())
    tick("read_statuses")
    programs = read_programs(year, program)
    tick("read_programs")
    money = read_money(year, as_of, None if program is None else [program])
    tick("read_ledger")
    return Inputs(year=year, as_of=day_number(as_of), programs=programs, persons=persons, benefits=benefits,
                  episodes=episodes, statuses=statuses, money=money)


def read_statuses(persons: tuple[str, list[Any]] | None) -> pd.DataFrame:
    """(person, status) for every status stated on an applicant record or an application (participants);
    `persons`: only those of a subquery (SQL and parameters)."""
    from django.db.models.expressions import RawSQL

    from iljari.participants.models import Applicant, Application

    applicants = Applicant.objects.filter(person__isnull=False).exclude(statuses=[])
    applications = Application.objects.filter(applicant__person__isnull=False).exclude(statuses=[])
    if persons is not None:
        applicants = applicants.filter(person_id__in=RawSQL(*persons))
        applications = applications.filter(applicant__person_id__in=RawSQL(*persons))
    rows: list[tuple[int, str]] = []
    for pid, sts in [*applicants.values_list("person_id", "statuses"),
                     *applications.values_list("applicant__person_id", "statuses")]:
        for s in sts or []:
            if isinstance(s, str):
                rows.append((pid, s))
    frame = pd.DataFrame(rows, columns=["person", "status"]).drop_duplicates()
    return frame.astype({"person": np.int64}) if len(frame) else pd.DataFrame(
        {"person": pd.Series(dtype=np.int64), "status": pd.Series(dtype=object)})


def read_programs(year: int, program: int | None = None) -> pd.DataFrame:
    """The registry: job type and subtype codes, whether it runs in the year, whether any participation record
    names it (`program`: asked of that program only, for a trace)."""
    rows = list(Program.objects.values_list("id", "job_type__code", "subtype__code", "start", "end"))
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    frame = pd.DataFrame({
        "job_type": [r[1] or "" for r in rows], "subtype": [r[2] or "" for r in rows],
        "in_year": [(r[3] is None or r[3] <= dec31) and (r[4] is None or r[4] >= jan1) for r in rows]},
        index=pd.Index([r[0] for r in rows], dtype=np.int64, name="program"))
    if program is None:
        listed = set(BenefitRecord.objects.filter(program__isnull=False).order_by()
                     .values_list("program_id", flat=True).distinct())
    else:
        listed = {program} if BenefitRecord.objects.filter(program_id=program).exists() else set()
    frame["listed"] = frame.index.isin(list(listed))
    return frame.astype({"in_year": bool, "job_type": object, "subtype": object}).sort_index()


def read_money(year: int, as_of: dt.date, program_ids: list[int] | None) -> pd.DataFrame:
    """Each program's budget and expenditure of the year as of the day, from the roll-up engine (the figures the
    ledger's pages show)."""
    from iljari.ledger.rollup import program_figures

    figures = program_figures(program_ids, year, as_of)
    ids = list(figures)

    def number(v: int | None) -> float:
        return np.nan if v is None else float(v)

    return pd.DataFrame({"budget": [number(figures[i].budget) for i in ids],
                         "expenditure": [number(figures[i].expenditure) for i in ids]},
                        index=pd.Index(ids, dtype=np.int64, name="program"))
