#!/usr/bin/env python
"""Spreadsheet and CSV imports at scale (issue 4), each beside a plain baseline in the same run.

    .venv/bin/python bench/import_bench.py            # needs the national database of bench/ledger_bench.py

1. A 100,000-row xlsx in the monthly template's layout (25,000 programs x 4 funding sources, budget and
   expenditure) validated (dry run) and imported, against a plain openpyxl read of every cell of the same file.
2. A 1,000,000-row CSV of facts validated and imported with `facts_import`, against a plain PostgreSQL COPY of
   the same rows into an unindexed table.
The database is copied first (CREATE DATABASE ... TEMPLATE) so the national one stays as it was.
Results are printed and written to bench/out/import.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/iljari_bench")
    p.add_argument("--xlsx-rows", type=int, default=100_000)
    p.add_argument("--csv-rows", type=int, default=1_000_000)
    p.add_argument("--year", type=int, default=2022)
    args = p.parse_args()
    import psycopg

    base, source = args.pg_url.rsplit("/", 1)
    scratch = "iljari_bench_import"
    t0 = time.perf_counter()
    with psycopg.connect(base + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {scratch}")
        c.execute(f"CREATE DATABASE {scratch} TEMPLATE {source}")
    print(f"copied the national database in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    os.environ["DATABASE_URL"] = f"{base}/{scratch}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from openpyxl import Workbook, load_workbook

    from iljari.access.services import membership_grant
    from iljari.interchange.canonical import facts_import
    from iljari.interchange.workbook import workbook_import
    from iljari.programs.models import Program

    user, _ = get_user_model().objects.get_or_create(username="bench-importer")
    membership_grant(actor=None, user=user, role="portfolio", reason="bench")
    res: dict = {}
    year = args.year

    # 1. xlsx
    programs = list(Program.objects.select_related("owner_org").order_by("code")
                    .values_list("code", "owner_org__code"))
    sources = ["national", "city", "district", "other"]
    wb = Workbook()
    ws = wb.active
    ws.title = "실적"
    ws.append([f"{year}년 5월 일자리 사업 실적"])
    ws.append([f"기간: {year}-05", f"기준일: {year}-05-31"])
    ws.append(["(단위)", "", "", "", "", "", "천원", "", "천원"])
    ws.append(["사업코드", "사업명", "조직코드", "재원", "목표", "실적(누계)", "예산현액", "원인행위액(누계)", "지출액(누계)"])
    n = 0
    for i, (code, org) in enumerate(programs):
        for j, s in enumerate(sources):
            if n >= args.xlsx_rows:
                break
            ws.append([code, "", org, s, None, None, 1_000 + i + j, None, 500 + (i + j) % 400])
            n += 1
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    res["xlsx_rows"], res["xlsx_bytes"] = n, len(data)
    t0 = time.perf_counter()
    cells = 0
    for row in load_workbook(io.BytesIO(data), read_only=True, data_only=True)["실적"].iter_rows(values_only=True):
        cells += len(row)
    res["openpyxl_read_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    dry = workbook_import(actor=user, data=data, dry_run=True, file_name="bench.xlsx")
    res["xlsx_validate_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    done = workbook_import(actor=user, data=data, file_name="bench.xlsx")
    res["xlsx_import_s"] = round(time.perf_counter() - t0, 2)
    res["xlsx_values"] = done.created + done.changed + done.unchanged
    assert dry.created == done.created, (dry.created, done.created)

    # 2. CSV of facts
    lines = ["program,org_unit,period,measure,funding_source,value,as_of"]
    series = [("job_result", "total"), ("expenditure", "city"), ("expenditure", "national"), ("commitment", "city")]
    k = 0
    for code, org in programs:  # distinct keys: program x month x (measure, source)
        for m in range(1, 13):
            for measure, src in series:
                if k >= args.csv_rows:
                    break
                lines.append(f"{code},{org},{year + 1}-{m:02d},{measure},{src},{1_000 * m + k % 997},"
                             f"{year + 1}-{m:02d}-28")
                k += 1
    csv_data = ("\n".join(lines) + "\n").encode()
    res["csv_rows"] = len(lines) - 1
    t0 = time.perf_counter()
    report = facts_import(actor=user, path=csv_data, file_name="bench.csv")
    res["csv_import_s"] = round(time.perf_counter() - t0, 2)
    res["csv_created"] = report.created
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE bench_plain (program text, org_unit text, period text, measure text, "
                    "source text, value bigint, as_of date)")
        raw = cur.connection.cursor()
        t0 = time.perf_counter()
        with raw.copy("COPY bench_plain FROM STDIN WITH (FORMAT csv, HEADER true)") as cp:
            cp.write(csv_data)
        res["plain_copy_s"] = round(time.perf_counter() - t0, 3)
    connection.close()
    with psycopg.connect(base + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {scratch}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "import.json").write_text(json.dumps(res, indent=2))
    print("\n== iljari import benchmark (PostgreSQL, national data) ==")
    print(f"  xlsx {res['xlsx_rows']:,} rows ({res['xlsx_bytes'] / 1e6:.1f} MB, {res['xlsx_values']:,} values): "
          f"validate (dry run) {res['xlsx_validate_s']} s, import {res['xlsx_import_s']} s (target <= 60 s); "
          f"plain openpyxl read {res['openpyxl_read_s']} s (ratio {res['xlsx_import_s'] / res['openpyxl_read_s']:.1f})")
    print(f"  CSV {res['csv_rows']:,} facts: validate + import {res['csv_import_s']} s (target <= 30 s); "
          f"plain COPY {res['plain_copy_s']} s (ratio {res['csv_import_s'] / res['plain_copy_s']:.0f})")


if __name__ == "__main__":
    main()
