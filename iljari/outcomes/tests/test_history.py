"""The council's five years (issue 18 §6): a program's outcomes beside its counts with the grade history, every
program's grades over five years, and the workbook — as the council, the office and a district officer see them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from iljari.outcomes.grading import grades_compute, scheme_install
from iljari.outcomes.models import Grade
from iljari.outcomes.runs import outcomes_run, run_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(world, actor):  # type: ignore[no-untyped-def]
    """2020 and 2021 evaluated and published; a newer 2021 draft the council must not see."""
    scheme_install()
    out = {}
    for year in (2020, 2021):
        run = outcomes_run(actor=actor, year=year, as_of=dt.date(year + 1, 12, 31))
        grades_compute(actor=actor, run=run)
        out[year] = run_publish(actor=actor, run=run)
    out["draft"] = outcomes_run(actor=actor, year=2022, as_of=dt.date(2023, 6, 30))
    return out


def test_the_council_reads_a_programs_five_years(graded, login):
    council = login("reviewer")
    r = council.get("/outcomes/programs/D/")
    assert r.status_code == 200
    page = r.content.decode()
    # the newest year the council may read is 2021 (the 2022 run is a draft): 2017-2021
    head = page.split('id="story"')[1].split("</thead>")[0]
    assert "2017–2021" in page and ">2017<br>" in head and ">2022<br>" not in head
    d21 = Grade.objects.get(run=graded[2021], program__code="D")
    # counts of the ledger: budget 100 (million won), spent 80, execution 80.0 %
    story = page.split('id="story"')[1].split("</table>")[0]
    assert "집행률 (%)" in story and "80.0" in story and "100" in story
    # the 2021 outcome: 3 of 6 in a private job within 6 months, linked to the persons counted
    assert "50.0%" in story and f"/outcomes/{graded[2021].pk}/D/employed_within/" in story
    words = {"excellent": "우수", "good": "양호", "improve": "개선필요", "cut": "감액"}[d21.grade]
    assert words in story and f"{d21.score:.1f}" in story
    # the reasons of each graded year, newest first
    reasons = page.split('id="reasons"')[1]
    assert reasons.index("2021년") < reasons.index("2020년")
    assert all(x in reasons for x in d21.reasons["ko"])
    # the effect: too few participants in this small world — said, not an error
    assert "효과 추정 없음: 참여자가" in page.split('id="effect"')[1]
    # a year without a run: '-' under '산출 없음'
    assert "산출 없음" in page
    assert "{{" not in page and "None" not in page


def test_the_office_sees_its_draft_year_and_english_is_english(graded, login):
    office = login("portfolio")
    page = office.get("/outcomes/programs/D/").content.decode()
    assert "2018–2022" in page and "산출(미공개)" in page
    office.cookies["django_language"] = "en"
    en = office.get("/outcomes/programs/D/?to=2021").content.decode()
    assert "Execution (%)" in en and "Grades and reasons" in en and "Outcome indicators" in en
    assert "집행률" not in en and "등급" not in en and "No effect estimate:" in en


def test_the_list_of_grades_over_five_years_and_the_workbook(graded, login):
    council = login("reviewer")
    page = council.get("/outcomes/history/").content.decode()
    table = page.split('id="history"')[1].split("</table>")[0]
    assert "/outcomes/programs/D/" in table and "/outcomes/programs/T/" in table
    d20 = Grade.objects.get(run=graded[2020], program__code="D")
    assert f"/outcomes/{graded[2020].pk}/grades/" in table and f"/outcomes/{graded[2021].pk}/grades/" in table
    assert "취업 50.0%" in table  # D's 2021 employment share under its grade
    only_t = council.get("/outcomes/history/?type=training").content.decode().split('id="history"')[1]
    assert "/outcomes/programs/T/" in only_t and "/outcomes/programs/D/" not in only_t
    r = council.get("/outcomes/history.xlsx?to=2021")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    head = rows[2]
    assert head[:4] == ("사업 코드", "사업명", "유형", "소관 부서") and "2021 집행률(%)" in head
    d = next(x for x in rows[3:] if x[0] == "D")
    assert d[head.index("2021 집행률(%)")] == 80.0 and d[head.index("2021 6개월 내 취업률(%)")] == 50.0
    assert d[head.index("2020 점수")] == (None if d20.score is None else float(d20.score))
    assert d[head.index("2017 등급")] is None  # no run: empty, not a word
    assert not any(isinstance(c, str) and c.startswith("=") for x in rows for c in x)


def test_a_district_officer_reads_only_its_programs(graded, login):
    district = login("district_officer", "GWANAK")
    table = district.get("/outcomes/history/").content.decode().split('id="history"')[1].split("</table>")[0]
    assert "/outcomes/programs/T/" in table and "/outcomes/programs/D/" not in table
    assert district.get("/outcomes/programs/D/").status_code == 404
    assert district.get("/outcomes/programs/T/").status_code == 200
    assert district.get("/outcomes/programs/%00/").status_code == 404
    assert district.get("/outcomes/history/?to=abc&q=x").status_code == 200
    assert district.get("/outcomes/history/?q=%00x").status_code == 400  # the shell's rule for NUL


def test_a_program_without_a_participant_list_says_so(graded, login):
    council = login("reviewer")
    run = graded[2021]
    page = council.get("/outcomes/programs/X/").content.decode()
    assert "효과 추정 없음: 2021년에 참여를 마친 사람이 이 사업의 참여자 명단(수혜 이력)에 없습니다." in page
    trace = council.get(f"/outcomes/{run.pk}/X/participants/").content.decode()
    assert "이 지표에 셈한 사람이 없습니다." in trace
    # a cost per participant lists its divisor, not a numerator
    cost = council.get(f"/outcomes/{run.pk}/D/cost_per_participant/").content.decode()
    assert "1인당 비용의 인원에 셈 7명" in cost and "분자에 셈" not in cost
