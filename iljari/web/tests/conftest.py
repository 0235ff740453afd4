import pytest


@pytest.fixture
def portfolio_data(make_program, record):
    """A (JOBPOL, youth), B (GWANAK-JOB, seniors) with 2021 targets and May results."""
    a = make_program("A", owner="JOBPOL", groups=("youth",))
    b = make_program("B", owner="GWANAK-JOB", job_type="indirect", subtype="training", groups=("seniors",),
                     policy_field="skills")
    record(a, "job_target", "2021", 1000, "2021-01-01")
    record(a, "job_result", "2021-04", 300, "2021-04-30")
    record(a, "job_result", "2021-05", 400, "2021-05-31")
    record(b, "job_target", "2021", 200, "2021-01-01")
    record(b, "job_result", "2021-05", 50, "2021-05-31")
    record(a, "budget", "2021", 5_000_000_000, "2021-01-01", source="city")
    return {"A": a, "B": b}


