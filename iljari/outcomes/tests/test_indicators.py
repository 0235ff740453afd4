"""The indicator kinds: month arithmetic as dateutil does it, ages, words from parameters, checks of a definition,
and the command line."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from iljari.outcomes import indicators as ind

D = dt.date


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)), st.integers(-120, 120))
def test_add_months_is_relativedelta(day, months):
    got = ind.add_months(np.array([ind.day_number(day)]), months)[0]
    assert ind.day_of(int(got)) == ind.add_months_date(day, months)


@given(st.dates(min_value=D(1920, 1, 1), max_value=D(2010, 12, 31)), st.dates(min_value=D(2015, 1, 1),
                                                                                max_value=D(2030, 12, 31)))
def test_age_is_full_years(born, on):
    age = ind.age_on(np.array([born], dtype="datetime64[D]"), np.array([on], dtype="datetime64[D]"))[0]
    assert age == on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_words_follow_the_parameters():
    six = ind.words({"kind": "employed_within", "window_months": 6}, "ko")
    three = ind.words({"kind": "employed_within", "window_months": 3, "private_only": False}, "en")
    assert "6개월 안에 민간 일자리" in six
    assert "within 3 months" in three and "private" not in three
    assert "국민기초생활수급자·장애인" in ind.words({"kind": "vulnerable_share", "statuses": ["basic_livelihood", "disabled"]})


def test_a_definition_is_checked():
    assert [p.code for p in ind.validate({"kind": "nope"})] == ["unknown_kind"]
    problems = ind.validate({"kind": "employed_within", "window_months": 0, "private_only": "yes", "x": 1})
    assert {p.message_en.split(":")[0] for p in problems} == {"window (months)", "private-sector jobs only",
                                                               "not a parameter of this kind"}
    assert ind.validate({"kind": "cost_per", "per": "employed"}) == []
    assert ind.validate({"kind": "participants"}, applies_to="direct")  # a list of codes, not a string


@pytest.mark.django_db
def test_the_command_computes_prints_and_publishes(world):
    out = io.StringIO()
    call_command("outcomes", "--year", "2021", "--as-of", "2022-12-31", "--publish", stdout=out)
    text = out.getvalue()
    assert "확정·공개 / published" in text and "사업 / programs 4" in text
    assert "참여 후 6개월 내 취업률 / Employed within 6 months after participation" in text
    line = next(x for x in text.splitlines() if x.startswith("참여자 1인당 비용"))
    assert "11,428,571원" in line  # the median of D's (80,000,000 / 7) alone: X has no list, X2 and T no money
    with pytest.raises(CommandError, match="연도가 아닙니다"):
        call_command("outcomes", "--year", "1999", stdout=io.StringIO())


def test_the_command_grades_and_lists_the_sunset_review(world):
    import copy

    from iljari.outcomes.grading import scheme_install
    from iljari.outcomes.models import Grade, GradingScheme

    data = copy.deepcopy(scheme_install().data)
    data["sunset_floor"] = 95  # from 2022: every program scoring below 95 goes to the sunset review
    GradingScheme.objects.create(valid_from=dt.date(2022, 1, 1), data=data)
    out = io.StringIO()
    call_command("outcomes", "--year", "2021", "--as-of", "2022-12-31", "--grade", "--publish", stdout=out)
    text = out.getvalue()
    grades = Grade.objects.filter(run__status="published").select_related("program")
    assert grades.count() == 4
    counts = {k: grades.filter(grade=k).count() for k in ("excellent", "good", "improve", "cut")}
    assert (f"등급 / grades: 우수 / Excellent {counts['excellent']}, 양호 / Good {counts['good']}, "
            f"개선필요 / Needs improvement {counts['improve']}, 감액 / Cut {counts['cut']}, 등급 없음 / not graded "
            f"{4 - sum(counts.values())}") in text
    sunset = list(grades.filter(sunset=True).order_by("score"))
    assert len(sunset) == sum(counts.values())  # every graded program of this world scores below 95
    assert f"일몰 검토 대상 / sunset review: {len(sunset)}" in text
    listed = text.split("일몰 검토 대상 / sunset review:")[1]
    assert [line.split()[0] for line in listed.splitlines()[3:]] == [x.program.code for x in sunset]
    assert "점수 하한 미달" in listed
    out = io.StringIO()
    call_command("outcomes", "--year", "2021", "--as-of", "2021-12-31", "--grade", stdout=out)
    early = Grade.objects.filter(run__as_of=dt.date(2021, 12, 31)).select_related("program")
    # read in 2021: the 2021 scheme (floor 40); X2 (a direct job whose only figures are its participants' 35 of 100
    # points) is not graded for want of data, so nothing falls below the floor
    x2 = early.get(program__code="X2")
    assert x2.grade == "" and x2.score is None and x2.reasons["ko"][0].startswith("자료 부족: 값이 있는 지표의 배점이 35점")
    assert not early.filter(sunset=True).exists()
    assert "일몰 검토 대상 없음 / no program for a sunset review" in out.getvalue()
