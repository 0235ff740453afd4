"""The money tests' world: retention cases at the payment stage with screened months and accounts."""

from __future__ import annotations

import datetime as dt

import pytest

from iljari.cases.models import ClaimMonth, Organisation, PayeeAccount
from iljari.people.models import Person

D = dt.date


@pytest.fixture(name="paying")
def paying_world(case_world, make_case):  # type: ignore[no-untyped-def]
    """`make(district, months, person=None, employees=10, org=None)`: a retention case at the payment stage with
    screened months (500,000 won each) and the worker's account."""
    flow = case_world["flows"]["RETENTION-2021"]
    selected = flow.stages.get(code="selected")
    n = [0]

    def make(district: str = "GWANAK", months=(1, 2), person=None, employees: int = 10, org=None):  # type: ignore
        n[0] += 1
        org = org or Organisation.objects.create(name=f"사업장{n[0]}", employees=employees, sector="other",
                                                 district=case_world["units"][district])
        person = person or Person.objects.create(name=f"근로자{n[0]}", source="subsidy")
        case = make_case(district=district, organisation=org, person=person)
        case.stage = selected
        case.save(update_fields=["stage"])
        for m in months:
            year = 2020 if m >= 11 else 2021
            ClaimMonth.objects.create(case=case, month=D(year, m, 1), leave_days=10, eligible=True, amount=500_000)
        PayeeAccount.objects.create(case=case, payee="person", bank_code="004", account_number=f"1234567890{n[0]:02d}",
                                    holder=person.name)
        return case

    return {"flow": flow, "make": make, **case_world}
