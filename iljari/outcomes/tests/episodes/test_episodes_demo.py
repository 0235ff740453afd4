"""The demo's employment episodes (iljari.demo.episodes): 관악구's 2021 public-jobs participants have outcomes one
can count — some in a private job within six months after their participation, some later, some never, public
employment apart — generated with a fixed seed and loaded once."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta

pytestmark = pytest.mark.django_db


def test_the_2021_participants_have_outcomes_loaded_once(make_program, actor):
    from iljari.demo.episodes import (
        COMPARISON_NAME,
        GENERATED,
        LINKAGE_NAME,
        TRAINEES,
        TRAINING,
        TRAINING_LINKAGE,
        linkage_rows,
        load_demo_episodes,
    )
    from iljari.outcomes.models import EmploymentEpisode, EpisodeImport
    from iljari.people.models import BenefitRecord, Person

    make_program("GA-PUBLIC-JOBS", owner="GWANAK-JOB", job_type="direct")
    make_program("GA-TRAINING-ACADEMY", owner="GWANAK-JOB", job_type="indirect", subtype="training")
    others = [Person.objects.create(name=f"비교{i}", source="list") for i in range(200)]  # the rest of the registry
    lines = load_demo_episodes(actor=actor)
    assert any(LINKAGE_NAME in line for line in lines) and any(COMPARISON_NAME in line for line in lines)
    records = list(BenefitRecord.objects.filter(program__code="GA-PUBLIC-JOBS", kind="paid", start__year=2021))
    assert len(records) == GENERATED
    within = later = never = 0
    for b in records:
        private = [e.start for e in EmploymentEpisode.objects.filter(person=b.person, private=True, start__gt=b.end)]
        if any(s <= b.end + relativedelta(months=6) for s in private):
            within += 1
        elif private:
            later += 1
        else:
            never += 1
    assert 0.2 < within / len(records) < 0.5 and later >= 3 and never >= 15, (within, later, never)
    public = EmploymentEpisode.objects.filter(private=False)
    assert public.exists() and all("공단" in e.employer_name for e in public)
    batch = EpisodeImport.objects.get(name=LINKAGE_NAME)
    assert batch.illustrative and batch.as_of.isoformat() == "2023-06-30"
    # the comparison file: the registry's other people, about one in five in a private job from 2021-2022
    compared = EmploymentEpisode.objects.filter(batch__name=COMPARISON_NAME)
    assert {e.person_id for e in compared} <= {p.pk for p in others}  # neither participants nor trainees
    # the training academy's 40 trainees of 2021, a few of whom find a job they keep
    trainees = BenefitRecord.objects.filter(program__code=TRAINING, kind="training", start__year=2021)
    assert trainees.count() == TRAINEES
    kept = EmploymentEpisode.objects.filter(batch__name=TRAINING_LINKAGE, private=True)
    assert 0 < kept.count() < TRAINEES / 2 and {e.person_id for e in kept} <= {b.person_id for b in trainees}
    started = compared.filter(private=True, start__year__in=(2021, 2022)).values("person").distinct().count()
    assert 20 <= started <= 60, started
    assert EmploymentEpisode.objects.filter(illustrative=False).count() == 0
    # loaded once; the same seed gives the same rows
    before = EmploymentEpisode.objects.count()
    load_demo_episodes(actor=actor)
    assert EmploymentEpisode.objects.count() == before and EpisodeImport.objects.count() == 3
    people = [{"key": f"P{b.person_id}", "start": b.start, "end": b.end} for b in records]
    assert linkage_rows(people) == linkage_rows(people)
