"""Issue 15's acceptance, across the slices: a counsellor's referral, placement and 6-month follow-up of one
seeker change the centre's monthly placement figure in the ledger and the seeker's retention status, and the audit
trail shows each step; the figures are recorded under the counsellor who acted."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.audit.models import AuditEntry
from iljari.employment.casework import follow_up_record, placement_record, referral_create, retention_status
from iljari.employment.derive import ledger_funnel
from iljari.employment.models import Centre, FollowUp
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db


def _placed(centre: Centre, year: int, as_of: dt.date) -> list[int | None]:
    return ledger_funnel([centre], year, as_of)[centre.pk]["people_placed"]


def test_referral_placement_and_follow_up_change_the_centres_figures(
        make_seeker, make_vacancy, make_user, centres, django_capture_on_commit_callbacks):
    counsellor = make_user("counsellor-gwanak", "district_officer", "GWANAK")
    centre = centres["GWANAK"]
    with django_capture_on_commit_callbacks(execute=True):  # as if committed: the funnel counts them
        seeker = make_seeker(name="이상담", birth_date=dt.date(1980, 4, 4), occupations=("56",),
                             registered_on=dt.date(2026, 2, 2))
        vacancy = make_vacancy(title="건물 청소원", occupation="56", posted_on=dt.date(2026, 3, 1),
                               deadline=dt.date(2026, 12, 31), wage=2_200_000)
    before = _placed(centre, 2026, dt.date(2026, 11, 25))
    assert retention_status(seeker).code == "none"

    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_create(actor=counsellor, seeker=seeker, vacancy=vacancy, referred_on=dt.date(2026, 3, 3))
    with django_capture_on_commit_callbacks(execute=True):
        placement = placement_record(actor=counsellor, seeker=seeker, referral=referral, placed_on=dt.date(2026, 3, 16),
                                     occupation=None, wage_type="monthly", wage=2_200_000, contract="permanent")
    after = _placed(centre, 2026, dt.date(2026, 11, 25))
    # March's running total of placements rose by one; February's did not move
    assert (after[2] or 0) == (before[2] or 0) + 1
    assert after[1] == before[1]
    assert retention_status(seeker).code == "unchecked"
    assert sorted(placement.follow_ups.values_list("months", flat=True)) == [1, 3, 6]

    six = FollowUp.objects.get(placement=placement, months=6)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_record(actor=counsellor, follow_up=six, version=six.version, done_on=dt.date(2026, 9, 20),
                         still_employed=True, same_employer=True, note="근무 중")
    status = retention_status(seeker)
    assert status.code == "kept" and status.months == 6 and "6개월" in status.ko

    # the audit trail: the referral, the placement, the follow-up — each by the counsellor
    trail = {(e.object_type, e.action) for e in AuditEntry.objects.filter(actor=counsellor)}
    assert {("employment.referral", "create"), ("employment.placement", "create"),
            ("employment.followup", "update")} <= trail, trail
    # and the March figure itself was written by the counsellor's change, as a derived value
    march = Fact.objects.filter(program=centre.program, org_unit=centre.org_unit, measure__code="people_placed",
                                period="2026-03").order_by("-id").first()
    assert march is not None and march.source == "derived" and march.recorded_by == counsellor
