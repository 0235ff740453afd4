"""The demo's outcome indicators (issue 18): 2021's run is published, with 관악구's public jobs' participants and
the list of those counted for the employment rate."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_2021_outcomes_with_the_public_jobs_traced(db, client, django_user_model):
    from iljari.access.services import membership_grant
    from iljari.orgs.models import OrgUnit
    from iljari.outcomes.models import OutcomeFigure, OutcomeRun

    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    run = OutcomeRun.objects.get(year=2021, status="published")
    figures = {f.indicator_version.indicator.code: f for f in OutcomeFigure.objects.filter(
        run=run, program__code="GA-PUBLIC-JOBS").select_related("indicator_version__indicator")}
    # the district's 2021 list (박순자, 김민준, 정미숙) and the 57 more the demo's episodes add (iljari/demo/episodes.py):
    # 23 of the 60 were in a private job within 6 months after their participation ended
    assert figures["participants"].value == 60
    assert (figures["employed_within"].numerator, figures["employed_within"].denominator) == (23, 60)
    # graded: the public jobs 양호, the training academy (few trainees in a job they keep) 감액 with a 10 % cut
    from iljari.outcomes.models import Grade

    grades = {x.program.code: x for x in Grade.objects.filter(run=run).exclude(grade="").select_related("program")}
    assert grades["GA-PUBLIC-JOBS"].grade == "good"
    academy = grades["GA-TRAINING-ACADEMY"]
    assert academy.grade == "cut" and academy.proposed_cut_percent == 10
    assert academy.reasons["ko"][0].startswith("최소 기준 미달: 참여 후 6개월 내 취업률 15.0% (기준 30.0%)")
    call_command("load-demo", "--no-users", stdout=io.StringIO(), stderr=io.StringIO())
    assert OutcomeRun.objects.count() == 1  # loading again computes nothing new
    officer = django_user_model.objects.create_user("gwanak-officer")
    membership_grant(actor=None, user=officer, role="district_officer", org_unit=OrgUnit.objects.get(code="GWANAK"))
    client.force_login(officer)
    page = client.get(f"/outcomes/{run.pk}/GA-PUBLIC-JOBS/employed_within/").content.decode()
    assert "박*자" in page and "참여 종료 2021. 6. 30." in page
