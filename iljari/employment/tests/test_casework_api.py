"""The casework API: referrals (create, outcome), placements, counselling, follow-ups (record) — the API's error
shape with both languages, stale versions 409, other centres 404, hostile input 400."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.employment.models import FollowUp, Placement, Referral, Seeker

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




@pytest.fixture
def api(login):  # type: ignore[no-untyped-def]
    c = login("district_officer", "GWANAK", username="api-counsellor")

    def call(method: str, url: str, body: dict | None = None):  # type: ignore[no-untyped-def]
        fn = getattr(c, method)
        r = fn(url, data=json.dumps(body or {}), content_type="application/json") if method == "post" else fn(url)
        return r.status_code, r.json()

    return call


def test_refer_record_the_hire_and_the_follow_up_through_the_api(api, make_seeker, make_vacancy):
    s, v = make_seeker(registered_on=today() - dt.timedelta(days=300)), make_vacancy()
    status, ref = api("post", "/api/referrals/", {"seeker": s.pk, "vacancy": v.pk,
                                                  "referred_on": (today() - dt.timedelta(days=200)).isoformat()})
    assert status == 201 and ref["outcome"] == "pending" and ref["vacancy_title"] == v.title
    status, again = api("post", "/api/referrals/", {"seeker": s.pk, "vacancy": v.pk})
    assert status == 400 and again["errors"][0]["code"] == "duplicate_row"
    assert again["errors"][0]["message_ko"].startswith("이 구인에 이미 알선했고")
    status, out = api("post", f"/api/referrals/{ref['id']}/outcome/", {"outcome": "interview",
                                                                        "on": today().isoformat(),
                                                                        "expected_version": 1})
    assert status == 200 and out["outcome"] == "interview" and out["version"] == 2
    status, stale = api("post", f"/api/referrals/{ref['id']}/outcome/", {"outcome": "hired", "on": today().isoformat(),
                                                                          "expected_version": 1})
    assert status == 409 and stale["errors"][0]["code"] == "conflict"
    early = (today() - dt.timedelta(days=250)).isoformat()
    status, bad = api("post", "/api/placements/", {"seeker": s.pk, "referral": ref["id"], "placed_on": early,
                                                   "wage_type": "monthly", "wage": 2_400_000, "contract": "permanent"})
    assert status == 400 and bad["errors"][0]["field"] == "placed_on"
    assert "알선일" in bad["errors"][0]["message_ko"] and "before its referral" in bad["errors"][0]["message_en"]
    assert not Placement.objects.exists()
    placed_on = (today() - dt.timedelta(days=190)).isoformat()
    status, p = api("post", "/api/placements/", {"seeker": s.pk, "referral": ref["id"], "placed_on": placed_on,
                                                 "wage_type": "monthly", "wage": 2_400_000, "contract": "permanent"})
    assert status == 201 and [f["months"] for f in p["follow_ups"]] == [1, 3, 6] and p["occupation"] == "02"
    assert Referral.objects.get().outcome == "hired" and Seeker.objects.get(pk=s.pk).status == "placed"
    six = next(f for f in p["follow_ups"] if f["months"] == 6)
    status, done = api("post", f"/api/follow-ups/{six['id']}/record/", {"done_on": today().isoformat(),
                                                                         "still_employed": True,
                                                                         "same_employer": True,
                                                                         "expected_version": 1})
    assert status == 200 and done["done_on"] == today().isoformat() and done["still_employed"] is True
    assert done["retention"] == {"code": "kept", "ko": "6개월 고용 유지", "en": "employed after 6 months"}
    status, todo = api("get", "/api/follow-ups/?done=false")
    assert status == 200 and [f["months"] for f in todo["results"]] == [1, 3]
    kinds = list(AuditEntry.objects.filter(source="api").values_list("object_type", flat=True))
    assert {"employment.referral", "employment.placement", "employment.followup"} <= set(kinds)


def test_counselling_through_the_api(api, make_seeker):
    s = make_seeker()
    status, body = api("post", "/api/counselling/", {"seeker": s.pk, "held_on": today().isoformat(), "kind": "cv",
                                                     "notes": "이력서 첨삭"})
    assert status == 201 and body["kind"] == "cv" and body["channel"] == "visit"
    status, listed = api("get", f"/api/counselling/?seeker={s.pk}")
    assert status == 200 and listed["count"] == 1
    status, bad = api("post", "/api/counselling/", {"seeker": s.pk, "held_on": "2021-13-40", "kind": "gossip"})
    assert status == 400 and {e["field"] for e in bad["errors"]} == {"held_on", "kind"}
    assert {e["code"] for e in bad["errors"]} == {"invalid_date", "unknown_choice"}


@pytest.mark.parametrize("body", [
    {"seeker": "x\x00", "vacancy": 1}, {"seeker": 10**30, "vacancy": 1}, {"seeker": [], "vacancy": {}},
    {"seeker": 1, "vacancy": 1, "referred_on": "9999-99-99"},
])
def test_hostile_referral_bodies_are_400(api, body):
    status, out = api("post", "/api/referrals/", body)
    assert status == 400 and out["errors"] and all("message_ko" in e for e in out["errors"])


def test_other_centres_seekers_are_not_found(api, make_seeker, make_vacancy, actor):
    s = make_seeker(centre="SEOUL")
    v = make_vacancy(centre="SEOUL")
    status, out = api("post", "/api/referrals/", {"seeker": s.pk, "vacancy": v.pk})
    assert status == 404 and out["errors"][0]["code"] == "not_found"
    from iljari.employment.casework import placement_record

    p = placement_record(actor=actor, seeker=s, occupation=v.occupation, employer_name="x", placed_on=today(),
                         wage_type="monthly", wage=1, contract="permanent", via="self")
    f = FollowUp.objects.filter(placement=p).first()
    status, _ = api("post", f"/api/follow-ups/{f.pk}/record/", {"done_on": today().isoformat(),
                                                                 "still_employed": False})
    assert status == 404
    status, listed = api("get", "/api/placements/")
    assert status == 200 and listed["count"] == 0
