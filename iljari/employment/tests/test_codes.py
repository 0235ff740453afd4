import datetime as dt

import pytest

from iljari.employment.models import MinimumWage, Occupation

pytestmark = pytest.mark.django_db


def test_keco_major_and_middle_categories_are_shipped_as_a_tree():
    assert Occupation.objects.filter(level=1).count() == 10
    assert Occupation.objects.filter(level=2).count() == 35
    care = Occupation.objects.get(code="55")
    assert care.name_ko == "돌봄 서비스직(간병·육아)" and care.parent.code == "5"


def test_minimum_wage_is_dated():
    in_force = MinimumWage.objects.filter(valid_from__lte=dt.date(2018, 8, 20)).order_by("-valid_from").first()
    assert in_force.hourly == 7530


def test_shared_fixtures_make_a_small_world(make_seeker, make_vacancy):
    s = make_seeker(name="박중년", birth_date=dt.date(1968, 3, 2), occupations=("56",))
    v = make_vacancy(title="건물 청소원", occupation="56")
    assert s.person.source == "seeker" and v.centre.code == "GJC"
