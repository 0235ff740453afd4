"""Matching's API and the code lists' pages (issue 15, slice "matching"), and `iljari matching-eval`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.employment.models import MinimumWage, Occupation, SkillCode

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




def _client(user, lang: str = "ko") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


def test_the_api_lists_vacancies_for_a_seeker_with_reasons_in_the_request_language(make_user, make_seeker,
                                                                                   make_vacancy, tree):
    seeker = make_seeker(birth_date=dt.date(today().year - 58, 1, 1), occupations=("02",), commute="own")
    near = make_vacancy(title="관악 사무", occupation="02")
    make_vacancy(title="영등포 사무", occupation="02", district=tree["YDP"])
    officer = make_user("gw", "district_officer", "GWANAK")
    r = _client(officer).get(f"/api/matches/?seeker={seeker.pk}", HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 200
    body = r.json()
    assert [x["vacancy"] for x in body["results"]] == [near.pk]
    assert "거주지(관악구)와 같은 자치구" in [x["text"] for x in body["results"][0]["reasons"]]
    r = _client(officer, "en").get(f"/api/matches/?seeker={seeker.pk}", HTTP_ACCEPT_LANGUAGE="en")
    texts = [x["text"] for x in r.json()["results"][0]["reasons"]]
    assert any(t.startswith("In the home district") for t in texts), texts


def test_the_api_lists_seekers_for_a_vacancy_and_refuses_bad_input(make_user, make_seeker, make_vacancy):
    seeker = make_seeker(occupations=("02",), commute="neighbour")
    vacancy = make_vacancy(title="사무", occupation="02")
    admin = make_user("adm", "admin")
    c = _client(admin)
    r = c.get(f"/api/matches/?vacancy={vacancy.pk}")
    assert r.status_code == 200 and [x["seeker"] for x in r.json()["results"]] == [seeker.pk]
    for query in ("", f"seeker={seeker.pk}&vacancy={vacancy.pk}", "seeker=abc", "seeker=99999999999999999999999",
                  "seeker=1&limit=500"):
        r = c.get(f"/api/matches/?{query}")
        assert r.status_code == 400, query
        assert "errors" in r.json() or "code" in r.json() or r.json(), query
    assert c.get("/api/matches/?seeker=999999").status_code == 404
    reviewer = make_user("rev", "reviewer")
    assert _client(reviewer).get(f"/api/matches/?seeker={seeker.pk}").status_code == 403


def test_an_administrator_adds_a_finer_code_under_a_middle_category(make_user, occ):
    admin = make_user("adm", "admin")
    c = _client(admin)
    page = c.get("/centres/codes/occupations/").content.decode()
    assert "돌봄 서비스직(간병·육아)" in page and "중분류" in page
    r = c.post("/centres/codes/occupations/new/", {"parent": occ["55"].pk, "code": "5501", "name_ko": "요양보호사",
                                                   "name_en": "Care worker"})
    assert r.status_code == 400
    assert "상위 코드(55)에 숫자 한 자리" in r.content.decode()
    r = c.post("/centres/codes/occupations/new/", {"parent": occ["55"].pk, "code": "551", "name_ko": "요양보호사",
                                                   "name_en": "Care worker", "reason": "세분류 추가"})
    assert r.status_code == 302
    fine = Occupation.objects.get(code="551")
    assert fine.level == 3 and fine.parent == occ["55"]
    assert AuditEntry.objects.filter(object_id=str(fine.pk), reason="세분류 추가").exists()
    r = c.post("/centres/codes/occupations/new/", {"parent": occ["55"].pk, "code": "551", "name_ko": "간병인",
                                                   "name_en": "Carer"})
    assert r.status_code == 400 and "이미 있는 코드입니다: 551" in r.content.decode()
    r = c.post(f"/centres/codes/occupations/{occ['55'].pk}/active/", {"active": "no"})
    assert r.status_code == 302
    assert not Occupation.objects.get(code="551").active and not Occupation.objects.get(code="55").active
    english = _client(admin, "en").get("/centres/codes/occupations/").content.decode()
    assert "Care services (nursing aides, childcare)" in english and "돌봄" not in english


def test_others_read_the_code_lists_but_cannot_change_them(make_user, occ):
    officer = make_user("gw", "district_officer", "GWANAK")
    c = _client(officer)
    page = c.get("/centres/codes/skills/").content.decode()
    assert "지게차운전기능사" in page and "아래에 추가" not in page
    assert c.post("/centres/codes/occupations/new/", {"parent": occ["55"].pk, "code": "551", "name_ko": "가",
                                                      "name_en": "a"}).status_code == 403
    assert not Occupation.objects.filter(code="551").exists()


def test_skills_and_minimum_wage_are_added_and_edited(make_user, occ):
    admin = make_user("adm", "admin")
    c = _client(admin)
    r = c.post("/centres/codes/skills/new/", {"kind": "licence", "code": "L-BARISTA", "name_ko": "바리스타 2급",
                                              "name_en": "Barista, grade 2", "occupation": occ["53"].pk,
                                              "active": "on"})
    assert r.status_code == 302
    skill = SkillCode.objects.get(code="L-BARISTA")
    r = c.post(f"/centres/codes/skills/{skill.pk}/", {"kind": "licence", "name_ko": "바리스타 1급",
                                                      "name_en": "Barista, grade 1", "active": "on"})
    assert r.status_code == 302
    skill.refresh_from_db()
    assert skill.name_ko == "바리스타 1급" and skill.occupation is None
    assert AuditEntry.objects.filter(object_id=str(skill.pk)).count() == 2
    year = today().year + 1
    MinimumWage.objects.filter(valid_from=dt.date(year, 1, 1)).delete()
    r = c.post("/centres/codes/minimum-wage/new/", {"year": year, "hourly": "10,500", "source": "고용노동부 고시"})
    assert r.status_code == 302
    assert MinimumWage.objects.get(valid_from=dt.date(year, 1, 1)).hourly == 10_500
    page = c.get("/centres/codes/minimum-wage/").content.decode()
    assert "10,500" in page and f"{year}.01.01" in page
    r = c.post("/centres/codes/minimum-wage/new/", {"year": year, "hourly": "11000", "source": "고시"})
    assert r.status_code == 400 and f"{year}년 최저임금이 이미 있습니다" in r.content.decode()
    r = c.post("/centres/codes/minimum-wage/new/", {"year": 2030, "hourly": "만원", "source": "고시"})
    assert r.status_code == 400


def test_matching_eval_prints_both_figures_and_says_when_there_is_no_placement():
    out = StringIO()
    call_command("matching-eval", "--seekers", "1500", "--vacancies", "3000", "--sample", "300", stdout=out)
    text = out.getvalue()
    assert "matching" in text and "baseline: occupation code alone" in text
    lines = [ln for ln in text.splitlines() if "Recall@30" in ln and "nDCG@10" in ln]
    assert len(lines) == 3
    ours, base, _filtered = (float(ln.split("Recall@30")[1].split()[0]) for ln in lines)
    assert ours > base * 1.2
    assert "no placement through a referral in the database" in text


def test_matching_eval_holds_out_a_placement_from_the_records(make_seeker, make_vacancy, centres, occ):
    from iljari.employment.evaluate import placements_quality
    from iljari.employment.models import Placement, Referral

    seeker = make_seeker(occupations=("02",), commute="own", status="placed")
    vacancy = make_vacancy(title="사무", occupation="02", status="filled", posted_on=today() - dt.timedelta(days=20),
                           deadline=today() + dt.timedelta(days=5))
    ref = Referral.objects.create(seeker=seeker, vacancy=vacancy, centre=centres["GWANAK"],
                                  referred_on=today() - dt.timedelta(days=10), outcome="hired")
    Placement.objects.create(seeker=seeker, referral=ref, centre=centres["GWANAK"], occupation=occ["02"],
                             placed_on=today() - dt.timedelta(days=5), wage_type="monthly", wage=2_300_000,
                             contract="permanent")
    r = placements_quality()
    assert r.cases == 1
    assert r.scores[0].recall30 == 1.0 and r.scores[0].ndcg10 == 1.0
