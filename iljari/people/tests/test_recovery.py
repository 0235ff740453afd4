"""Recovery of a confirmed double receipt: the ledger balances to the won; a payment above what is outstanding is
refused in Korean and English."""

from __future__ import annotations

import pytest
from django.utils import translation

from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.people.alerts import (
    alert_decide,
    alerts_refresh,
    outstanding,
    paid_back,
    recovery_payment_record,
    recovery_update,
)
from iljari.people.models import Alert

from .alerts_helpers import D, benefit, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tree, make_program, actor):
    gwanak = tree["GWANAK"]
    p = person("최민지", district=gwanak)
    benefit(p, make_program("SUB", owner="GWANAK-JOB"), gwanak, "subsidy", D(2021, 3, 1), D(2021, 4, 30),
            amount=1_000_000)
    benefit(p, make_program("PUB", owner="GWANAK-JOB"), gwanak, "paid", D(2021, 4, 1), D(2021, 6, 30))
    alerts_refresh(actor=actor, on=D(2021, 5, 1))
    alert = Alert.objects.get()
    assert alert.overlap_won == 500_000 and alert.overlap_months == 1  # April of two subsidy months
    return alert_decide(actor=actor, alert=alert, decision="confirmed", amount=450_000, version=alert.version
                        ).recovery


def test_the_proposed_amount_is_editable_and_the_balance_adds_up(case, actor):
    assert case.amount == 450_000
    recovery_payment_record(actor=actor, case=case, paid_on=D(2021, 7, 1), amount=150_000, version=case.version)
    case.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        recovery_update(actor=actor, case=case, amount=100_000, notice_date=D(2021, 6, 1), version=case.version)
    assert "150,000" in str(exc.value)
    recovery_update(actor=actor, case=case, amount=500_000, notice_date=D(2021, 6, 1), version=case.version,
                    reason="통지서 금액")
    case.refresh_from_db()
    assert paid_back(case) + outstanding(case) == case.amount == 500_000
    assert outstanding(case) == 350_000
    assert AuditEntry.objects.filter(object_type="people.recoverycase", reason="통지서 금액").exists()


def test_payment_above_outstanding_is_refused_in_both_languages(case, actor, login):
    with pytest.raises(ServiceError) as exc:
        recovery_payment_record(actor=actor, case=case, paid_on=D(2021, 7, 1), amount=450_001, version=case.version)
    p = exc.value.problems[0]
    assert "남은 환수액 450,000원" in p.message_ko and "450,000 won outstanding" in p.message_en
    page = login("district_officer", "GWANAK").post(
        f"/recoveries/{case.pk}/", {"form": "payment", "pay-paid_on": "2021-07-01", "pay-amount": "450001",
                                    "pay-version": case.version}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400 and "450,000 won outstanding" in page.content.decode()
    assert paid_back(case) == 0
    translation.activate("ko")


def test_stale_payment_is_a_conflict_and_lists_mask_names(case, login):
    officer = login("district_officer", "GWANAK")
    r = officer.post(f"/recoveries/{case.pk}/", {"form": "payment", "pay-paid_on": "2021-07-01",
                                                 "pay-amount": "1", "pay-version": case.version + 1})
    assert r.status_code == 409
    listing = officer.get("/recoveries/").content.decode()
    assert "최*지" in listing and "450,000" in listing
    assert login("reviewer").get("/recoveries/").status_code == 403
