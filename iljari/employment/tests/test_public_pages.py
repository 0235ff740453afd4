"""The citizens' and employers' job pages (/jobs/): search with filters and Korean free text, a vacancy page that
never shows a hidden vacancy or an employer's contact details, registering as a seeker and posting a vacancy
(valid, each kind of bad input with nothing saved, the honeypot, the rate limit), in Korean and in English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from iljari.employment.models import Employer, Seeker, SkillCode, Vacancy
from iljari.employment.search import query_terms
from iljari.people.models import Person

pytestmark = pytest.mark.django_db
def today() -> dt.date:
    """The city's day, read when a test runs (a module constant goes stale when a run passes midnight)."""
    return timezone.localdate()




def client(language: str = "ko") -> Client:
    c = Client()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return c


def titles(html: str) -> list[str]:
    """The vacancy titles of a result list, in order."""
    return re.findall(r'<strong(?: lang="ko")?>([^<]+)</strong></a>', html)


@pytest.fixture
def market(make_vacancy, make_employer, tree, occ, actor, centres):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create

    centres["SEOUL"].phone = "02-2133-4720"
    centres["SEOUL"].save()
    centres["GWANAK"].phone = "02-879-7141"
    centres["GWANAK"].save()
    ydp = tree["YDP"]
    mapo = org_unit_create(actor=actor, code="MAPO", name_ko="마포구", name_en="Mapo-gu", kind="district",
                           parent=tree["SEOUL"])
    tree["MAPO"] = mapo
    hidden = make_employer(name="㈜숨은기업", contact_name="박비밀", contact_phone="010-9999-8888",
                           contact_email="secret@example.com")
    v = {
        "care": make_vacancy("요양보호사 (주간보호센터)", occupation="55", tasks="어르신 식사·이동 보조, 목욕 도움",
                             requirements="요양보호사 자격증 소지자", wage_type="hourly", wage=11_000, hours_per_week=30,
                             contract="part_time", posted_on=today() - dt.timedelta(days=1),
                             deadline=today() + dt.timedelta(days=5), employer=hidden,
                             address="서울 관악구 남부순환로 1820", openings=2),
        "office": make_vacancy("사무보조원", occupation="02", tasks="문서 정리와 엑셀 입력", wage=2_300_000,
                               posted_on=today() - dt.timedelta(days=10), deadline=today() + dt.timedelta(days=40)),
        "forklift": make_vacancy("물류센터 지게차 운전원", occupation="62", district=ydp, centre="SEOUL",
                                 tasks="입출고 화물 상하차", requirements="지게차운전기능사 우대", wage=3_100_000,
                                 hours_per_week=44, posted_on=today() - dt.timedelta(days=2),
                                 deadline=today()),
        "guard": make_vacancy("아파트 경비원", occupation="54", district=mapo, centre="SEOUL", wage_type="monthly",
                              wage=2_200_000, contract="fixed", posted_on=today() - dt.timedelta(days=20),
                              deadline=today() + dt.timedelta(days=12)),
        # never shown
        "pending": make_vacancy("대기중인 요양 구인", occupation="55", status="pending"),
        "rejected": make_vacancy("반려된 요양 구인", occupation="55", status="rejected"),
        "closed": make_vacancy("마감된 요양 구인", occupation="55", status="closed"),
        "filled": make_vacancy("채용완료 요양 구인", occupation="55", status="filled"),
        "past": make_vacancy("기한지난 요양 구인", occupation="55", deadline=today() - dt.timedelta(days=1)),
    }
    v["care"].required_licences.set([SkillCode.objects.get(code="L-CAREGIVER")])
    return v


def search(params: str = "", language: str = "ko") -> tuple[int, str]:
    r = client(language).get("/jobs/" + (f"?{params}" if params else ""))
    return r.status_code, r.content.decode()


# --- free text ---------------------------------------------------------------------------------------------------


def test_query_terms_drop_particles_and_endings_but_keep_compounds():
    assert query_terms("요양보호사를 구합니다") == ["요양보호사"]
    assert query_terms("지게차 운전하는 일") == ["지게차", "운전"]
    assert query_terms("사무보조원으로") == ["사무보조원"]
    assert query_terms("CNC 선반") == ["CNC", "선반"]
    assert all(len(t) <= 100 for t in query_terms("가" * 5000))  # bounded
    assert len(query_terms(" ".join(f"단어{i}" for i in range(20)))) == 6


@pytest.mark.parametrize("q, found", [
    ("요양", ["요양보호사 (주간보호센터)"]),  # a word inside a longer word
    ("보호사", ["요양보호사 (주간보호센터)"]),  # ... its end too
    ("요양보호사를", ["요양보호사 (주간보호센터)"]),  # a particle dropped
    ("엑셀", ["사무보조원"]),  # in the tasks
    ("지게차운전기능사", ["물류센터 지게차 운전원"]),  # in the requirements
    ("지게차 상하차", ["물류센터 지게차 운전원"]),  # every word must be found
    ("지게차 요양", []),
    ("경비원", ["아파트 경비원"]),
])
def test_free_text_finds_words_inside_longer_words(market, q, found):
    status, html = search(f"q={q}")
    assert status == 200
    assert titles(html) == found


def test_the_list_shows_open_vacancies_only_newest_first(market):
    status, html = search()
    assert status == 200
    assert titles(html) == ["요양보호사 (주간보호센터)", "물류센터 지게차 운전원", "사무보조원", "아파트 경비원"]
    assert "4건" in html
    assert "대기중인" not in html and "반려된" not in html and "마감된" not in html and "기한지난" not in html
    assert "시급 11,000원" in html and "오늘 마감" in html and "5일 남음" in html


@pytest.mark.parametrize("params, found", [
    ("district=YDP", ["물류센터 지게차 운전원"]),
    ("occupation=5", ["요양보호사 (주간보호센터)", "아파트 경비원"]),  # a major category: its middle ones
    ("occupation=55", ["요양보호사 (주간보호센터)"]),
    ("wage_type=monthly&min_wage=2,500,000", ["물류센터 지게차 운전원"]),
    ("wage_type=hourly&min_wage=11000", ["요양보호사 (주간보호센터)"]),
    ("wage_type=hourly&min_wage=12000", []),
    ("max_hours=30", ["요양보호사 (주간보호센터)"]),
    ("contract=fixed", ["아파트 경비원"]),
    ("within_days=3", ["요양보호사 (주간보호센터)", "물류센터 지게차 운전원"]),
    ("sort=deadline", ["물류센터 지게차 운전원", "요양보호사 (주간보호센터)", "아파트 경비원", "사무보조원"]),
    # by a month's pay: 3,100,000; 2,300,000; 2,200,000; 11,000 × 30 h × 4.345 = 1,433,850
    ("sort=wage", ["물류센터 지게차 운전원", "사무보조원", "아파트 경비원", "요양보호사 (주간보호센터)"]),
    ("sort=wage&wage_type=monthly", ["물류센터 지게차 운전원", "사무보조원", "아파트 경비원"]),
    ("q=요양&district=GWANAK&max_hours=40&within_days=7", ["요양보호사 (주간보호센터)"]),
])
def test_filters(market, params, found):
    status, html = search(params)
    assert status == 200, html
    assert titles(html) == found


@pytest.mark.parametrize("params, field, message", [
    ("district=NOWHERE", "district", "목록에 있는 자치구를 고르십시오"),
    ("occupation=999", "occupation", ""),
    ("min_wage=abc&wage_type=hourly", "min_wage", ""),
    ("min_wage=10000", "wage_type", "최소 임금으로 찾으려면 임금 형태를 고르십시오"),
    ("sort=random", "sort", ""),
    ("max_hours=x", "max_hours", ""),
])
def test_bad_search_conditions_are_a_400_with_the_message_beside_the_field(market, params, field, message):
    status, html = search(params)
    assert status == 400
    assert f'id="id_{field}_error"' in html and message in html
    assert 'id="error-summary"' in html


def test_hostile_search_input_never_breaks(market):
    for params in ("q=" + "%25" * 3000, "page=99999999999999999999", "page=-1", "q=%00%01", "q='; drop table --"):
        status, _html = search(params)
        assert status in (200, 400), params


def test_pages(market, make_vacancy):
    for n in range(25):
        make_vacancy(f"추가 구인 {n:02d}", posted_on=today() - dt.timedelta(days=30))
    _s, first = search()
    assert len(titles(first)) == 20 and "1 / 2쪽" in first and 'rel="next"' in first
    _s, second = search("page=2")
    assert len(titles(second)) == 9 and 'rel="prev"' in second
    _s, kept = search("q=추가&page=2")  # the conditions are kept across pages
    assert len(titles(kept)) == 5 and "q=%EC%B6%94%EA%B0%80&amp;page=1" in kept


def test_english_search_page(market):
    status, html = search("q=요양", language="en")
    assert status == 200
    assert "Find a job" in html and "1 vacancy" in html and "Hourly 11,000 won" in html.replace("hourly", "Hourly")
    assert "5 days left" in html and 'lang="ko">요양보호사 (주간보호센터)' in html


# --- the vacancy page ----------------------------------------------------------------------------------------------


def test_vacancy_page_shows_what_a_citizen_needs_and_no_private_contact(market):
    v = market["care"]
    r = client().get(f"/jobs/{v.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    for text in ("요양보호사 (주간보호센터)", "㈜숨은기업", "관악구", "서울 관악구 남부순환로 1820", "시급 11,000원",
                 "주 30시간", "시간제", "2명", f"{v.deadline:%Y.%m.%d}", "5일 남음", "어르신 식사·이동 보조",
                 "요양보호사 자격증 소지자", "요양보호사</li>", "관악구 일자리센터", "02-879-7141", "돌봄 서비스직"):
        assert text in html, text
    for secret in ("박비밀", "010-9999-8888", "secret@example.com", v.employer.business_number):
        assert secret not in html


@pytest.mark.parametrize("key", ["pending", "rejected", "closed", "filled", "past"])
def test_hidden_vacancies_are_404(market, key):
    assert client().get(f"/jobs/{market[key].pk}/").status_code == 404


def test_vacancy_page_in_english(market):
    html = client("en").get(f"/jobs/{market['forklift'].pk}/").content.decode()
    assert "How to apply" in html and "Monthly 3,100,000 won" in html.replace("monthly", "Monthly")
    assert "closes today" in html and "Seoul Job Centre" in html and "Driving and transport" in html


# --- registering as a seeker ------------------------------------------------------------------------------------


SEEKER = {"name": "김구직", "birth_date": "1968-03-12", "phone": "010-2345-6789", "home_district": "GWANAK",
          "address": "서울 관악구 관악로 1", "occupation_1": "55", "occupation_2": "56", "commute": "neighbour",
          "wage_type": "monthly", "desired_wage": "2,200,000", "hours_per_week": "40", "education": "high",
          "licences": ["L-CAREGIVER"], "skills_text": "요양원 3년 근무", "centre": "", "consent_share": "on",
          "consent_collect": "on", "website": ""}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def test_register_as_a_seeker(market):
    r = client().post("/jobs/register/", SEEKER)
    html = r.content.decode()
    assert r.status_code == 200, html
    assert "구직 신청이 접수되었습니다" in html and "관악구 일자리센터" in html and "김구직" in html
    assert "010-2345-6789" not in html and "1968" not in html  # nothing typed shown back but the name
    s = Seeker.objects.get()
    assert (s.person.name, s.person.birth_date, s.centre.code, s.channel, s.consent_share, s.desired_wage) == (
        "김구직", dt.date(1968, 3, 12), "GJC", "online", True, 2_200_000)
    assert sorted(s.desired_occupations.values_list("code", flat=True)) == ["55", "56"]
    assert list(s.licences.values_list("code", flat=True)) == ["L-CAREGIVER"]
    # a second time: the same answer, nothing new
    r = client().post("/jobs/register/", SEEKER)
    assert r.status_code == 200 and Seeker.objects.count() == 1


def test_a_seeker_without_a_district_centre_goes_to_the_seoul_job_centre(market):
    r = client().post("/jobs/register/", {**SEEKER, "home_district": "YDP", "consent_share": ""})
    assert r.status_code == 200
    s = Seeker.objects.get()
    assert s.centre.code == "SJC" and s.consent_share is False


@pytest.mark.parametrize("change, field, message", [
    ({"name": ""}, "name", "필수 항목입니다"),
    ({"birth_date": "1968-13-45"}, "birth_date", "1968-03-12"),
    ({"birth_date": (today() + dt.timedelta(days=3)).isoformat()}, "birth_date", "생년월일이 올바르지 않습니다"),
    ({"phone": "전화 없음"}, "phone", "전화번호를 숫자로 적어 주십시오"),
    ({"home_district": "NOWHERE"}, "home_district", "목록에 있는 자치구를 고르십시오"),
    ({"occupation_1": "77"}, "occupation_1", ""),
    ({"licences": ["L-NOPE"]}, "licences", ""),
    ({"hours_per_week": "80"}, "hours_per_week", ""),
    ({"desired_wage": "많이"}, "desired_wage", ""),
    ({"consent_collect": ""}, "consent_collect", "동의하지 않으면 등록할 수 없습니다"),
    ({"name": "가" * 51}, "name", ""),
    ({"skills_text": "가" * 1001}, "skills_text", ""),
])
def test_bad_seeker_input_is_answered_beside_the_field_and_nothing_is_saved(market, change, field, message):
    r = client().post("/jobs/register/", {**SEEKER, **change})
    html = r.content.decode()
    assert r.status_code == 400
    assert f'id="id_{field}_error"' in html and message in html, html[html.find("error-summary"):][:800]
    assert not Seeker.objects.exists() and not Person.objects.filter(source="seeker").exists()
    assert 'value="김구직"' in html or field == "name"  # what was typed comes back


def test_bad_seeker_input_in_english(market):
    r = client("en").post("/jobs/register/", {**SEEKER, "phone": "no phone", "consent_collect": ""})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Enter the phone number with digits only, e.g. 010-1234-5678" in html
    assert "Without this consent the centre cannot register you" in html


# --- posting a vacancy ------------------------------------------------------------------------------------------


VACANCY = {"employer_name": "㈜관악돌봄", "business_number": "220-81-62517", "contact_name": "이담당",
           "contact_phone": "02-123-4567", "contact_email": "hr@example.com", "title": "요양보호사 (방문요양)",
           "occupation": "55", "district": "GWANAK", "address": "서울 관악구 봉천로 1", "tasks": "어르신 댁 방문 돌봄",
           "requirements": "요양보호사 자격증", "licences": ["L-CAREGIVER"], "wage_type": "hourly",
           "wage": "12,000", "hours_per_week": "20", "contract": "part_time", "openings": "3",
           "deadline": (today() + dt.timedelta(days=30)).isoformat(), "consent_collect": "on", "website": ""}


def test_post_a_vacancy_it_waits_for_approval(market):
    before = Vacancy.objects.count()
    r = client().post("/jobs/post/", VACANCY)
    html = r.content.decode()
    assert r.status_code == 200, html[html.find("error-summary"):][:1500]
    assert "구인 신청이 접수되었습니다" in html and "승인" in html and "요양보호사 (방문요양)" in html
    assert "02-123-4567" not in html and "220-81-62517" not in html and "2208162517" not in html
    v = Vacancy.objects.latest("pk")
    assert Vacancy.objects.count() == before + 1
    assert (v.status, v.channel, v.wage, v.hours_per_week, v.openings, v.centre.code, v.posted_on) == (
        "pending", "online", 12_000, 20, 3, "GJC", today())
    assert (v.employer.name, v.employer.business_number, v.employer.contact_phone) == (
        "㈜관악돌봄", "2208162517", "02-123-4567")
    assert list(v.required_licences.values_list("code", flat=True)) == ["L-CAREGIVER"]
    # not in the search until a counsellor approves it
    assert "방문요양" not in search("q=요양")[1]
    assert client().get(f"/jobs/{v.pk}/").status_code == 404


@pytest.mark.parametrize("change, field, message", [
    ({"wage": "9,000"}, "wage", "최저임금"),  # below this year's minimum wage (an hour)
    ({"wage_type": "monthly", "wage": "1,000,000", "hours_per_week": "40"}, "wage", "최저임금"),
    ({"deadline": (today() - dt.timedelta(days=1)).isoformat()}, "deadline", "마감일이 이미 지났습니다"),
    ({"contact_phone": "없음"}, "contact_phone", "전화번호를 숫자로 적어 주십시오"),
    ({"occupation": "77"}, "occupation", ""),  # unknown occupation
    ({"business_number": "123-45-67890"}, "business_number", "사업자등록번호가 올바르지 않습니다"),
    ({"business_number": "12345"}, "business_number", "사업자등록번호가 올바르지 않습니다"),
    ({"hours_per_week": "60"}, "hours_per_week", ""),
    ({"district": "NOWHERE"}, "district", "목록에 있는 자치구를 고르십시오"),
    ({"tasks": ""}, "tasks", "필수 항목입니다"),
    ({"tasks": "가" * 2001}, "tasks", ""),
    ({"contact_email": "not-an-email"}, "contact_email", ""),
    ({"consent_collect": ""}, "consent_collect", ""),
])
def test_bad_vacancy_input_is_answered_beside_the_field_and_nothing_is_saved(market, change, field, message):
    vacancies, employers = Vacancy.objects.count(), Employer.objects.count()
    r = client().post("/jobs/post/", {**VACANCY, **change})
    html = r.content.decode()
    assert r.status_code == 400, html[:300]
    assert f'id="id_{field}_error"' in html and message in html, html[html.find("error-summary"):][:800]
    assert (Vacancy.objects.count(), Employer.objects.count()) == (vacancies, employers)


def test_minimum_wage_message_in_english(market):
    r = client("en").post("/jobs/post/", {**VACANCY, "wage": "9,000"})
    html = r.content.decode()
    assert r.status_code == 400 and "below the minimum wage" in html and "최저임금" not in html


def test_an_employer_posting_again_is_found_by_its_number(market):
    client().post("/jobs/post/", VACANCY)
    client().post("/jobs/post/", {**VACANCY, "title": "요양보호사 (야간)"})
    assert Employer.objects.filter(business_number="2208162517").count() == 1
    assert Vacancy.objects.filter(employer__business_number="2208162517").count() == 2


# --- abuse ---------------------------------------------------------------------------------------------------------


def test_the_honeypot_saves_nothing_but_answers_as_usual(market):
    r = client().post("/jobs/register/", {**SEEKER, "website": "http://spam.example"})
    assert r.status_code == 200 and not Seeker.objects.exists()
    before = Vacancy.objects.count()
    r = client().post("/jobs/post/", {**VACANCY, "website": "http://spam.example"})
    assert r.status_code == 200 and Vacancy.objects.count() == before


def test_rate_limited_after_twenty_posts_an_hour(market):
    c = client()
    statuses = [c.post("/jobs/register/", {"name": ""}).status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    assert "잠시 후 다시" in c.post("/jobs/register/", {}).content.decode()
    assert not Seeker.objects.exists()


def test_forms_render_in_both_languages(market):
    for path, ko, en in (("/jobs/register/", "구직 신청", "Register as a job seeker"),
                         ("/jobs/post/", "구인 신청", "Post a vacancy")):
        assert ko in client().get(path).content.decode()
        assert en in client("en").get(path).content.decode()


def test_the_requirements_the_employer_wrote_are_kept(market):
    client().post("/jobs/post/", VACANCY)
    assert Vacancy.objects.latest("pk").requirements == "요양보호사 자격증"


def test_a_sender_using_another_firms_number_is_shown_to_the_approver(market, make_employer, login):
    """The walk posted as ㈜신림경비 with a number registered to another firm: the vacancy went under that firm and
    what the sender typed was lost. Now the approver sees the name the sender wrote and their contact."""
    make_employer(name="㈜봉천돌봄", business_number="2208162517")
    r = client().post("/jobs/post/", {**VACANCY, "employer_name": "㈜신림경비", "contact_name": "김담당",
                                      "contact_phone": "02-871-0000"})
    assert r.status_code == 200
    v = Vacancy.objects.latest("pk")
    assert v.employer.name == "㈜봉천돌봄" and v.sent_employer_name == "㈜신림경비"
    assert "김담당" in v.sent_contact and "02-871-0000" in v.sent_contact
    officer = login("district_officer", "GWANAK", username="approver-walk")
    html = officer.get("/centres/vacancies/approvals/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "보낸 사람이 적은 기업명은 ㈜신림경비입니다" in html and "김담당" in html
    # the same firm under another spelling raises no warning
    r = client().post("/jobs/post/", {**VACANCY, "employer_name": "주식회사 봉천돌봄"})
    html = officer.get("/centres/vacancies/approvals/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert html.count("보낸 사람이 적은 기업명은") == 1


def test_word_search_follows_a_changed_vacancy(market, make_vacancy):
    """Words are looked for in memory, per process: a vacancy added or retitled is found at once, a closed one is
    not (the table's fingerprint is checked on every search)."""
    def found(word: str) -> str:
        return client().get("/jobs/", {"q": word}).content.decode()

    assert "한강 수상택시" not in found("수상택시")
    v = make_vacancy(title="한강 수상택시 매표원", occupation="52")
    assert "한강 수상택시 매표원" in found("수상택시")
    v.title = "한강 유람선 매표원"
    v.save()
    assert "한강 유람선 매표원" not in found("수상택시") and "한강 유람선 매표원" in found("유람선")
    v.status = Vacancy.Status.CLOSED
    v.save()
    assert "한강 유람선 매표원" not in found("유람선")
