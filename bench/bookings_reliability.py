#!/usr/bin/env python
"""Issue 16's reliability figures for café room bookings, on PostgreSQL (slice "rooms").

    .venv/bin/python bench/bookings_reliability.py [--trials 1000] [--bookers 200] [--connections 50]
        [--cap-requests 500] [--cap-runs 3] [--http-trials 20] [--no-http]
        [--pg-url postgres://postgres@127.0.0.1:5432/iljari_rooms]

1. The last seat: a study room of 4 seats with 3 taken for the trial's half hour; `--bookers` different citizens
   ask for that half hour at once, released together. Each trial takes its own half hour (06:00-23:00, the days
   after tomorrow), so no clean-up runs between trials. Through the service (`room_services.room_book`) from a
   pool of `--connections` threads, each with its own database connection (the server's `max_connections` is
   100 and shared: 200 connections at once cannot be opened; the bookers beyond the pool queue behind it), and
   through HTTP (`POST /api/bookings/`, desk bookings with an API token) to gunicorn started here, from
   `--bookers` client threads. Expected each trial: exactly one win, every other answer the refusal `full`;
   anything else (a second win, another code, a 5xx, an exception) is counted as an error.
2. The daily cap: one person fires `--cap-requests` requests at once for 30-minute slots of the same day (all
   different or overlapping: slot i % 34 of two rooms) against a dated rule of 180 minutes a day (no cap on
   bookings ahead). Expected: exactly 180 minutes booked, every other answer `cap_reached` or
   `duplicate_booking`; `--cap-runs` days through the service, one through HTTP.

Dated rules make both possible in one database: the race days follow a rule without caps (made for the run), the
cap days a rule of 180 minutes a day; the run's rules, rooms and bookings are removed at the start of the next run.
Prints wins per trial (a histogram), refusals by code, errors, wall time; writes bench/out/bookings_reliability.json.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SOURCE = "bench/bookings_reliability.py"
OPEN, CLOSE = dt.time(6), dt.time(23)
SLOTS_A_DAY = 34  # half hours from 06:00 to 23:00


def setup_django(pg_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    os.environ["DATABASE_URL"] = pg_url
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def world(args: argparse.Namespace) -> dict:
    """The run's café, rooms, people, dated rules and an officer with an API token (last run's removed)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from iljari.access.services import membership_grant
    from iljari.access.tokens import api_token_create
    from iljari.bookings.models import Booking, BookingRule, OpeningHours, Operator, Penalty, Place, Room, Seat
    from iljari.orgs.models import OrgUnit
    from iljari.orgs.services import org_unit_create
    from iljari.people.models import Person

    Booking.objects.filter(place__code__startswith="BENCH-ROOMS").delete()
    Penalty.objects.filter(place__code__startswith="BENCH-ROOMS").delete()
    Seat.objects.filter(room__place__code__startswith="BENCH-ROOMS").delete()
    Room.objects.filter(place__code__startswith="BENCH-ROOMS").delete()
    OpeningHours.objects.filter(place__code__startswith="BENCH-ROOMS").delete()
    Place.objects.filter(code__startswith="BENCH-ROOMS").delete()
    Operator.objects.filter(code__startswith="BENCH-ROOMS").delete()
    BookingRule.objects.filter(source=SOURCE).delete()

    seoul = OrgUnit.objects.filter(code="BENCH-SEOUL").first() or org_unit_create(
        actor=None, code="BENCH-SEOUL", name_ko="서울특별시(벤치)", kind="city")
    gu = OrgUnit.objects.filter(code="BENCH-GU").first() or org_unit_create(
        actor=None, code="BENCH-GU", name_ko="관악구(벤치)", kind="district", parent=seoul)
    op = Operator.objects.create(code="BENCH-ROOMS-OP", name_ko="벤치 운영", kind="city", org_unit=gu)
    cafe = Place.objects.create(code="BENCH-ROOMS-CAFE", name_ko="벤치 일자리카페", kind="cafe", operator=op, district=gu)
    for wd in range(7):
        OpeningHours.objects.create(place=cafe, weekday=wd, opens=OPEN, closes=CLOSE)
    study = Room.objects.create(place=cafe, name_ko="스터디룸(4석)", kind="study", mode="seat", capacity=4)
    Seat.objects.bulk_create([Seat(room=study, label=f"{n}번") for n in range(1, 5)])
    other = Room.objects.create(place=cafe, name_ko="스터디룸(전체)", kind="study", mode="whole", capacity=4)
    Seat.objects.create(room=other, label="전체")

    race_days = -(-max(args.trials, args.http_trials) // SLOTS_A_DAY) * 2 + 2  # service trials, then HTTP's
    first = timezone.localdate() + dt.timedelta(days=2)
    cap_first = first + dt.timedelta(days=race_days)
    BookingRule.objects.create(service="study_room", valid_from=first, name="bench: no caps", residents_only=False,
                               advance_days=3650, open_on_holidays=True, source=SOURCE)
    BookingRule.objects.create(service="study_room", valid_from=cap_first, name="bench: 180 a day",
                               residents_only=False, daily_minutes=180, advance_days=3650, open_on_holidays=True,
                               source=SOURCE)
    n = args.bookers + 3
    stamp = int(time.time())
    people = Person.objects.bulk_create([Person(name=f"벤치{i:03d}", phone=f"0108{stamp % 10000:04d}{i:03d}",
                                                source="booking", source_ref=f"bench:{stamp}") for i in range(n)])
    User = get_user_model()
    officer, _ = User.objects.get_or_create(username="bench-rooms-officer")
    membership_grant(actor=None, user=officer, role="admin", reason="bench")
    from knox.models import AuthToken

    AuthToken.objects.filter(user=officer).delete()  # the last run's
    _token_row, token = api_token_create(actor=officer, user=officer, reason="bench")
    return {"cafe": cafe, "study": study, "other": other, "fillers": people[:3], "bookers": people[3:],
            "first": first, "cap_first": cap_first, "officer": officer, "token": token}


def _at(day: dt.date, slot: int) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(day, OPEN)) + dt.timedelta(minutes=30 * slot)
    return start, start + dt.timedelta(minutes=30)


def trial_interval(w: dict, trial: int, offset_days: int = 0) -> tuple[dt.datetime, dt.datetime]:
    return _at(w["first"] + dt.timedelta(days=offset_days + trial // SLOTS_A_DAY), trial % SLOTS_A_DAY)


def fill_three(w: dict, intervals: list[tuple[dt.datetime, dt.datetime]]) -> None:
    """Seats 1-3 taken for every trial's half hour (the fourth is the last seat)."""
    from iljari.bookings.models import Booking, Seat

    seats = list(Seat.objects.filter(room=w["study"]).order_by("pk"))[:3]
    Booking.objects.bulk_create([
        Booking(kind="room", service="study_room", person=w["fillers"][k], place=w["cafe"], room=w["study"],
                seat=seats[k], starts_at=s, ends_at=e) for s, e in intervals for k in range(3)], batch_size=2000)


def _code(exc: BaseException) -> str:
    from iljari.core.errors import ServiceError

    if isinstance(exc, ServiceError):
        return "+".join(sorted({str(p.code) for p in exc.problems}))
    return f"exception:{type(exc).__name__}"


class Pool:
    """`size` threads, each keeping its own database connection for the whole run."""

    def __init__(self, size: int) -> None:
        self.pool = cf.ThreadPoolExecutor(size)

    def race(self, calls: list) -> list[str]:
        """Submit every call, release them together; 'win' or the refusal's code for each."""
        gate = threading.Event()

        def run(call):  # type: ignore[no-untyped-def]
            gate.wait()
            try:
                call()
                return "win"
            except Exception as exc:  # every outcome is counted; anything but a refusal is shown
                code = _code(exc)
                if code.startswith("exception:"):
                    print(f"  error: {type(exc).__name__}: {str(exc)[:300]}", file=sys.stderr, flush=True)
                return code

        futures = [self.pool.submit(run, c) for c in calls]
        gate.set()
        return [f.result() for f in futures]

    def close(self) -> None:
        from django.db import connections

        self.pool.submit(connections.close_all).result()
        self.pool.shutdown()


def seat_race_service(w: dict, args: argparse.Namespace, pool: Pool) -> dict:
    from iljari.bookings.room_services import room_book

    intervals = [trial_interval(w, t) for t in range(args.trials)]
    fill_three(w, intervals)
    wins_per_trial, answers, times = Counter(), Counter(), []
    t_all = time.perf_counter()
    for t, (s, e) in enumerate(intervals):
        calls = [lambda p=p, s=s, e=e: room_book(actor=None, person=p, room=w["study"], starts_at=s, ends_at=e)
                 for p in w["bookers"]]
        t0 = time.perf_counter()
        out = pool.race(calls)
        times.append(time.perf_counter() - t0)
        wins_per_trial[out.count("win")] += 1
        answers.update(out)
        if args.progress and (t + 1) % args.progress == 0:
            print(f"  trial {t + 1}: wins so far {dict(wins_per_trial)}, answers {dict(answers)}", flush=True)
    wall = time.perf_counter() - t_all
    errors = sum(v for k, v in answers.items() if k not in ("win", "full")) + sum(
        n for wins, n in wins_per_trial.items() if wins != 1)
    return {"trials": args.trials, "bookers": args.bookers, "connections": args.connections,
            "wins_per_trial": dict(sorted(wins_per_trial.items())), "answers": dict(answers), "errors": errors,
            "wall_s": round(wall, 1), "trial_ms_p50": round(statistics.median(times) * 1000),
            "trial_ms_max": round(max(times) * 1000), "check": check_seats(w)}


def check_seats(w: dict) -> dict:
    """Straight from the table: seats held twice at once, trials without exactly four live bookings."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("""SELECT count(*) FROM bookings_booking a JOIN bookings_booking b ON a.seat_id = b.seat_id
                       AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
                       WHERE a.status IN ('booked','checked_in') AND b.status IN ('booked','checked_in')
                       AND a.place_id = %s""", [w["cafe"].pk])
        double = cur.fetchone()[0]
        cur.execute("""SELECT count(*) FROM (SELECT starts_at, count(*) n FROM bookings_booking
                       WHERE room_id = %s AND status IN ('booked','checked_in') GROUP BY starts_at) x
                       WHERE n <> 4""", [w["study"].pk])
        not_four = cur.fetchone()[0]
    return {"seats_held_twice": double, "half_hours_without_exactly_4": not_four}


def cap_race_service(w: dict, args: argparse.Namespace, pool: Pool) -> dict:
    from iljari.bookings.caps import minutes_on
    from iljari.bookings.room_services import room_book

    runs = []
    for r in range(args.cap_runs):
        day = w["cap_first"] + dt.timedelta(days=r)
        person = w["bookers"][r]
        rooms = (w["study"], w["other"])
        calls = []
        for i in range(args.cap_requests):
            s, e = _at(day, i % SLOTS_A_DAY)
            calls.append(lambda s=s, e=e, room=rooms[(i // SLOTS_A_DAY) % 2], person=person: room_book(
                actor=None, person=person, room=room, starts_at=s, ends_at=e))
        t0 = time.perf_counter()
        out = pool.race(calls)
        wall = time.perf_counter() - t0
        minutes = minutes_on(person, "study_room", day)
        runs.append({"day": day.isoformat(), "requests": len(calls), "answers": dict(Counter(out)),
                     "minutes_booked": minutes, "violation": minutes > 180, "wall_s": round(wall, 2)})
    return {"runs": runs, "violations": sum(r["violation"] for r in runs),
            "errors": sum(v for r in runs for k, v in r["answers"].items()
                          if k not in ("win", "cap_reached", "duplicate_booking", "cap_reached+duplicate_booking"))}


# ------------------------------------------------------------------------------------------------ HTTP


def start_server(args: argparse.Namespace) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "iljari.settings.local", "DATABASE_URL": args.pg_url,
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT)}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "iljari.wsgi:application", "--bind", f"127.0.0.1:{args.port}", "--workers",
         str(args.workers), "--threads", str(args.threads), "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/login/", timeout=5)
            return server
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def post(args: argparse.Namespace, token: str, body: dict) -> str:
    req = urllib.request.Request(f"http://127.0.0.1:{args.port}/api/bookings/", data=json.dumps(body).encode(),
                                 headers={"Authorization": f"Token {token}", "Content-Type": "application/json",
                                          "Accept": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return "win" if r.status == 201 else f"http:{r.status}"
    except urllib.error.HTTPError as e:
        if e.code >= 500:
            return f"http:{e.code}"
        try:
            errors = json.loads(e.read())["errors"]
            return "+".join(sorted({x["code"] for x in errors}))
        except (ValueError, KeyError):
            return f"http:{e.code}"
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return f"network:{type(e).__name__}"


def http_race(clients: cf.ThreadPoolExecutor, args: argparse.Namespace, token: str, bodies: list[dict]) -> list[str]:
    gate = threading.Event()

    def run(body):  # type: ignore[no-untyped-def]
        gate.wait()
        return post(args, token, body)

    futures = [clients.submit(run, b) for b in bodies]
    gate.set()
    return [f.result() for f in futures]


def seat_race_http(w: dict, args: argparse.Namespace) -> dict:
    offset = -(-args.trials // SLOTS_A_DAY) + 1
    intervals = [trial_interval(w, t, offset) for t in range(args.http_trials)]
    fill_three(w, intervals)
    server = start_server(args)
    wins_per_trial, answers, times = Counter(), Counter(), []
    try:
        with cf.ThreadPoolExecutor(args.bookers) as clients:
            t_all = time.perf_counter()
            for s, e in intervals:
                bodies = [{"room": w["study"].pk, "name": p.name, "phone": p.phone, "starts_at": s.isoformat(),
                           "ends_at": e.isoformat()} for p in w["bookers"]]
                t0 = time.perf_counter()
                out = http_race(clients, args, w["token"], bodies)
                times.append(time.perf_counter() - t0)
                wins_per_trial[out.count("win")] += 1
                answers.update(out)
            wall = time.perf_counter() - t_all
            cap = None
            if args.cap_requests:
                day = w["cap_first"] + dt.timedelta(days=args.cap_runs)
                p = w["bookers"][-1]
                bodies = []
                for i in range(args.cap_requests):
                    s, e = _at(day, i % SLOTS_A_DAY)
                    room = (w["study"], w["other"])[(i // SLOTS_A_DAY) % 2]
                    bodies.append({"room": room.pk, "name": p.name, "phone": p.phone, "starts_at": s.isoformat(),
                                   "ends_at": e.isoformat()})
                t0 = time.perf_counter()
                out = http_race(clients, args, w["token"], bodies)
                from iljari.bookings.caps import minutes_on

                minutes = minutes_on(p, "study_room", day)
                cap = {"day": day.isoformat(), "requests": len(bodies), "answers": dict(Counter(out)),
                       "minutes_booked": minutes, "violation": minutes > 180,
                       "wall_s": round(time.perf_counter() - t0, 2)}
    finally:
        server.terminate()
        server.wait(20)
    errors = sum(v for k, v in answers.items() if k not in ("win", "full")) + sum(
        n for wins, n in wins_per_trial.items() if wins != 1)
    return {"trials": args.http_trials, "bookers": args.bookers, "server": f"gunicorn {args.workers} workers x "
            f"{args.threads} threads", "wins_per_trial": dict(sorted(wins_per_trial.items())),
            "answers": dict(answers), "errors": errors, "wall_s": round(wall, 1),
            "trial_ms_p50": round(statistics.median(times) * 1000), "trial_ms_max": round(max(times) * 1000),
            "cap": cap}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/iljari_rooms")
    p.add_argument("--trials", type=int, default=1000)
    p.add_argument("--bookers", type=int, default=200)
    p.add_argument("--connections", type=int, default=50, help="service threads, each with its own connection")
    p.add_argument("--cap-requests", type=int, default=500)
    p.add_argument("--cap-runs", type=int, default=3)
    p.add_argument("--http-trials", type=int, default=20)
    p.add_argument("--no-http", action="store_true")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--port", type=int, default=8731)
    p.add_argument("--progress", type=int, default=100, help="print every N trials (0: never)")
    args = p.parse_args()
    if "postgres" not in args.pg_url:
        raise SystemExit("PostgreSQL only: the exclusion constraint and the advisory locks are what is measured")
    setup_django(args.pg_url)
    w = world(args)
    load = os.getloadavg()[0]
    pool = Pool(args.connections)
    t0 = time.perf_counter()
    try:
        seats = seat_race_service(w, args, pool)
        print(f"\nlast seat, service: {seats['trials']} trials x {seats['bookers']} bookers over "
              f"{seats['connections']} connections: wins per trial {seats['wins_per_trial']}, answers "
              f"{seats['answers']}, errors {seats['errors']}, {seats['wall_s']} s (trial p50 "
              f"{seats['trial_ms_p50']} ms, max {seats['trial_ms_max']} ms); table check {seats['check']}",
              flush=True)
        cap = cap_race_service(w, args, pool)
        for r in cap["runs"]:
            print(f"daily cap, service: {r['requests']} parallel requests of one person on {r['day']}: "
                  f"{r['answers']}, {r['minutes_booked']} minutes booked, {r['wall_s']} s", flush=True)
    finally:
        pool.close()
    http = None
    if not args.no_http and args.http_trials:
        http = seat_race_http(w, args)
        print(f"last seat, HTTP ({http['server']}): {http['trials']} trials x {http['bookers']} client threads: "
              f"wins per trial {http['wins_per_trial']}, answers {http['answers']}, errors {http['errors']}, "
              f"{http['wall_s']} s (trial p50 {http['trial_ms_p50']} ms, max {http['trial_ms_max']} ms)")
        if http["cap"]:
            c = http["cap"]
            print(f"daily cap, HTTP: {c['requests']} parallel requests of one person: {c['answers']}, "
                  f"{c['minutes_booked']} minutes booked, {c['wall_s']} s")
    total = round(time.perf_counter() - t0, 1)
    print(f"total {total} s; load average before {load:.1f}, after {os.getloadavg()[0]:.1f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "bookings_reliability.json").write_text(json.dumps(
        {"args": vars(args), "seat_service": seats, "cap_service": cap, "http": http, "total_s": total},
        indent=1, ensure_ascii=False))
    bad = seats["errors"] + cap["errors"] + cap["violations"] + (http["errors"] if http else 0) + (
        1 if http and http["cap"] and http["cap"]["violation"] else 0)
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
