"""Issue 12 on the pages: four eyes on the month workflow, the values in the monthly entry's audit rows, and no
redirect to another site after a duplicate decision."""

import pytest

from iljari.audit.models import AuditEntry
from iljari.ledger.models import Fact, MonthSubmission

pytestmark = pytest.mark.django_db


def test_the_page_tells_the_submitter_why_and_offers_no_approve_button(portfolio_data, login):
    hub = login("portfolio", username="hub")
    form = {"unit": "JOBPOL", "month": "2021-05"}
    hub.post("/entry/workflow/", {**form, "action": "submit"})
    page = hub.get("/entry/?unit=JOBPOL&month=2021-05").content.decode()
    assert 'value="approve"' not in page
    r = hub.post("/entry/workflow/", {**form, "action": "approve"}, follow=True)
    assert "제출한 사람은 그 달을 승인하거나 확정할 수 없습니다" in r.content.decode()
    assert MonthSubmission.objects.get().status == "submitted"
    other = login("portfolio", username="hub2")
    assert 'value="approve"' in other.get("/entry/?unit=JOBPOL&month=2021-05").content.decode()


def test_monthly_entry_audit_rows_hold_each_value_before_and_after(portfolio_data, login):
    a = portfolio_data["A"]
    c = login("program_officer", "JOBPOL")
    seen = Fact.objects.filter(program=a, period="2021-05", measure__code="job_result").latest("id").pk
    r = c.post("/entry/", {"unit": "JOBPOL", "month": "2021-05", f"result_{a.pk}": "450",
                           f"v_result_{a.pk}": str(seen), f"expenditure_{a.pk}": "1,200,000"})
    assert r.status_code == 200, r.content.decode()[:2000]
    rows = {e.after["measure"]: e for e in AuditEntry.objects.filter(
        object_type="ledger.fact", action__in=["create", "update"], actor_label="program_officer-JOBPOL")}
    assert len(rows) == 2
    assert (rows["job_result"].before["value"], rows["job_result"].after["value"]) == (400, 450)
    assert rows["expenditure"].before is None and rows["expenditure"].after["value"] == 1_200_000
    assert {e.source for e in rows.values()} == {"web"}
    # The audit page shows the change of the value, old and new.
    page = login("admin", username="root").get("/audit/?object_type=ledger.fact").content.decode()
    assert "400" in page and "450" in page


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/x", "https:/evil.example",
                                    "javascript:alert(1)"])
def test_a_decision_never_redirects_to_another_site(login, make_program, target):
    make_program("A", owner="JOBPOL")
    make_program("B", owner="GWANAK-JOB")
    r = login("portfolio").post("/duplicates/decide/", {"a": "A", "b": "B", "relation": "complementary",
                                                        "decision": "keep_both", "reason": "별개 사업", "next": target})
    assert r.status_code == 302
    assert r["Location"] == "/duplicates/"


def test_a_decision_returns_to_the_page_of_this_site_it_came_from(login, make_program):
    make_program("A", owner="JOBPOL")
    make_program("B", owner="GWANAK-JOB")
    r = login("portfolio").post("/duplicates/decide/", {"a": "A", "b": "B", "relation": "complementary",
                                                        "decision": "keep_both", "reason": "별개 사업",
                                                        "next": "/duplicates/?page=2"})
    assert r["Location"] == "/duplicates/?page=2"
