"""Graded evaluation (issue 18 §4): the shipped scheme, a program's score and grade with reasons in words, the
sunset list, the proposed cut (the portfolio office's, audited, version-checked), frozen with a published run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.outcomes import grades as g
from iljari.outcomes.grading import grade_cut_set, grades_compute, scheme_install
from iljari.outcomes.models import Grade
from iljari.outcomes.runs import outcomes_run, run_publish

D = dt.date


def _in(code, value, minimum, higher=True, unit="percent"):
    return g.Input(code=code, name_ko={"employed_within": "참여 후 6개월 내 취업률"}.get(code, code), name_en=code,
                   unit=unit, value=None if value is None else Decimal(str(value)),
                   minimum=None if minimum is None else Decimal(str(minimum)), higher_is_better=higher)


def test_the_shipped_scheme_adds_to_100_per_type():
    assert g.validate(g.SCHEME_2021) == []
    bad = {**g.SCHEME_2021, "types": {"*": {"execution_rate": 90}}}
    assert g.validate(bad) == ["*: the weights do not add to 100"]


def test_score_below_the_standard_is_proportional_and_said_in_words():
    data = {**g.SCHEME_2021, "types": {"training": {"employed_within": 50, "execution_rate": 50}}}
    r = g.evaluate(data, ["training", "indirect"], {
        "employed_within": _in("employed_within", "12.3", "20"), "execution_rate": _in("execution_rate", 95, 90)})
    # 50 × 12.3/20 = 30.75 → 30.8, plus 50 at/above the standard
    assert r.score == Decimal("80.8") and r.grade == g.GOOD
    assert r.reasons_ko[0] == "최소 기준 미달: 참여 후 6개월 내 취업률 12.3% (기준 20.0%), 30.8/50점"
    assert r.reasons_ko[1].startswith("기준 충족: execution_rate 95.0% (기준 90.0%), 50.0/50점")
    assert r.points["employed_within"] == {"weight": 50.0, "value": 12.3, "minimum": 20.0, "points": 30.8}


def test_a_ceiling_a_missing_value_and_no_value_at_all():
    data = {**g.SCHEME_2021, "types": {"direct": {"repeat_participation": 40, "private_move": 60}},
            "min_coverage": 0}
    inputs = {"repeat_participation": _in("repeat_participation", 60, 30, higher=False),
              "private_move": _in("private_move", None, 15)}
    r = g.evaluate(data, ["direct"], inputs)
    # 40 × 30/60 = 20 of the 40 counted → 50.0; private_move left out
    assert r.score == Decimal("50.0") and r.grade == g.CUT
    assert any(x.startswith("산출 불가") for x in r.reasons_ko)
    none = g.evaluate(data, ["direct"], {})
    assert none.score is None and none.grade == ""
    # the shipped scheme asks that half the weight have a value: 40 of 100 is not enough to judge the program
    thin = g.evaluate({**data, "min_coverage": 50}, ["direct"], inputs)
    assert thin.score is None and thin.grade == ""
    assert thin.reasons_ko[0] == "자료 부족: 값이 있는 지표의 배점이 40점으로 50점에 못 미쳐 등급을 매기지 않았습니다"
    assert thin.reasons_en[0] == ("Not enough data: the indicators with a value carry 40 of the weight, less than 50; "
                                  "not graded")
    assert g.evaluate({**data, "min_coverage": 40}, ["direct"], inputs).grade == g.CUT  # exactly 40: enough
    assert g.validate({**g.SCHEME_2021, "min_coverage": 120}) == ["min_coverage must be between 0 and 100"]


def test_a_type_without_outcome_indicators_is_not_graded_on_its_spending():
    r = g.evaluate(g.SCHEME_2021, ["employment_subsidy", "indirect"],
                   {"execution_rate": _in("execution_rate", 17, 90)})
    assert r.score is None and r.grade == ""
    assert r.reasons_ko == ["이 사업 유형에 적용할 성과 지표가 등급 체계에 없어 등급을 매기지 않았습니다 (실적 평가는 사업 평가에서)"]


def test_bands_and_sunset():
    assert [g.grade_of(g.SCHEME_2021, Decimal(x)) for x in ("100", "95", "94.9", "80", "60", "59.9")] == [
        g.EXCELLENT, g.EXCELLENT, g.GOOD, g.GOOD, g.IMPROVE, g.CUT]
    assert g.sunset_of(g.SCHEME_2021, g.CUT, Decimal(55), g.CUT) == g.SUNSET_TWICE
    assert g.sunset_of(g.SCHEME_2021, g.CUT, Decimal(35), None) == g.SUNSET_FLOOR
    assert g.sunset_of(g.SCHEME_2021, g.CUT, Decimal(55), g.IMPROVE) == ""


@pytest.mark.django_db
def test_grades_of_a_run_stored_frozen_when_published_and_the_cut_edited(world, actor):
    scheme_install()
    run = outcomes_run(actor=actor, year=2021, as_of=D(2022, 12, 31))
    assert grades_compute(actor=actor, run=run) == Grade.objects.filter(run=run).count() > 0
    d = Grade.objects.get(run=run, program=world["programs"]["D"])
    assert d.score is not None and d.grade in g.GRADE_WORDS
    assert any("최소 기준 미달: 취약계층 참여 비율 28.6% (기준 50.0%)" in x for x in d.reasons["ko"])
    assert any("Below the minimum standard: Share of vulnerable participants 28.6%" in x for x in d.reasons["en"])
    assert (d.proposed_cut_percent == Decimal(10)) == (d.grade == g.CUT)
    # computing again replaces the grades, but keeps a cut the office set by hand with a reason
    t = Grade.objects.get(run=run, program=world["programs"]["T"])
    grade_cut_set(actor=actor, grade=t, percent="25", reason="의회 요구", version=t.version)
    grades_compute(actor=actor, run=run)
    assert Grade.objects.filter(run=run, program=world["programs"]["D"]).count() == 1
    t = Grade.objects.get(run=run, program=world["programs"]["T"])
    assert t.proposed_cut_percent == Decimal("25.0") and t.cut_reason == "의회 요구"
    run_publish(actor=actor, run=run)
    with pytest.raises(ServiceError) as e:
        grades_compute(actor=actor, run=run)
    assert "공개한 산출의 등급은 바꿀 수 없습니다" in e.value.text("ko")
    d = Grade.objects.get(run=run, program=world["programs"]["D"])
    with pytest.raises(ServiceError) as e:
        grade_cut_set(actor=actor, grade=d, percent="150", reason="")
    assert "0에서 100 사이" in e.value.text("ko") and "사유" in e.value.text("ko")
    grade_cut_set(actor=actor, grade=d, percent="15", reason="예산 조정", version=d.version)
    d.refresh_from_db()
    assert d.proposed_cut_percent == Decimal("15.0") and d.cut_reason == "예산 조정" and d.version == 2
    assert AuditEntry.objects.filter(object_type__icontains="grade").exists()
    with pytest.raises(ServiceError):  # a stale form
        grade_cut_set(actor=actor, grade=d, percent="5", reason="x", version=1)


@pytest.mark.django_db
def test_cut_twice_in_a_row_goes_to_the_sunset_review(world, actor):
    scheme_install()
    first = outcomes_run(actor=actor, year=2020, as_of=D(2021, 12, 31))
    grades_compute(actor=actor, run=first)
    run_publish(actor=actor, run=first)
    Grade.objects.filter(run=first).update(grade=g.CUT)  # as if 2020 had been graded 감액 for every program
    run = outcomes_run(actor=actor, year=2021, as_of=D(2022, 12, 31))
    grades_compute(actor=actor, run=run)
    for x in Grade.objects.filter(run=run, grade=g.CUT):
        assert x.sunset and x.sunset_reason in (g.SUNSET_TWICE, g.SUNSET_FLOOR)


@pytest.mark.django_db
def test_the_pages_the_office_grades_and_cuts_the_council_reads_and_downloads(world, actor, login):
    import io

    from openpyxl import load_workbook

    scheme_install()
    run = outcomes_run(actor=actor, year=2021, as_of=D(2022, 12, 31))
    office, council = login("portfolio"), login("reviewer")
    assert office.post(f"/outcomes/{run.pk}/grade/").status_code == 302
    page = office.get(f"/outcomes/{run.pk}/grades/").content.decode()
    assert "사업 D" in page and "최소 기준 미달: 취약계층 참여 비율 28.6% (기준 50.0%)" in page
    assert "등급 산정" in page and "바꾸기" in page
    assert council.get(f"/outcomes/{run.pk}/grades/").status_code == 404  # a draft is the office's
    assert council.post(f"/outcomes/{run.pk}/grade/").status_code == 403
    run_publish(actor=actor, run=run)
    assert "공개한 산출의 등급은 바꿀 수 없습니다" in office.post(f"/outcomes/{run.pk}/grade/", follow=True
                                                       ).content.decode()
    page = council.get(f"/outcomes/{run.pk}/grades/").content.decode()
    assert "최소 기준 미달: 취약계층 참여 비율 28.6% (기준 50.0%)" in page and "바꾸기" not in page
    assert council.get(f"/outcomes/{run.pk}/grades/D/cut/").status_code == 403
    assert "일몰 검토 점수 하한 40점" in page and "50점 이상일 때만 등급을 매김" in page
    sunset = council.get(f"/outcomes/{run.pk}/sunset/").content.decode()
    listed = Grade.objects.filter(run=run, sunset=True).count()
    counts = [int(x) for x in __import__("re").findall(r'\?grade=\w+">[^<]* (\d+)</a>', sunset)]
    assert len(counts) == 4 and sum(counts) == listed  # the bands count what the sunset list holds
    # the office proposes a cut with a reason
    form = office.get(f"/outcomes/{run.pk}/grades/D/cut/").content.decode()
    assert "다음 해 예산 감액률(%)" in form
    g_d = Grade.objects.get(run=run, program__code="D")
    r = office.post(f"/outcomes/{run.pk}/grades/D/cut/", {"proposed_cut_percent": "abc", "reason": "",
                                                          "version": g_d.version})
    assert "감액률이 숫자가 아닙니다" in r.content.decode() and "바꾸는 사유를 적으십시오" in r.content.decode()
    r = office.post(f"/outcomes/{run.pk}/grades/D/cut/", {"proposed_cut_percent": "20", "reason": "성과 미흡",
                                                          "version": g_d.version})
    assert r.status_code == 302
    assert "20%" in council.get(f"/outcomes/{run.pk}/grades/").content.decode()
    assert "성과 미흡" in council.get(f"/outcomes/{run.pk}/grades/").content.decode()  # the cut's reason beside it
    # a second tab still holding the old version: refused, and it shows what is stored now
    stale = office.post(f"/outcomes/{run.pk}/grades/D/cut/", {"proposed_cut_percent": "5", "reason": "다른 창",
                                                              "version": g_d.version}).content.decode()
    assert "지금 저장된 감액 제안: <strong>20%</strong> (성과 미흡)" in stale
    assert Grade.objects.get(pk=g_d.pk).proposed_cut_percent == 20
    # the evaluation report: numbers as numbers
    x = council.get(f"/outcomes/{run.pk}/grades.xlsx")
    ws = load_workbook(io.BytesIO(x.content)).active
    head = [c.value for c in ws[3]]
    assert head[:4] == ["사업 코드", "사업명", "유형", "소관 부서"] and "점수" in head and "감액 제안(%)" in head
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "D")
    assert row[head.index("감액 제안(%)")] == 20.0 and isinstance(row[head.index("점수")], float)
    # values as the pages show them: 28.6 (%) not 28.5714, 11,428,571 (won) whole; the header stays in view
    assert row[head.index("취약계층 참여 비율 (%)")] == 28.6 and row[head.index("참여자 1인당 비용 (원)")] == 11428571
    d_row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "D")
    assert d_row[head.index("취약계층 참여 비율 (%)")].number_format == "0.0"
    assert d_row[head.index("참여자 1인당 비용 (원)")].number_format == "#,##0"
    assert row[head.index("감액 제안 사유")] == "성과 미흡"
    assert ws.freeze_panes == "C4"
    assert not any(isinstance(v, str) and v.startswith("=") for r in ws.iter_rows(values_only=True) for v in r)
    # English pages in English
    council.cookies["django_language"] = "en"
    en = council.get(f"/outcomes/{run.pk}/grades/").content.decode()
    assert "Below the minimum standard: Share of vulnerable participants 28.6%" in en and "최소 기준" not in en


def test_a_new_scheme_applies_from_its_date_and_published_grades_stay(world, actor):
    """A stricter scheme from 2023-01-01 (excellent only from 99, a 20 % cut): a run read on 2022-12-31 is graded
    with the 2021 scheme, one read in 2023 with the new one; the published 2022 grades do not move."""
    import copy
    import datetime as dt

    from iljari.outcomes.grading import grades_compute, scheme_install
    from iljari.outcomes.models import Grade, GradingScheme
    from iljari.outcomes.runs import outcomes_run, run_publish

    old = scheme_install()
    before = outcomes_run(actor=actor, year=2021, as_of=dt.date(2022, 12, 31))
    grades_compute(actor=actor, run=before)
    run_publish(actor=actor, run=before)
    published = {x.program_id: (x.score, x.grade, x.scheme_id) for x in Grade.objects.filter(run=before)}
    data = copy.deepcopy(old.data)
    data["bands"] = [["excellent", 99], ["good", 98], ["improve", 97], ["cut", 0]]
    data["cut_percent"] = 20
    new = GradingScheme.objects.create(valid_from=dt.date(2023, 1, 1), data=data, note="stricter")
    after = outcomes_run(actor=actor, year=2021, as_of=dt.date(2023, 6, 30))
    grades_compute(actor=actor, run=after)
    assert {x.scheme_id for x in Grade.objects.filter(run=before)} == {old.pk}
    assert {x.scheme_id for x in Grade.objects.filter(run=after)} == {new.pk}
    assert {x.program_id: (x.score, x.grade, x.scheme_id) for x in Grade.objects.filter(run=before)} == published
    cut = [x for x in Grade.objects.filter(run=after) if x.grade == "cut"]
    assert cut and all(x.proposed_cut_percent == 20 for x in cut)
    # the same score graded by the new bands: below 97 is now 감액
    assert all(x.grade == "cut" for x in Grade.objects.filter(run=after) if x.score is not None and x.score < 97)
