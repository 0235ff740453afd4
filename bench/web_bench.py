#!/usr/bin/env python
"""Officer pages at national scale (issue 3): server time of the dashboard, pivot and program list, and 50
concurrent reviewers browsing a real server.

    .venv/bin/python bench/web_bench.py                 # needs the national database of bench/ledger_bench.py
    .venv/bin/python bench/web_bench.py --users 50 --seconds 60

Part 1, server time: each page rendered in-process through Django's test client (the whole request: session,
permissions, roll-ups, template), --repeat times after one warm-up; p50/p95 beside the same page's first
(cold) request and beside the roll-up engine alone (the baseline: what the page adds on top).
Part 2, load: gunicorn (the production WSGI server) on 127.0.0.1, then --users threads each logging in as
its own reviewer and browsing dashboard -> programs -> a program -> pivot in a loop for --seconds; requests,
errors and latency percentiles. Results are printed and written to bench/out/web.json.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))
from ledger_bench import pct, setup_django  # noqa: E402  (one percentile and one Django setup for the benches)


def server_time(args: argparse.Namespace) -> dict:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.test import Client

    from iljari.access.services import membership_grant
    from iljari.ledger import cube
    from iljari.ledger.rollup import rollup
    from iljari.programs.models import Program

    user, _ = get_user_model().objects.get_or_create(username="bench-reviewer")
    membership_grant(actor=None, user=user, role="reviewer", reason="bench")
    year, as_of = args.year, dt.date(args.year, 5, 31)
    q = f"year={year}&as_of={as_of.isoformat()}"
    code = Program.objects.order_by("code").values_list("code", flat=True)[Program.objects.count() // 2]
    pages = [
        ("dashboard", f"/?{q}", lambda: [rollup(year=year, as_of=as_of),
                                         rollup(year=year, as_of=as_of, by=["job_type", "subtype"]),
                                         rollup(year=year, as_of=as_of, by=["org"]),
                                         rollup(year=year, as_of=as_of, by=["target_group"]),
                                         rollup(year=year, as_of=as_of, by=["month"])]),
        ("pivot job_type x subtype", f"/pivot/?{q}&dim1=job_type&dim2=subtype",
         lambda: rollup(year=year, as_of=as_of, by=["job_type", "subtype"])),
        ("pivot org x target_group", f"/pivot/?{q}&dim1=org&dim2=target_group",
         lambda: rollup(year=year, as_of=as_of, by=["org", "target_group"])),
        ("pivot district x month", f"/pivot/?{q}&dim1=district&dim2=month",
         lambda: rollup(year=year, as_of=as_of, by=["district", "month"])),
        ("pivot funding_source x quarter", f"/pivot/?{q}&dim1=funding_source&dim2=quarter",
         lambda: rollup(year=year, as_of=as_of, by=["funding_source", "quarter"])),
        ("pivot program (page of 100)", f"/pivot/?{q}&dim1=program",
         lambda: rollup(year=year, as_of=as_of, by=["program"], limit=100)),
        ("program list, page 1", f"/programs/?{q}", None),
        ("program list, filtered", f"/programs/?{q}&job_type=indirect&target_group=youth", None),
        ("program list, page 100", f"/programs/?{q}&page=100", None),
        ("program list, Korean search", f"/programs/?{q}&q=청년 일자리", None),
        ("program page", f"/programs/{code}/?{q}", None),
        # Issue 12: the same pages as of a mid-month date (month-end slices plus the delta) and a ledger filter.
        ("dashboard, mid-month", f"/?year={year}&as_of={year}-05-20", None),
        ("program list, mid-month", f"/programs/?year={year}&as_of={year}-05-20", None),
        ("program list, funding source city", f"/programs/?{q}&funding_source=city", None),
    ]
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    rows = []
    for name, url, engine in pages:
        cube.clear()
        t0 = time.perf_counter()
        r = c.get(url)
        cold = (time.perf_counter() - t0) * 1000
        assert r.status_code == 200, (url, r.status_code)
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            c.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        eng = []
        if engine is not None:
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                engine()
                eng.append((time.perf_counter() - t0) * 1000)
        rows.append({"page": name, "url": url, "cold_ms": round(cold, 1), "p50_ms": round(pct(times, 50), 1),
                     "p95_ms": round(pct(times, 95), 1),
                     "engine_p95_ms": round(pct(eng, 95), 1) if eng else None})
    return {"pages": rows}


def load(args: argparse.Namespace) -> dict:
    from django.contrib.auth import get_user_model

    from iljari.access.services import membership_grant

    User = get_user_model()
    for i in range(args.users):
        u, created = User.objects.get_or_create(username=f"bench-reader-{i:02d}")
        if created or not u.check_password("bench-pw"):
            u.set_password("bench-pw")
            u.save()
        membership_grant(actor=None, user=u, role="reviewer", reason="bench")
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    port = args.port
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "iljari.settings.local", "DATABASE_URL": args.pg_url}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "iljari.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", "4", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        q = f"year={args.year}&as_of={args.year}-05-31"
        paths = [f"/?{q}", f"/programs/?{q}", f"/programs/?{q}&page=7", f"/pivot/?{q}&dim1=job_type&dim2=subtype",
                 f"/pivot/?{q}&dim1=district&dim2=target_group", f"/programs/?{q}&q=청년"]
        import threading

        # Everybody logs in first (Argon2 makes each login cost ~0.1-0.3 s of CPU on purpose), then all browse
        # at once until the deadline.
        ready = threading.Barrier(args.users)
        login_times: list[float] = []
        deadline_box: list[float] = []

        def reviewer(i: int) -> tuple[list[float], int, int]:
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            t_login = time.perf_counter()
            page = opener.open(base + "/login/", timeout=300).read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            data = urllib.parse.urlencode({"username": f"bench-reader-{i:02d}", "password": "bench-pw",
                                           "csrfmiddlewaretoken": token}).encode()
            req = urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"})
            with opener.open(req, timeout=300) as resp:
                resp.read()
                logged_in = "/login/" not in resp.url
            login_times.append((time.perf_counter() - t_login) * 1000)
            if ready.wait() == 0:
                deadline_box.append(time.monotonic() + args.seconds)
            while not deadline_box:
                time.sleep(0.01)
            deadline = deadline_box[0]
            times, errors, n = [], (0 if logged_in else 1), 0
            while time.monotonic() < deadline:
                path = paths[n % len(paths)]
                n += 1
                t0 = time.perf_counter()
                try:
                    with opener.open(base + urllib.parse.quote(path, safe="/?=&"), timeout=60) as r:
                        r.read()
                        if r.status != 200 or "/login/" in r.url:
                            errors += 1
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    errors += 1
                times.append((time.perf_counter() - t0) * 1000)
            return times, errors, n

        t0 = time.perf_counter()
        with cf.ThreadPoolExecutor(args.users) as pool:
            results = list(pool.map(reviewer, range(args.users)))
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(10)
    times = [t for r in results for t in r[0]]
    errors = sum(r[1] for r in results)
    return {"users": args.users, "seconds": round(wall, 1), "workers": args.workers, "requests": len(times),
            "login_p95_ms": round(pct(login_times, 95), 1),
            "errors": errors, "requests_per_s": round(len(times) / wall, 1),
            "p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1), "max_ms": round(max(times), 1),
            "mean_ms": round(statistics.mean(times), 1)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/iljari_bench")
    p.add_argument("--year", type=int, default=2021)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--part", choices=["all", "server", "load"], default="all")
    args = p.parse_args()
    setup_django(args.pg_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    res: dict = {}
    if args.part in ("all", "server"):
        res["server"] = server_time(args)
    if args.part in ("all", "load"):
        res["load"] = load(args)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "web.json").write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print("\n== iljari web benchmark (national synthetic data, PostgreSQL) ==")
    if "server" in res:
        print(f"  {'page':<34}{'cold ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'engine p95':>12}   target p95")
        for r in res["server"]["pages"]:
            target = 150 if r["page"].startswith("program list") else 200
            print(f"  {r['page']:<34}{r['cold_ms']:>9}{r['p50_ms']:>9}{r['p95_ms']:>9}"
                  f"{r['engine_p95_ms'] if r['engine_p95_ms'] is not None else '-':>12}   <= {target}")
    if "load" in res:
        ld = res["load"]
        print(f"  load: {ld['users']} reviewers for {ld['seconds']} s on gunicorn ({ld['workers']} workers x 4 "
              f"threads): {ld['requests']} requests, {ld['errors']} errors, {ld['requests_per_s']} req/s, "
              f"p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms, max {ld['max_ms']} ms "
              f"(the 50 logins before, all at once: p95 {ld['login_p95_ms']} ms)")


if __name__ == "__main__":
    main()
