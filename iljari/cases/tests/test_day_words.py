"""A moment shown as a day is Seoul's day (docs/decisions/0011): an upload at 16:00 UTC is the next morning in
Seoul, and the subsidy panel must say so."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from iljari.cases.templatetags import case_words, subsidy_words


def test_a_moment_after_15_utc_is_the_next_day_in_seoul():
    uploaded = dt.datetime(2026, 11, 26, 16, 0, tzinfo=dt.UTC)  # 01:00 on 27 Nov in Seoul
    with translation.override("ko"):
        assert subsidy_words.day(uploaded) == "2026. 11. 27."
        assert subsidy_words.day(dt.date(2026, 11, 26)) == "2026. 11. 26."
        assert case_words.day(uploaded).startswith("2026. 11. 27")
    assert subsidy_words.day(None) == "-"
