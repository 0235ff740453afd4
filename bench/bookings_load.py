#!/usr/bin/env python
"""Booking requests under load (issue 16): citizens booking study rooms at a sustained rate against gunicorn on
PostgreSQL, side by side with the same load on a page that only reads, in the same run.

    .venv/bin/python bench/bookings_load.py [--rate 200] [--seconds 60] [--workers 4] [--citizens 6000]

Setup (a scratch PostgreSQL database, migrated): one city with Seoul's 25 districts, 25 cafés open 09-22 every
day with 3 study rooms of 8 seats each (booked by the seat, 30-minute steps), the study-room rule (3 hours a day,
3 bookings ahead), N citizen accounts each with a logged-in session (made in the database: the load measures
booking, not the password hash).

Then locust (headless, FastHttpUser) runs twice for --seconds at --rate requests a second (--rate users, each
sending one request a second) against gunicorn (--workers sync workers, the production WSGI server). Each user's
second starts at a random moment of the first one, so the requests arrive spread evenly over each second. Locust
starts all users at once, and with `constant_throughput(1)` alone they stay in step: --rate requests arrive in
the same millisecond once a second (a burst that even an empty view cannot answer in 100 ms at p95 on 2 cores);
--burst keeps that arrival for comparison.
  1. read:  GET /cafes/rooms/<id>/?day=D        the room's page with its free slots (reads only)
  2. book:  POST /cafes/rooms/<id>/?day=D       start HH:MM, 60 minutes: a booking (302 to the confirmation)
            or a refusal (409: the seat was taken meanwhile or the person's cap is reached; 400: the start is
            no longer free) — every answer is a booking request answered; a 5xx or a timeout is an error.
Requests per second achieved, p50/p95/p99/max (ms), answers by status and errors are printed for both and written
to bench/out/bookings_load.json; after the run the database is checked: no seat is double-booked, no citizen is
over 180 minutes a day or over 3 future bookings. The scratch database is dropped unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))

DISTRICTS = ["종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구", "노원구",
             "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구", "관악구",
             "서초구", "강남구", "송파구", "강동구"]
CSRF = "benchcsrfbenchcsrfbenchcsrf12345"  # a 32-character CSRF secret set as the cookie and sent as the header

LOCUSTFILE = r'''
import json, os, random, itertools, threading, time
import gevent
from locust import FastHttpUser, task

CFG = json.load(open(os.environ["BOOKINGS_BENCH_CFG"]))
MODE = os.environ["BOOKINGS_BENCH_MODE"]
_lock = threading.Lock()
_next = itertools.count()


class Citizen(FastHttpUser):
    network_timeout = 30.0
    connection_timeout = 30.0

    def wait_time(self):
        # one request a second, as constant_throughput(1): the next starts a second after the last one started,
        # or at once when that one took longer
        self.next_at = max(self.next_at + 1.0, time.monotonic())
        return self.next_at - time.monotonic()

    def on_start(self):
        with _lock:
            n = next(_next)
        per = CFG["per_user"]
        self.sessions = CFG["sessions"][n * per:(n + 1) * per] or CFG["sessions"][:per]
        self.rng = random.Random(n)
        # locust starts every user in the same instant (spawn rate = users); each citizen's second begins at its
        # own moment, so the requests arrive spread over the second, not as one burst a second (--burst)
        self.next_at = time.monotonic() + (0.0 if CFG.get("burst") else self.rng.random())
        gevent.sleep(max(0.0, self.next_at - time.monotonic()))

    @task
    def go(self):
        room = self.rng.choice(CFG["rooms"])
        day = self.rng.choice(CFG["days"])
        path = f"/cafes/rooms/{room}/?day={day}"
        session = self.rng.choice(self.sessions)
        headers = {"Cookie": f"sessionid={session}; csrftoken={CFG['csrf']}"}
        if MODE == "read":
            with self.client.get(path, headers=headers, name="read", catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"status {r.status_code}")
            return
        start = f"{self.rng.randrange(9, 21):02d}:{self.rng.choice(['00', '30'])}"
        headers.update({"X-CSRFToken": CFG["csrf"], "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": CFG["base"] + path})
        with self.client.post(path, data=f"start={start}&minutes=60", headers=headers, name="book",
                              allow_redirects=False, catch_response=True) as r:
            if r.status_code in (302, 400, 409):
                r.success()
            else:
                r.failure(f"status {r.status_code}")
            _record(r.status_code)


_answers = {}


def _record(code):
    with _lock:
        _answers[code] = _answers.get(code, 0) + 1


from locust import events


@events.quitting.add_listener
def _dump(environment, **kw):
    with open(os.environ["BOOKINGS_BENCH_ANSWERS"], "w") as f:
        json.dump(_answers, f)
'''


def setup(args: argparse.Namespace) -> dict:
    import psycopg

    base, name = args.pg_url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = args.pg_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    from iljari.bookings.accounts import SESSION_KEY
    from iljari.bookings.models import BookingRule, CitizenAccount, OpeningHours, Operator, Place, Room, Seat
    from iljari.orgs.services import org_unit_create
    from iljari.people.models import Person

    city = org_unit_create(actor=None, code="BENCH-CITY", name_ko="서울특별시", kind="city")
    districts = [org_unit_create(actor=None, code=f"BENCH-D{i:02d}", name_ko=n, kind="district", parent=city)
                 for i, n in enumerate(DISTRICTS)]
    op = Operator.objects.create(code="BENCH-OP", name_ko="서울시 (직영)", kind="city", org_unit=city)
    BookingRule.objects.create(service="study_room", valid_from=dt.date(2016, 1, 1), residents_only=False,
                               daily_minutes=180, max_future=3, cancel_hours=1, advance_days=14,
                               open_on_holidays=True)
    rooms = []
    for i, d in enumerate(districts):
        place = Place.objects.create(code=f"BENCH-CAFE-{i:02d}", name_ko=f"{d.name_ko} 일자리카페", kind="cafe",
                                     operator=op, district=d)
        for wd in range(7):
            OpeningHours.objects.create(place=place, weekday=wd, opens=dt.time(9), closes=dt.time(22))
        for r in range(3):
            room = Room.objects.create(place=place, name_ko=f"스터디룸 {r + 1}", kind="study", mode="seat", capacity=8,
                                       slot_minutes=30)
            Seat.objects.bulk_create([Seat(room=room, label=f"{s + 1}번") for s in range(8)])
            rooms.append(room.pk)
    rng = random.Random(16)
    people = Person.objects.bulk_create([
        Person(name=f"시민{i:05d}", birth_date=dt.date(1990 + rng.randrange(10), 1 + rng.randrange(12), 1),
               source="booking", district=districts[i % 25], phone=f"010{50000000 + i:08d}")
        for i in range(args.citizens)])
    pw = make_password("bench-citizen-pw")
    accounts = CitizenAccount.objects.bulk_create([CitizenAccount(phone=p.phone, password=pw, person=p)
                                                   for p in people])
    sessions = []
    for a in accounts:
        s = SessionStore()
        s[SESSION_KEY] = a.pk
        s.create()
        sessions.append(s.session_key)
    today = timezone.localdate()
    days = [(today + dt.timedelta(days=k)).isoformat() for k in range(1, 14)]
    print(f"setup: {len(rooms)} rooms x 8 seats, {len(accounts):,} citizens with sessions "
          f"({time.perf_counter() - t0:.0f} s)")
    return {"rooms": rooms, "days": days, "sessions": sessions, "csrf": CSRF}


def run_locust(mode: str, cfg: dict, args: argparse.Namespace, tmp: Path) -> dict:
    cfg = {**cfg, "per_user": max(1, len(cfg["sessions"]) // args.rate), "burst": args.burst}
    cfg_path, answers_path, lf = tmp / "cfg.json", tmp / f"answers-{mode}.json", tmp / "locustfile.py"
    cfg_path.write_text(json.dumps(cfg))
    lf.write_text(LOCUSTFILE)
    prefix = tmp / f"stats-{mode}"
    env = {**os.environ, "BOOKINGS_BENCH_CFG": str(cfg_path), "BOOKINGS_BENCH_MODE": mode,
           "BOOKINGS_BENCH_ANSWERS": str(answers_path)}
    cmd = [str(ROOT / ".venv" / "bin" / "locust"), "-f", str(lf), "--headless", "-u", str(args.rate), "-r",
           str(args.rate), "-t", f"{args.seconds}s", "--host", cfg["base"], "--csv", str(prefix),
           "--csv-full-history", "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"]
    subprocess.run(cmd, env=env, check=False, cwd=tmp)
    stats = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            if row["Name"] == mode:
                stats = row
    answers = json.loads(answers_path.read_text()) if answers_path.exists() else {}
    n = int(stats.get("Request Count", 0))
    return {"mode": mode, "requests": n, "failures": int(stats.get("Failure Count", 0)),
            "rps": float(stats.get("Requests/s", 0)), "p50_ms": float(stats.get("50%", 0)),
            "p95_ms": float(stats.get("95%", 0)), "p99_ms": float(stats.get("99%", 0)),
            "max_ms": float(stats.get("Max Response Time", 0)), "answers": answers}


def check(cfg: dict) -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""SELECT count(*) FROM bookings_booking a JOIN bookings_booking b ON a.seat_id = b.seat_id
                       AND a.id < b.id AND a.status IN ('booked','checked_in') AND b.status IN ('booked','checked_in')
                       AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at""")
        double = cur.fetchone()[0]
        cur.execute("""SELECT count(*) FROM (SELECT person_id, (starts_at AT TIME ZONE 'Asia/Seoul')::date d,
                       sum(extract(epoch FROM ends_at - starts_at) / 60) m FROM bookings_booking
                       WHERE status IN ('booked','checked_in','no_show') GROUP BY 1, 2) x WHERE m > 180""")
        over_day = cur.fetchone()[0]
        cur.execute("""SELECT count(*) FROM (SELECT person_id, count(*) n FROM bookings_booking
                       WHERE status = 'booked' GROUP BY 1) x WHERE n > 3""")
        over_future = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM bookings_booking")
        made = cur.fetchone()[0]
    return {"bookings_made": made, "double_booked_seats": double, "over_180_minutes": over_day,
            "over_3_ahead": over_future}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rate", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--citizens", type=int, default=6000)
    ap.add_argument("--port", type=int, default=8716)
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/iljari_bench_bookings")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--burst", action="store_true", help="all users in step: --rate requests at once each second")
    args = ap.parse_args()
    cfg = setup(args)
    cfg["base"] = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "iljari.settings.local", "DATABASE_URL": args.pg_url}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "iljari.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env)
    results = []
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(cfg["base"] + "/cafes/", timeout=10)
                break
            except OSError:  # refused, reset or timed out while gunicorn starts
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as tmp:
            for mode in ("read", "book"):
                r = run_locust(mode, cfg, args, Path(tmp))
                results.append(r)
                print(f"  {mode:5s} {r['requests']:>7,} requests in {args.seconds} s = {r['rps']:6.1f}/s  "
                      f"p50 {r['p50_ms']:.0f} ms  p95 {r['p95_ms']:.0f} ms  p99 {r['p99_ms']:.0f} ms  "
                      f"max {r['max_ms']:.0f} ms  failures {r['failures']}  answers {r['answers']}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    checked = check(cfg)
    print(f"  after the run: {checked}")
    OUT.mkdir(exist_ok=True)
    (OUT / "bookings_load.json").write_text(json.dumps({"args": vars(args), "results": results, "check": checked},
                                                       indent=1, default=str))
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        base, name = args.pg_url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
