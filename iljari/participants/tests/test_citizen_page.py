"""The citizen's application page is the district's page: its name at the top, what the job is, who may apply and
the pay before the form, every district of the city, amounts in 만원 with separators, a checked phone number, and
everything typed kept after an error except the resident registration number."""

import datetime as dt
import re

import pytest
from django import forms

from iljari.participants.forms import ManwonField, normalise_phone
from iljari.participants.models import Application, EligibilityRule, Parameter, PayRule, Worksite
from iljari.participants.notice import hours_sentence, manwon, pay_sentences, rule_sentence

from .test_participants import PUBLIC_WORKS_2014, WORK_FROM

pytestmark = pytest.mark.django_db

# Seed 001's 신중년 pay as data (6 hours 32,000 won a day, 65+ 3 hours 16,000 won, 5,000 won a day besides).
PAY = {"hours_by_age": [[65, 3]], "default_hours": 6, "daily_wage_by_hours": {"6": 32000, "3": 16000},
       "daily_allowance": 5000, "truncate_to": 10}
FORM = {"name": "김관악", "rrn": "680312-2345678", "phone": "010-2345-6789", "district": "GWANAK",
        "address": "서울 관악구 관악로 145", "household_size": "3", "household_income": "185",
        "property_value": "13,500", "employment": "unemployed", "statuses": ["single_parent"], "consent": "on"}


@pytest.fixture
def open_round(make_program, tree, actor):  # type: ignore[no-untyped-def]
    from iljari.orgs.services import org_unit_create
    from iljari.participants.models import RecruitmentRound

    program = make_program("PW24", owner="GWANAK-JOB", groups=("low_income",))
    program.description = "공원·골목 환경 정비와 복지시설 업무 지원"
    program.save()
    for i, (kind, params, label) in enumerate(PUBLIC_WORKS_2014):
        EligibilityRule.objects.create(program=program, kind=kind, params=params, label=label, order=i,
                                       valid_from=dt.date(2014, 1, 1))
    PayRule.objects.create(program=program, valid_from=dt.date(2014, 1, 1), params=PAY)
    rnd = RecruitmentRound.objects.create(program=program, name="2014 상반기", apply_from=dt.date(2000, 1, 1),
                                          apply_to=dt.date(2100, 1, 1), select_on=dt.date(2014, 1, 27),
                                          work_from=WORK_FROM, work_to=dt.date(2014, 6, 30), places=40)
    Worksite.objects.create(round=rnd, name="관악산 생태공원", places=25)
    Worksite.objects.create(round=rnd, name="신림동 주민센터", places=15)
    # Seoul's other districts are offered; another city's district, and a district abolished, are not
    for code, name in (("GANGNAM", "강남구"), ("JONGNO", "종로구")):
        org_unit_create(actor=actor, code=code, name_ko=name, kind="district", parent=tree["SEOUL"])
    org_unit_create(actor=actor, code="OLD", name_ko="폐지구", kind="district", parent=tree["SEOUL"],
                    valid_to=dt.date(1999, 12, 31))
    busan = org_unit_create(actor=actor, code="BUSAN", name_ko="부산광역시", kind="city")
    org_unit_create(actor=actor, code="HAEUNDAE", name_ko="해운대구", kind="district", parent=busan)
    return rnd


@pytest.fixture(autouse=True)
def _fresh_throttle():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_each_rule_kind_reads_as_a_korean_sentence(open_round):
    rules = {r.kind: r for r in EligibilityRule.objects.filter(program=open_round.program)}
    say = {k: rule_sentence(r, WORK_FROM) for k, r in rules.items()}
    assert say["age_range"] == "만 18세 이상인 분 (2014. 2. 3. 기준 만 나이)"
    assert say["residency"] == "관악구에 주민등록을 두고 사는 분"
    assert say["employment"] == "지금 실업 또는 일용근로(정기소득 없음) 상태인 분"
    assert say["property_cap"] == "가구 재산이 1억 3,500만원 이하인 가구"
    assert say["exclude_status"] == "국민기초생활수급자, 실업급여 수급자에 해당하는 분은 신청할 수 없습니다"
    assert say["participation_cap"] == "최근 2년 동안 공공일자리에 참여한 기간이 10개월을 넘는 분은 신청할 수 없습니다"
    assert say["priority_points"] == "우선 선발 가점: 장애인 5점, 한부모가정 5점, 본인 외 가구원 1명당 1점"
    rules["age_range"].params = {"min": 50, "max": 64}
    assert rule_sentence(rules["age_range"], WORK_FROM).startswith("만 50세 이상 64세 이하인 분")
    Parameter.objects.create(name="minimum_cost_of_living", valid_from=dt.date(2014, 1, 1),
                             value={"1": 603_403, "2": 1_027_417, "3": 1_329_118, "4": 1_630_820})
    income = EligibilityRule(program=open_round.program, kind="income_line",
                             params={"parameter": "minimum_cost_of_living", "percent": 150}, valid_from=WORK_FROM)
    assert rule_sentence(income, WORK_FROM) == (
        "가구 월소득이 최저생계비의 150% 이하인 가구 (1인 가구 월 905,104원, 2인 가구 월 1,541,125원, "
        "3인 가구 월 1,993,677원, 4인 가구 월 2,446,230원 이하)")
    assert manwon(925_000) == "92만 5,000원" and manwon(100_000_000) == "1억원" and manwon(0) == "0원"


def test_the_pay_rule_reads_as_hours_and_won():
    assert hours_sentence(PAY) == "하루 6시간 (만 65세 이상은 3시간)"
    assert pay_sentences(PAY) == ["일급 32,000원 (6시간 근무), 16,000원 (3시간 근무)",
                                  "부대경비(교통비·간식비) 하루 5,000원 별도", "임금은 일한 날(시간)만큼 매월 지급합니다"]
    hourly = {"hourly_rate": 9211, "monthly_cap_hours": 57, "default_hours": 3}  # 50+ 보람일자리 (seed 001)
    assert hours_sentence(hourly) == "하루 3시간, 한 달에 57시간까지"
    assert pay_sentences(hourly)[0] == "시간당 9,211원"
    assert pay_sentences({}) == []


def test_the_page_is_the_districts_and_tells_the_job_who_may_apply_and_the_pay_before_the_form(open_round, client):
    page = client.get(f"/apply/{open_round.pk}/").content.decode()
    header = page[page.index('<header class="citizen-top">'):page.index("</header>")]
    assert '<p class="issuer">관악구</p>' in header
    assert "Figures are exact" not in page and "iljari" not in page.split("<body")[1]  # no officers' chrome
    assert "금액" not in page.split("</form>")[1]  # no officers' footnote about amounts
    form_at = page.index("<form")
    for words in ("공원·골목 환경 정비와 복지시설 업무 지원", "2014. 2. 3. ~ 2014. 6. 30.", "하루 6시간 (만 65세 이상은 3시간)",
                  "관악산 생태공원 (25명)", "신림동 주민센터 (15명)", "만 18세 이상인 분", "가구 재산이 1억 3,500만원 이하",
                  "일급 32,000원 (6시간 근무)", "선발 발표"):
        assert -1 < page.index(words) < form_at, words
    options = re.findall(r'<option value="(\w*)"[^>]*>([^<]+)</option>', page)
    districts = [name for value, name in options if value in ("GANGNAM", "GWANAK", "JONGNO", "OLD", "HAEUNDAE")]
    assert districts == ["강남구", "관악구", "종로구"]  # every district of the city in force, by name
    assert re.search(r'id="id_household_income"[^>]*inputmode="numeric"|inputmode="numeric"[^>]*id="id_household_income"',
                     page)
    assert 'autocomplete="name"' in page and 'autocomplete="tel-national"' in page
    text = re.sub(r"<[^>]+>", " ", page.split("<body", 1)[1].split(">", 1)[1]).replace("PW24", "")  # its name
    assert not re.search(r"[A-Za-z]{2,}", text), "Latin words on the page"


def test_amounts_in_manwon_with_separators_and_a_normalised_phone_number(open_round, client):
    ok = client.post(f"/apply/{open_round.pk}/", {**FORM, "phone": "01023456789"})
    assert "신청이 접수되었습니다" in ok.content.decode() and '<p class="issuer">관악구</p>' in ok.content.decode()
    app = Application.objects.get(round=open_round)
    assert (app.household_income, app.property_value, app.phone) == (1_850_000, 135_000_000, "010-2345-6789")


def test_after_an_error_everything_typed_comes_back_but_the_resident_number(open_round, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # an officer's English choice does not reach this page
    bad = client.post(f"/apply/{open_round.pk}/", {**FORM, "phone": "010-123", "household_size": ""})
    page = bad.content.decode()
    assert bad.status_code == 400 and not Application.objects.exists()
    assert re.search(r'id="id_phone_error"[^>]*>.*전화번호가 올바르지 않습니다', page)
    assert re.search(r'id="id_household_size_error"[^>]*>.*가구원 수를 적어 주십시오', page)
    assert '<a href="#id_phone">휴대전화: 전화번호가 올바르지 않습니다' in page  # the summary links to the field
    phone = re.search(r"<input[^>]*id=\"id_phone\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in phone and "id_phone_error" in phone and 'value="010-123"' in phone
    for kept in ('value="김관악"', 'value="서울 관악구 관악로 145"', 'value="185"', 'value="13,500"'):
        assert kept in page, kept
    assert re.search(r'<option value="GWANAK" selected>', page)
    assert re.search(r'value="single_parent"[^>]*checked', page)
    assert re.search(r'name="consent"[^>]*checked', page)
    assert "680312" not in page and "2345678" not in page  # the resident number is typed again, as the page says
    assert "주민등록번호는 보안을 위해 지웠습니다. 다시 적어 주십시오" in page
    assert 'lang="ko"' in page and "This field" not in page


def test_manwon_and_phone_fields_accept_what_people_type_and_refuse_the_rest():
    field = ManwonField(max_won=10**10)
    assert [field.clean(v) for v in ("13,500", "13 500", "0", "250.5", "185만원", "1,234.5678", "１３，５００",
                                     "185 만원", "185만")] == [
        135_000_000, 135_000_000, 0, 2_505_000, 1_850_000, 12_345_678, 135_000_000, 1_850_000, 1_850_000]
    # an amount in won is not read as 만원: the person is told the 만원 figure to type
    for won, message in (("1,850,000원", "만원 단위로 적어 주십시오: 1,850,000원이면 185"),
                         ("1,855,000 원", "1,855,000원이면 185.5"), ("1850000000000", "만원 단위로 적어 주십시오")):
        with pytest.raises(forms.ValidationError) as exc:
            field.clean(won)
        assert message in " ".join(exc.value.messages), won
    for bad, message in (("abc", "숫자로 적어"), ("-5", "0 이상"), ("1.23456", "소수점 넷째 자리"),
                         ("1,000,001", "1,000,000만원 이하"), ("NaN", "숫자로"), ("1e5", "숫자로"),
                         ("1e-999999999", "숫자로"), ("9" * 31, "30자 이하")):
        with pytest.raises(forms.ValidationError) as exc:
            field.clean(bad)
        assert message in " ".join(exc.value.messages), bad
    with pytest.raises(forms.ValidationError) as exc:
        field.clean(" ")
    assert exc.value.code == "required"
    assert [normalise_phone(v) for v in ("01012345678", "010 1234 5678", "+82 10-1234-5678", "02-123-4567",
                                         "0312345678", "070-1234-5678")] == [
        "010-1234-5678", "010-1234-5678", "010-1234-5678", "02-123-4567", "031-234-5678", "070-1234-5678"]
    for bad in ("010-123", "123", "+1 202 555 0100", "전화 없음", "0" * 30):
        with pytest.raises(forms.ValidationError):
            normalise_phone(bad)


def test_the_list_of_open_rounds_names_the_city_and_each_district(open_round, client):
    page = client.get("/apply/").content.decode()
    assert '<p class="issuer">서울특별시</p>' in page
    assert "관악구" in page and "사업 PW24" in page and "2014 상반기" in page and "40명" in page


def test_a_city_programs_round_is_the_citys_page_and_says_so_when_it_has_no_rules_or_pay(make_program, client):
    from iljari.participants.models import RecruitmentRound

    program = make_program("CITY1", owner="JOBPOL")
    rnd = RecruitmentRound.objects.create(program=program, name="상시 모집", apply_from=dt.date(2000, 1, 1),
                                          apply_to=dt.date(2100, 1, 1), work_from=dt.date(2100, 2, 1),
                                          work_to=dt.date(2100, 6, 30), places=5)
    page = client.get(f"/apply/{rnd.pk}/").content.decode()
    assert '<p class="issuer">서울특별시</p>' in page
    assert "누구나 신청할 수 있습니다" in page and "임금은 선발된 분께 따로 안내합니다" in page
    assert "근무 시간" not in page and "근무지" not in page  # nothing to say: not shown


def test_an_officers_correction_form_shows_the_persons_amounts_in_manwon(open_round, client):
    from iljari.participants.forms import ApplicantEditForm

    client.post(f"/apply/{open_round.pk}/", {**FORM, "household_income": "92.5"})
    person = Application.objects.get().applicant
    assert (person.household_income, person.property_value) == (925_000, 135_000_000)
    html = str(ApplicantEditForm(initial=ApplicantEditForm.initial_for(person)))
    assert 'value="92.5"' in html and 'value="13,500"' in html
