"""Issue 12, hole 4: four eyes on the month workflow — whoever submitted a month neither approves nor accepts it."""

import pytest

from iljari.core.errors import ServiceError
from iljari.ledger import workflow
from iljari.ledger.models import MonthSubmission

pytestmark = pytest.mark.django_db


def test_the_submitter_cannot_approve_or_accept_their_own_month(tree, make_user):
    hub = make_user("hub", "portfolio")  # may submit, approve and accept anywhere
    other = make_user("hub2", "portfolio")
    unit = tree["JOBPOL"]
    workflow.month_submit(actor=hub, unit=unit, year=2021, month=5)
    with pytest.raises(ServiceError) as e:
        workflow.month_approve(actor=hub, unit=unit, year=2021, month=5)
    assert e.value.status == 403
    p = e.value.problems[0]
    assert p.code == "same_person" and "제출한 사람" in p.message_ko and "submitted" in p.message_en
    assert MonthSubmission.objects.get().status == "submitted"
    workflow.month_approve(actor=other, unit=unit, year=2021, month=5)
    with pytest.raises(ServiceError) as e:
        workflow.month_accept(actor=hub, unit=unit, year=2021, month=5)
    assert e.value.problems[0].code == "same_person"
    workflow.month_accept(actor=other, unit=unit, year=2021, month=5)
    assert MonthSubmission.objects.get().status == "accepted"
