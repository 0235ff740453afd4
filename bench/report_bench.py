#!/usr/bin/env python
"""Work report at national scale (issue 5): HTML server time and the PDF, beside plain baselines in one run.

    .venv/bin/python bench/report_bench.py            # needs the national database of bench/ledger_bench.py

For an office of the national database (about 140 programs; the report has the general status, three target
tables and a page for each of the 30 major programs):
- HTML: the report page through Django's test client (the whole server path: auth, roll-ups, template), cold
  (first request of the process) and warm (median and max of --repeat requests). Baseline: one plain SQL
  GROUP BY over the month-end table for the same unit and date, the least any page with these totals costs.
- PDF: building the report and printing it with WeasyPrint, and the page count (pdfinfo). Baseline: WeasyPrint
  printing the same HTML alone (the floor for this document).
Results are printed and written to bench/out/report.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from ledger_bench import setup_django  # noqa: E402

OUT = ROOT / "bench" / "out"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/iljari_bench")
    p.add_argument("--org", default="S00-O03")
    p.add_argument("--year", type=int, default=2021)
    p.add_argument("--as-of", default="2021-05-31")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    setup_django(args.pg_url)
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client
    from weasyprint import CSS, HTML

    from iljari.access.services import membership_grant
    from iljari.core.pdf import print_css, render_pdf
    from iljari.orgs.models import OrgUnit
    from iljari.reports.ledger_reports import work_report

    user, _ = get_user_model().objects.get_or_create(username="bench-reporter")
    membership_grant(actor=None, user=user, role="portfolio", reason="bench")
    org = OrgUnit.objects.get(code=args.org)
    as_of = dt.date.fromisoformat(args.as_of)
    res: dict = {"org": org.code, "org_name": org.name_ko}
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/reports/work-report/?org={org.code}&year={args.year}&as_of={as_of}"

    t0 = time.perf_counter()
    resp = client.get(url)
    res["html_cold_s"] = round(time.perf_counter() - t0, 3)
    assert resp.status_code == 200, resp.status_code
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        resp = client.get(url)
        times.append(time.perf_counter() - t0)
    res["html_warm_median_s"] = round(statistics.median(times), 3)
    res["html_warm_max_s"] = round(max(times), 3)
    res["html_bytes"] = len(resp.content)
    with connection.cursor() as cur:
        t0 = time.perf_counter()
        cur.execute("SELECT m.program_id, sum(m.target), sum(m.result), sum(m.budget), sum(m.expenditure) "
                    "FROM ledger_factmonthly m JOIN programs_program p ON p.id = m.program_id "
                    "JOIN orgs_orgunit o ON o.id = p.owner_org_id WHERE m.year = %s AND m.month = %s "
                    "AND o.path LIKE %s GROUP BY m.program_id", [args.year, as_of.month, org.path + "%"])
        cur.fetchall()
        res["baseline_sql_s"] = round(time.perf_counter() - t0, 3)

    t0 = time.perf_counter()
    report = work_report(org=org, year=args.year, as_of=as_of)
    res["pdf_build_s"] = round(time.perf_counter() - t0, 3)
    ctx = {"report": report, "title": report.title, "generated_line": "bench"}
    t0 = time.perf_counter()
    pdf = render_pdf("reports/print_report.html", ctx)
    res["pdf_print_s"] = round(time.perf_counter() - t0, 3)
    res["pdf_total_s"] = round(res["pdf_build_s"] + res["pdf_print_s"], 3)
    html = render_to_string("reports/print_report.html", {**ctx, "printing": True})
    t0 = time.perf_counter()
    HTML(string=html).write_pdf(stylesheets=[CSS(string=print_css())])
    res["baseline_weasyprint_s"] = round(time.perf_counter() - t0, 3)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True, check=True).stdout
    res["pdf_pages"] = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    res["pdf_bytes"] = len(pdf)
    res["program_pages"] = report.pages
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print(f"\n== iljari work report benchmark ({org.code} {org.name_ko}, {as_of}) ==")
    print(f"  HTML page: cold {res['html_cold_s']} s, warm median {res['html_warm_median_s']} s, max "
          f"{res['html_warm_max_s']} s (target <= 1 s); plain SQL GROUP BY baseline {res['baseline_sql_s']} s")
    print(f"  PDF: {res['pdf_pages']} pages ({res['program_pages']} program pages), build {res['pdf_build_s']} s + "
          f"print {res['pdf_print_s']} s = {res['pdf_total_s']} s (target <= 15 s); WeasyPrint alone on the same "
          f"HTML {res['baseline_weasyprint_s']} s (ratio {res['pdf_total_s'] / res['baseline_weasyprint_s']:.2f})")


if __name__ == "__main__":
    main()
