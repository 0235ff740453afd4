from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iljari.core.dates import DateParseError, parse_date
from iljari.core.numbers import (
    AmountUnit,
    NumberParseError,
    Rounding,
    format_amount,
    format_count,
    format_percent,
    parse_number,
    rate,
    truncate_to,
)
from iljari.core.periods import Period, PeriodError


def test_seed_rates_half_up():
    assert format_percent(rate(176743, 187307)) == "94.4"
    assert format_percent(rate(101491, 205981)) == "49.3"
    assert format_percent(rate(278234, 393288)) == "70.7"
    assert format_percent(rate(1858, 3719)) == "50.0"


def test_truncate_differs_from_half_up():
    # 3,3/7 = 47.14..; 2/3 = 66.666..
    assert format_percent(rate(2, 3), Rounding.HALF_UP) == "66.7"
    assert format_percent(rate(2, 3), Rounding.TRUNCATE) == "66.6"


def test_none_is_dash_and_zero_is_zero():
    assert format_percent(rate(5, 0)) == "-"
    assert format_percent(rate(None, 5)) == "-"
    assert format_percent(rate(0, 5)) == "0.0"
    assert format_amount(None) == "-"
    assert format_amount(0) == "0"
    assert format_count(None) == "-"
    assert format_count(0) == "0"


def test_negative_marks():
    assert format_count(-806) == "△806"
    assert format_amount(-1_500_000, AmountUnit.MILLION) == "△2"
    assert format_amount(-1_400_000, AmountUnit.MILLION) == "△1"
    assert format_amount(-400_000, AmountUnit.MILLION) == "0"  # rounds to zero: no sign
    assert format_percent(Decimal("-3.25")) == "△3.3"


def test_units():
    won = 2_209_234_000_000
    assert format_amount(won, AmountUnit.MILLION) == "2,209,234"
    assert format_amount(won, AmountUnit.HUNDRED_MILLION) == "22,092"
    assert format_amount(won, AmountUnit.THOUSAND) == "2,209,234,000"
    assert format_amount(1234, AmountUnit.WON) == "1,234"
    assert format_amount(1_822_413_000_000, AmountUnit.HUNDRED_MILLION) == "18,224"
    assert format_amount(55_000_000, AmountUnit.HUNDRED_MILLION, Rounding.TRUNCATE) == "0"
    assert format_amount(55_000_000, AmountUnit.HUNDRED_MILLION, Rounding.HALF_UP) == "1"


def test_rounded_total_is_not_sum_of_rounded_parts():
    parts = [40_000_000, 40_000_000, 40_000_000]  # 0.4억 each
    assert [format_amount(p, AmountUnit.HUNDRED_MILLION) for p in parts] == ["0", "0", "0"]
    assert format_amount(sum(parts), AmountUnit.HUNDRED_MILLION) == "1"


def test_pay_truncation_below_10_won():
    assert truncate_to(57 * 9211) == 525_020


@pytest.mark.parametrize("text,value", [
    ("1,234", 1234), ("１２３４", 1234), ("△806", -806), ("▲5", -5), ("(1,000)", -1000), ("-12", -12),
    (" 7 ", 7), ("３，０００", 3000), ("1.5", Decimal("1.5")),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["-", "", "  "])
def test_parse_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2a", "1e5", "--5", "△", "1.2.3"])
def test_parse_number_rejects(text):
    with pytest.raises(NumberParseError):
        parse_number(text)


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_count_roundtrip(n):
    assert parse_number(format_count(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_truncate_never_exceeds_half_up(a, b):
    r = rate(a, b)
    t = Decimal(format_percent(r, Rounding.TRUNCATE).replace(",", ""))
    h = Decimal(format_percent(r, Rounding.HALF_UP).replace(",", ""))
    assert t <= h <= t + Decimal("0.1")


@pytest.mark.parametrize("text,iso", [
    ("2021-05-31", "2021-05-31"), ("2021.5.31", "2021-05-31"), ("2021. 5. 31.", "2021-05-31"),
    ("'21.5월말", "2021-05-31"), ("’21.5월말 기준", "2021-05-31"), ("2021년 5월 31일", "2021-05-31"),
    ("20210531", "2021-05-31"), ("'20.2월말", "2020-02-29"),
])
def test_dates(text, iso):
    assert parse_date(text).isoformat() == iso


@pytest.mark.parametrize("text", ["2021-02-30", "tomorrow", "21.5", "2021-13-01"])
def test_bad_dates(text):
    with pytest.raises(DateParseError):
        parse_date(text)


def test_periods():
    assert Period.parse("2021").end.isoformat() == "2021-12-31"
    assert Period.parse("2021H1").end.isoformat() == "2021-06-30"
    assert Period.parse("2021Q2").start.isoformat() == "2021-04-01"
    assert Period.parse("2021-05").end.isoformat() == "2021-05-31"
    assert Period.parse("202105").id == "2021-05"
    assert Period.parse("2021q3").label_ko == "2021년 3/4분기"
    for bad in ["2021Q5", "2021-13", "21", "2021H3", "abc"]:
        with pytest.raises(PeriodError):
            Period.parse(bad)
