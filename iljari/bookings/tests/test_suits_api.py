"""The suit API: desk lending, pick-up, return, cancel and stock for officers; refusals in the API's one shape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from iljari.bookings import suit_services as svc
from iljari.bookings.models import Rental

pytestmark = pytest.mark.django_db


def api(make_user, name="suit-api", role="program_officer", unit="JOBPOL"):  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(make_user(name, role, unit))
    return c


def test_rentals_through_the_api(make_user, suit_world, make_citizen):
    c = api(make_user)
    branch = suit_world["branches"]["OPENCLOSET"]
    today = timezone.localdate()
    pickup = svc.open_days(branch, today - dt.timedelta(days=10), 1)[0]
    rental = svc.rental_book(actor="x", person=make_citizen().person, branch=branch, pickup_on=pickup,
                             pieces={"jacket": "95"}, cut="men", today=pickup)
    listed = c.get("/api/rentals/").json()
    assert [r["id"] for r in listed["results"]] == [rental.pk] if "results" in listed else [rental.pk]
    r = c.post(f"/api/rentals/{rental.pk}/pick-up/", {}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "expected_version"
    r = c.post(f"/api/rentals/{rental.pk}/pick-up/", {"expected_version": rental.version}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "picked_up"
    r = c.post(f"/api/rentals/{rental.pk}/return/", {"expected_version": rental.version}, format="json")
    assert r.status_code == 400
    version = r.json() and Rental.objects.get(pk=rental.pk).version
    r = c.post(f"/api/rentals/{rental.pk}/return/", {"expected_version": version, "method": "parcel",
                                                      "returned_on": today.isoformat()}, format="json")
    assert r.status_code == 400 and [e["code"] for e in r.json()["errors"]] == ["required"]
    r = c.post(f"/api/rentals/{rental.pk}/return/", {"expected_version": version - 1, "method": "in_person",
                                                      "returned_on": today.isoformat()}, format="json")
    assert r.status_code == 409
    r = c.post(f"/api/rentals/{rental.pk}/return/", {"expected_version": version, "method": "parcel",
                                                      "tracking_number": "1234", "returned_on": today.isoformat()},
               format="json")
    assert r.status_code == 200 and r.json()["late_days"] == (today - rental.due_on).days


def test_desk_lending_refusals_and_other_units(make_user, suit_world, make_citizen, tree):
    c = api(make_user)
    branch = suit_world["branches"]["OPENCLOSET"]
    body = {"branch": branch.code, "name": "최현장", "birth_date": "1970-01-01", "phone": "010-1111-2222",
            "district": "GWANAK", "cut": "men", "pieces": {"jacket": "95"}}
    r = c.post("/api/rentals/", body, format="json")
    assert r.status_code == 400
    assert "not_eligible" in [e["code"] for e in r.json()["errors"]]  # 56 years old
    assert not Rental.objects.exists()
    gwanak = api(make_user, "suit-api-gw", "district_officer", "GWANAK")  # the suit operator is 일자리정책과's
    assert gwanak.get("/api/suit-items/").json() in ([], {"count": 0, "next": None, "previous": None,
                                                          "results": []})
    piece = suit_world["items"][0]
    assert gwanak.get(f"/api/suit-items/{piece.pk}/").status_code == 404
    r = gwanak.post("/api/suit-items/", {"branch": branch.code, "tag": "X-1", "item": "jacket", "cut": "men",
                                         "size": "105"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "unknown_code"
    r = c.post("/api/suit-items/", {"branch": branch.code, "tag": "OC-0000", "item": "jacket", "cut": "men",
                                    "size": "105"}, format="json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "duplicate_code"
    reviewer = api(make_user, "suit-api-rv", "reviewer", None)
    assert reviewer.get("/api/rentals/").status_code == 403
