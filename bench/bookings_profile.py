#!/usr/bin/env python
# ruff: noqa: E402  (Django is set up before its modules are imported)
"""Where a booking request's time goes (issue 16): 200 bookings and 200 reads of the room page in-process
through Django's test client against the scratch database `bench/bookings_load.py --keep` leaves, with the SQL
of one booking and a cProfile listing.

    .venv/bin/python bench/bookings_load.py --rate 20 --seconds 5 --citizens 2000 --keep
    .venv/bin/python bench/bookings_profile.py
"""

import cProfile
import datetime as dt
import os
import pstats
import random
import sys

from django.utils import timezone

os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/iljari_bench_bookings"
os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import django

django.setup()
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from iljari.bookings.models import Room

keys = list(Session.objects.values_list("session_key", flat=True)[:600])
rooms = list(Room.objects.values_list("pk", flat=True))
rng = random.Random(1)
today = timezone.localdate()


client = Client(enforce_csrf_checks=False)  # one client: a new one per request loads the middleware each time


def one(i, post=True):
    c = client
    c.cookies["sessionid"] = keys[i]
    day = (today + dt.timedelta(days=rng.randrange(1, 13))).isoformat()
    path = f"/cafes/rooms/{rng.choice(rooms)}/?day={day}"
    if post:
        return c.post(path, {"start": f"{rng.randrange(9, 21):02d}:00", "minutes": 60})
    return c.get(path)


for i in range(20):
    one(i)
with CaptureQueriesContext(connection) as q:
    r = one(100)
print("status", r.status_code, "queries", len(q.captured_queries))
for x in q.captured_queries:
    print("  ", x["sql"][:150])
with CaptureQueriesContext(connection) as q:
    r = one(101, post=False)
print("GET status", r.status_code, "queries", len(q.captured_queries))
import time

t = time.perf_counter()
pr = cProfile.Profile()
pr.enable()
for i in range(200, 400):
    one(i)
pr.disable()
print("per booking ms", (time.perf_counter() - t) / 200 * 1000)
t = time.perf_counter()
for i in range(400, 600):
    one(i, post=False)
print("per read ms", (time.perf_counter() - t) / 200 * 1000)
pstats.Stats(pr).sort_stats("cumulative").print_stats(40)
