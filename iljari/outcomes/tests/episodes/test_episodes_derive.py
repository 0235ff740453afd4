"""Episodes from the job centres (outcomes.episodes): a placement is an episode at once, its follow-ups end it on
the last day someone was seen working there, a move elsewhere is an episode of its own; the derivation is
idempotent; direct-job participations never become episodes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from iljari.outcomes.episodes import episodes_derive, monthly_wage, wage_band_of
from iljari.outcomes.models import EmploymentEpisode

pytestmark = pytest.mark.django_db

PLACED = dt.date(2024, 3, 4)


@pytest.fixture
def placed(actor, make_seeker, make_employer, occ, django_capture_on_commit_callbacks):
    """A seeker placed on PLACED at a registered employer (monthly 2,300,000 won): the episode is derived once the
    placement commits."""
    from iljari.employment.casework import placement_record

    seeker = make_seeker(registered_on=dt.date(2024, 1, 2))
    employer = make_employer(name="㈜관악상사", business_number="1088112342")
    with django_capture_on_commit_callbacks(execute=True):
        p = placement_record(actor=actor, seeker=seeker, employer=employer, occupation=occ["02"], placed_on=PLACED,
                             wage_type="monthly", wage=2_300_000, contract="permanent", via="self")
    return p


def follow(actor, placement, months, still, same, capture):
    from iljari.employment.casework import follow_up_record

    f = placement.follow_ups.get(months=months)
    with capture(execute=True):
        follow_up_record(actor=actor, follow_up=f, version=f.version, done_on=f.due_on, still_employed=still,
                         same_employer=same)
    return f.due_on


def test_a_placement_is_an_episode_as_soon_as_it_is_recorded(placed):
    e = EmploymentEpisode.objects.get()
    assert (e.person_id, e.employer_name, e.business_number, e.start, e.end, e.known_until, e.wage_band, e.private,
            e.source, e.source_ref) == (placed.seeker.person_id, "㈜관악상사", "1088112342", PLACED, None, PLACED,
                                        "200", True, "placement", f"placement:{placed.pk}")


def test_follow_ups_keep_it_open_or_end_it_on_the_last_day_seen_working(placed, actor,
                                                                         django_capture_on_commit_callbacks):
    one = follow(actor, placed, 1, True, True, django_capture_on_commit_callbacks)
    e = EmploymentEpisode.objects.get()
    assert (e.end, e.known_until, e.version) == (None, one, 2)
    follow(actor, placed, 3, False, None, django_capture_on_commit_callbacks)
    e.refresh_from_db()
    assert (e.end, e.known_until) == (one, one)  # not the 3-month check's day: nobody saw them work after `one`


def test_a_move_to_another_employer_is_an_episode_of_its_own(placed, actor, django_capture_on_commit_callbacks):
    one = follow(actor, placed, 1, True, True, django_capture_on_commit_callbacks)
    three = follow(actor, placed, 3, True, False, django_capture_on_commit_callbacks)
    placement = EmploymentEpisode.objects.get(source_ref=f"placement:{placed.pk}")
    elsewhere = EmploymentEpisode.objects.get(source_ref=f"placement:{placed.pk}:elsewhere")
    assert (placement.end, elsewhere.start, elsewhere.end, elsewhere.known_until, elsewhere.employer_name,
            elsewhere.private) == (one, three, None, three, "", True)
    follow(actor, placed, 6, False, None, django_capture_on_commit_callbacks)
    elsewhere.refresh_from_db()
    assert elsewhere.end == three


def test_the_derivation_is_idempotent_and_follows_deletions(placed, actor):
    from iljari.audit.models import AuditEntry

    again = episodes_derive(actor=actor)
    assert (again.placements, again.created, again.changed, again.unchanged, again.removed) == (1, 0, 0, 1, 0)
    EmploymentEpisode.objects.all().delete()
    assert episodes_derive(actor=actor).created == 1  # lost episodes come back
    assert episodes_derive(actor=actor, since=timezone.localdate() + dt.timedelta(days=1)).placements == 0
    assert episodes_derive(actor=actor, since=PLACED).placements == 1
    placed.follow_ups.all().delete()
    type(placed).objects.filter(pk=placed.pk).delete()  # a bulk delete sends no signal: the full run notices
    assert episodes_derive(actor=actor).removed == 1 and not EmploymentEpisode.objects.exists()
    assert AuditEntry.objects.filter(object_type="outcomes.employmentepisode", action="delete").count() == 1


def test_a_deleted_placement_takes_its_episode_along(placed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        placed.follow_ups.all().delete()
        placed.delete()
    assert not EmploymentEpisode.objects.exists()


def test_direct_job_participations_never_become_episodes(world, actor, placed):
    from iljari.people.models import BenefitRecord

    assert BenefitRecord.objects.filter(program__job_type__code="direct").count() == 2
    episodes_derive(actor=actor)
    assert list(EmploymentEpisode.objects.values_list("source", flat=True)) == ["placement"]
    assert not EmploymentEpisode.objects.filter(person__in=[world["a"], world["b"]]).exists()


def test_a_wage_as_a_month_and_its_band():
    assert monthly_wage("monthly", 2_300_000) == 2_300_000
    assert monthly_wage("annual", 36_000_000) == 3_000_000
    assert monthly_wage("daily", 80_000) == 1_740_000
    assert monthly_wage("hourly", 9_860) == 9_860 * 209  # the minimum wage's month: 2,060,740
    assert monthly_wage("hourly", 10_000, 20) == round(10_000 * 24 * 365 / 7 / 12)  # with the weekly holiday
    assert monthly_wage("hourly", 10_000, 10) == round(10_000 * 10 * 365 / 7 / 12)  # under 15 hours: none
    assert [wage_band_of(w) for w in (None, 1_499_999, 1_500_000, 2_060_740, 2_500_000, 2_999_999, 3_000_000)] == [
        "", "u150", "150", "200", "250", "250", "300"]
