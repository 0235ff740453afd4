"""What a new user met on the second walk (issue 13): each screen says things in words, in one language."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_council_member_gets_no_entry_link_on_the_quality_page_an_officer_does(portfolio_data, login, record):
    # 1,600 > 1.5 × 1,000: a violation on program A (일자리정책과)
    record(portfolio_data["A"], "job_result", "2021-06", 1600, "2021-06-20")
    url = "/quality/?year=2021&as_of=2021-06-30"
    council = login("reviewer").get(url).content.decode()
    officer = login("program_officer", "JOBPOL").get(url).content.decode()
    assert "/entry/?unit=JOBPOL" not in council  # reading only: the link would open a 403
    assert "/entry/?unit=JOBPOL" in officer


def test_the_pivot_says_its_filters_in_words(portfolio_data, login):
    page = login("admin").get("/pivot/?year=2021&as_of=2021-05-31&f_job_type=indirect&f_org=GWANAK-JOB")
    text = page.content.decode()
    assert page.status_code == 200
    assert "= indirect" not in text and "= GWANAK-JOB" not in text
    assert "유형: 간접일자리" in text or "유형: 간접" in text


def test_a_locked_month_says_why_in_the_pages_language(portfolio_data, login, tree, make_user):
    from iljari.ledger.workflow import month_submit

    officer = make_user("jobpol-officer", "program_officer", "JOBPOL")
    month_submit(actor=officer, unit=tree["JOBPOL"], year=2021, month=5)
    c = login("program_officer", "JOBPOL")
    ko = c.get("/entry/?unit=JOBPOL&month=2021-05").content.decode()
    assert "제출하여 잠겼습니다" in ko and "Submitted by" not in ko


def test_screening_and_selection_say_what_they_counted_in_the_audit_trail(login, make_program, actor):
    import datetime as dt

    from iljari.audit.describe import describe_changes
    from iljari.audit.models import AuditEntry
    from iljari.participants.models import EligibilityRule, RecruitmentRound
    from iljari.participants.services import application_apply, round_screen, round_select

    program = make_program("PW", owner="GWANAK-JOB")
    EligibilityRule.objects.create(program=program, kind="age_range", params={"min": 18}, label="만 18세 이상",
                                   valid_from=dt.date(2000, 1, 1))
    rnd = RecruitmentRound.objects.create(program=program, name="시험 회차", apply_from=dt.date(2021, 1, 1),
                                          apply_to=dt.date(2021, 1, 10), work_from=dt.date(2021, 2, 1),
                                          work_to=dt.date(2021, 6, 30), places=1)
    for n in range(2):
        application_apply(actor=actor, round=rnd, rrn=f"850101-1{n:06d}", channel="officer",
                          on=dt.date(2021, 1, 5), data={"name": f"신청자{n}", "district": "GWANAK"})
    round_screen(actor=actor, round=rnd)
    round_select(actor=actor, round=rnd)
    batches = AuditEntry.objects.filter(object_type="participants.application", action=AuditEntry.Action.IMPORT)
    texts = " | ".join(d.text("ko") for d in describe_changes(batches.order_by("id"), "ko"))
    assert "신규 0건, 변경 0건, 동일 0건" not in texts
    assert "신청서 수: 2" in texts and "선발: 1" in texts, texts


def test_monthly_entry_lists_the_programs_running_that_month_and_opens_where_there_is_work(login, make_program,
                                                                                           record):
    import datetime as dt

    from iljari.programs.models import Program

    done = make_program("DONE21", owner="JOBPOL")
    Program.objects.filter(pk=done.pk).update(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
    record(done, "job_result", "2021-05", 40, "2021-05-31")
    c = login("program_officer", "JOBPOL")
    later = c.get("/entry/?unit=JOBPOL&month=2025-03").content.decode()
    assert "DONE21" not in later  # ended in 2021: not offered for March 2025
    assert "DONE21" in c.get("/entry/?unit=JOBPOL&month=2021-05").content.decode()
    opened = c.get("/entry/?unit=JOBPOL")  # nothing runs now: the unit's latest month with figures
    assert "DONE21" in opened.content.decode() and 'value="2021-05"' in opened.content.decode()
