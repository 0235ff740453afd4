"""The counsellor's pages: a seeker with matches and one-click referral, outcomes, placements and follow-ups,
the vacancy's candidates, today's follow-ups due, job fairs — in Korean and in English, refusals beside their
fields, other centres' records not found."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from iljari.employment.casework import placement_record, referral_create
from iljari.employment.models import FollowUp, JobFair, Placement, Referral

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




@pytest.fixture
def counsellor(login):  # type: ignore[no-untyped-def]
    return login("district_officer", "GWANAK", username="gwanak-counsellor")


def page(c, url: str, lang: str = "ko", **kw) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    r = c.get(url, HTTP_ACCEPT_LANGUAGE=lang, **kw)
    return r.status_code, r.content.decode()


def test_the_seeker_page_shows_who_what_matches_with_reasons_and_refers_in_one_click(counsellor, make_seeker,
                                                                                      make_vacancy):
    s = make_seeker(name="박상담", birth_date=dt.date(1968, 3, 1), desired_wage=2_200_000, consent_share=False)
    v = make_vacancy(title="경비원", wage=2_500_000)
    status, html = page(counsellor, f"/centres/seekers/{s.pk}/")
    assert status == 200
    assert "박상담" in html and "구직 중" in html and "월급 2,200,000원" in html
    assert "경비원" in html and "희망 직종과 같은" in html and "경비원에 알선" in html
    assert "동의 없음: 박*담, 비공개 (동의 없음)" in html  # what an employer would receive, without consent
    r = counsellor.post(f"/centres/seekers/{s.pk}/refer/", {"target": v.pk})
    assert r.status_code == 302 and r["Location"] == f"/centres/seekers/{s.pk}/"
    ref = Referral.objects.get(seeker=s, vacancy=v)
    assert ref.referred_on == today() and ref.counsellor.username == "gwanak-counsellor"
    _, html = page(counsellor, f"/centres/seekers/{s.pk}/")
    assert "알선했습니다. 결과를 기다리는 중입니다." in html and "결과 대기" in html
    assert "class=\"primary refer\"" not in html  # no second click while pending
    again = counsellor.post(f"/centres/seekers/{s.pk}/refer/", {"target": v.pk})
    assert again.status_code == 400 and "이 구인에 이미 알선했고" in again.content.decode()
    assert Referral.objects.count() == 1


def test_refer_through_htmx_answers_200_with_the_problems_on_the_page(counsellor, make_seeker, make_vacancy):
    s = make_seeker()
    v = make_vacancy(status="closed")
    r = counsellor.post(f"/centres/seekers/{s.pk}/refer/", {"target": v.pk}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "모집 중인 구인에만 알선할 수 있습니다" in r.content.decode()
    assert counsellor.post(f"/centres/seekers/{s.pk}/refer/", {"target": "x\x00"}).status_code == 400
    assert counsellor.post(f"/centres/seekers/{s.pk}/refer/", {"target": 10**30}).status_code == 400
    assert not Referral.objects.exists()


def test_a_refusal_without_reason_is_refused_in_korean_and_in_english(counsellor, make_seeker, make_vacancy, actor):
    s = make_seeker()
    ref = referral_create(actor=actor, seeker=s, vacancy=make_vacancy())
    data = {f"o{ref.pk}-outcome": "employer_refused", f"o{ref.pk}-on": today().isoformat(), f"o{ref.pk}-reason": "",
            f"o{ref.pk}-version": ref.version}
    r = counsellor.post(f"/centres/referrals/{ref.pk}/outcome/", data, HTTP_ACCEPT_LANGUAGE="ko")
    assert r.status_code == 400 and "거절 사유를 입력하십시오" in r.content.decode()
    r = counsellor.post(f"/centres/referrals/{ref.pk}/outcome/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "enter the reason for the refusal" in r.content.decode()
    data[f"o{ref.pk}-reason"] = "경력 부족"
    assert counsellor.post(f"/centres/referrals/{ref.pk}/outcome/", data).status_code == 302
    ref.refresh_from_db()
    assert ref.outcome == "employer_refused" and ref.reason == "경력 부족"
    stale = counsellor.post(f"/centres/referrals/{ref.pk}/outcome/", data)
    assert stale.status_code == 409 and "다른 사용자가 먼저" in stale.content.decode()


def _placement_data(ref: Referral, **kw: str) -> dict[str, str]:
    data = {"placement-via": "referral", "placement-referral": str(ref.pk), "placement-employer_name": "",
            "placement-occupation": "", "placement-placed_on": today().isoformat(),
            "placement-wage_type": "monthly", "placement-wage": "2,400,000", "placement-contract": "permanent"}
    data.update({f"placement-{k}": v for k, v in kw.items()})
    return data


def test_a_placement_before_its_referral_is_refused_on_the_page_and_nothing_saved(counsellor, make_seeker,
                                                                                  make_vacancy, actor):
    s = make_seeker(registered_on=today() - dt.timedelta(days=90))
    ref = referral_create(actor=actor, seeker=s, vacancy=make_vacancy(), referred_on=today() - dt.timedelta(days=3))
    early = today() - dt.timedelta(days=10)
    r = counsellor.post(f"/centres/seekers/{s.pk}/placements/", _placement_data(ref, placed_on=early.isoformat()),
                        HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert f"the placement ({early:%Y.%m.%d}) cannot come before its referral" in r.content.decode()
    assert not Placement.objects.exists() and not FollowUp.objects.exists()
    r = counsellor.post(f"/centres/seekers/{s.pk}/placements/", _placement_data(ref))
    assert r.status_code == 302
    _, html = page(counsellor, f"/centres/seekers/{s.pk}/")
    assert "취업" in html and "확인 전" in html and "2,400,000원" in html
    assert html.count('class="follow-up') == 3


def test_follow_ups_due_overdue_first_and_done_inline(counsellor, make_seeker, actor, occ):
    old = make_seeker(name="가오래", registered_on=today() - dt.timedelta(days=200))
    new = make_seeker(name="나최근", registered_on=today() - dt.timedelta(days=60))
    placement_record(actor=actor, seeker=old, occupation=occ["02"], employer_name="옛회사",
                     placed_on=today() - dt.timedelta(days=100), wage_type="monthly", wage=2_000_000,
                     contract="permanent", via="self")
    placement_record(actor=actor, seeker=new, occupation=occ["02"], employer_name="새회사",
                     placed_on=today() - dt.timedelta(days=28), wage_type="monthly", wage=2_000_000,
                     contract="permanent", via="self")
    status, html = page(counsellor, "/centres/follow-ups/")
    assert status == 200
    assert html.index("가오래") < html.index("나최근") and "기한 지남" in html
    assert html.count('class="follow-up') == 3  # old: 1 and 3 months (overdue); new: 1 month (due this week)
    f = FollowUp.objects.get(placement__seeker=new, months=1)
    r = counsellor.post(f"/centres/follow-ups/{f.pk}/", {f"f{f.pk}-done_on": today().isoformat(),
                                                         f"f{f.pk}-still_employed": "yes",
                                                         f"f{f.pk}-same_employer": "yes",
                                                         f"f{f.pk}-version": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "계속 근무" in r.content.decode() and "<tr" in r.content.decode()
    assert "<html" not in r.content.decode()
    _, html = page(counsellor, f"/centres/seekers/{new.pk}/")
    assert "1개월 고용 유지" in html
    _, html = page(counsellor, "/centres/follow-ups/", "en")
    assert "Overdue" in html and "Follow-ups due" in html


def test_the_vacancy_page_lists_candidates_with_reasons_and_refers(counsellor, make_seeker, make_vacancy):
    v = make_vacancy(title="사무보조원")
    s = make_seeker(name="이후보")
    status, html = page(counsellor, f"/centres/vacancies/{v.pk}/")
    assert status == 200 and "이후보" in html and "희망 직종과 같은" in html and "이후보 알선" in html
    assert counsellor.post(f"/centres/vacancies/{v.pk}/refer/", {"target": s.pk}).status_code == 302
    _, html = page(counsellor, f"/centres/vacancies/{v.pk}/")
    assert "결과 대기" in html and "class=\"primary refer\"" not in html


def test_job_fairs_list_and_form(counsellor, centres):
    data = {"centre": centres["GWANAK"].pk, "name": "관악 채용의 날", "held_on": today().isoformat(), "venue": "구청",
            "companies": "12", "applicants": "80", "interviews": "90", "hires": "10", "note": ""}
    r = counsellor.post("/centres/job-fairs/", data)
    assert r.status_code == 400 and "면접 수가 참여 구직자 수보다 많습니다" in r.content.decode()
    data["interviews"] = "40"
    assert counsellor.post("/centres/job-fairs/", data).status_code == 302
    status, html = page(counsellor, "/centres/job-fairs/")
    assert status == 200 and "관악 채용의 날" in html and "관악구 일자리센터" in html
    fair = JobFair.objects.get()
    data.update(version="1", hires="11")
    assert counsellor.post(f"/centres/job-fairs/{fair.pk}/", data).status_code == 302
    fair.refresh_from_db()
    assert fair.hires == 11 and fair.version == 2
    data["centre"] = centres["SEOUL"].pk  # not the district officer's centre
    assert counsellor.post("/centres/job-fairs/", data).status_code == 400


def test_other_centres_records_are_not_found_and_reviewers_forbidden(login, make_seeker, make_vacancy):
    s = make_seeker(centre="SEOUL")
    v = make_vacancy(centre="SEOUL")
    ydp = login("district_officer", "GWANAK", username="gw2")
    assert ydp.get(f"/centres/seekers/{s.pk}/").status_code == 404
    assert ydp.post(f"/centres/seekers/{s.pk}/refer/", {"target": v.pk}).status_code == 404
    assert login("reviewer").get(f"/centres/seekers/{s.pk}/").status_code == 403
    assert login("reviewer", username="rv2").get("/centres/follow-ups/").status_code == 403
    assert not Referral.objects.exists()


def test_the_audit_trail_shows_the_referral_the_placement_and_the_follow_up_in_words(counsellor, login,
                                                                                      make_seeker, make_vacancy):
    s, v = make_seeker(), make_vacancy()
    counsellor.post(f"/centres/seekers/{s.pk}/refer/", {"target": v.pk})
    ref = Referral.objects.get()
    counsellor.post(f"/centres/seekers/{s.pk}/placements/", _placement_data(ref))
    f = FollowUp.objects.get(months=1)
    FollowUp.objects.filter(pk=f.pk).update(due_on=today())
    counsellor.post(f"/centres/follow-ups/{f.pk}/", {f"f{f.pk}-done_on": today().isoformat(),
                                                     f"f{f.pk}-still_employed": "no", f"f{f.pk}-version": "1"})
    admin = login("admin")
    for kind, words in (("employment.referral", ("알선일 : ", "알선 결과 : 결과 대기 → 채용")),
                        ("employment.placement", ("취업일 : ", "임금 : 2,400,000")),
                        ("employment.followup", ("계속 근무 : 아니요", "1개월 사후관리"))):
        status, html = page(admin, f"/audit/?object_type={kind}")
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert status == 200 and all(w in text for w in words), (kind, text[:2000])
        assert "outcome" not in text and "placed on" not in text and "still employed" not in text


def test_a_follow_up_too_early_is_answered_in_its_row_in_both_languages(counsellor, make_seeker, actor, occ):
    s = make_seeker()
    p = placement_record(actor=actor, seeker=s, occupation=occ["02"], employer_name="동네빵집", placed_on=today(),
                         wage_type="monthly", wage=2_000_000, contract="permanent", via="self")
    f = p.follow_ups.get(months=6)
    data = {f"f{f.pk}-done_on": today().isoformat(), f"f{f.pk}-still_employed": "yes", f"f{f.pk}-version": "1"}
    r = counsellor.post(f"/centres/follow-ups/{f.pk}/", data, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="ko")
    html = r.content.decode()
    assert r.status_code == 200 and html.lstrip().startswith("<tr") and "6개월 사후관리는" in html
    r = counsellor.post(f"/centres/follow-ups/{f.pk}/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "the 6-month follow-up can be recorded from" in r.content.decode()
    f.refresh_from_db()
    assert f.done_on is None and f.version == 1
