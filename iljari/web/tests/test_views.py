"""Pages: who sees what (403 for a role that may not, 404 for another unit's object), entry, exports."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from iljari.audit.models import AuditEntry
from iljari.ledger.models import Fact

pytestmark = pytest.mark.django_db

Q = "?year=2021&as_of=2021-05-31"
PAGES = ["/", "/programs/", "/pivot/", "/orgs/", "/codes/", "/programs/A/"]


def test_anonymous_is_sent_to_login(portfolio_data):
    r = Client().get("/programs/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.parametrize("role,unit", [("admin", None), ("portfolio", None), ("reviewer", None),
                                       ("program_officer", "JOBPOL")])
@pytest.mark.parametrize("page", PAGES)
def test_reading_pages(portfolio_data, login, role, unit, page):
    assert login(role, unit).get(page + Q).status_code == 200


@pytest.mark.parametrize("role,unit,page", [
    ("reviewer", None, "/entry/"), ("program_officer", "JOBPOL", "/audit/"), ("portfolio", None, "/audit/"),
    ("district_officer", "GWANAK", "/audit/"),
])
def test_roles_without_the_action_get_403(portfolio_data, login, role, unit, page):
    assert login(role, unit).get(page).status_code == 403


def test_another_units_objects_are_not_found(portfolio_data, login):
    gwanak = login("district_officer", "GWANAK")
    assert gwanak.get("/programs/A/" + Q).status_code == 404
    assert gwanak.get("/programs/B/" + Q).status_code == 200
    assert gwanak.get("/entry/?unit=JOBPOL").status_code == 404
    assert gwanak.get("/?org=JOBPOL").status_code == 404
    assert gwanak.get("/pivot/?org=ECON").status_code == 404
    page = gwanak.get("/programs/" + Q).content.decode()
    assert "사업 B" in page and "사업 A" not in page
    # Their dashboard covers their district only.
    dash = gwanak.get("/" + Q).content.decode()
    assert ">200<" in dash and ">1,200<" not in dash


def test_dashboard_figures_and_links(portfolio_data, login):
    page = login("reviewer").get("/" + Q).content.decode()
    assert ">1,200<" in page and ">450<" in page and "37.5%" in page  # 450 / 1,200
    assert "/programs/?year=2021" in page and "f_job_type=direct" in page


def test_the_monthly_trend_names_its_months_in_words_in_both_languages(portfolio_data, login):
    import json
    import re

    def months(client):
        html = client.get("/" + Q).content.decode()
        data = re.search(r'<script id="chart-trend" type="application/json">(.*?)</script>', html, re.S)
        return json.loads(data.group(1))["categories"]

    c = login("reviewer")
    assert months(c)[:2] == ["1월", "2월"]
    c.cookies["django_language"] = "en"
    english = months(c)
    assert english[:2] == ["Jan", "Feb"] and not any(m.startswith("M0") for m in english)


def test_monthly_entry_saves_all_rows_once_and_is_audited(portfolio_data, login):
    c = login("program_officer", "JOBPOL")
    form = c.get("/entry/?unit=JOBPOL&month=2021-06").content.decode()
    a = portfolio_data["A"]
    assert f'name="result_{a.pk}"' in form
    assert ">400<" in form  # May's result shown beside June's field
    before = AuditEntry.objects.count()
    r = c.post("/entry/", {"unit": "JOBPOL", "month": "2021-06", f"result_{a.pk}": "520",
                           f"expenditure_{a.pk}": "1,200,000,000"})
    assert r.status_code == 200, r.content.decode()[:2000]
    assert Fact.objects.filter(program=a, period="2021-06").count() == 2
    # One row for the save as a whole and one per value with the value it replaced (none: new).
    assert AuditEntry.objects.count() == before + 3
    assert AuditEntry.objects.filter(object_type="ledger.fact", action="import").count() == 1
    dash = login("reviewer", username="council2").get("/?year=2021&as_of=2021-06-30").content.decode()
    assert ">570<" in dash  # 520 + B's 50


def test_monthly_entry_bad_values_save_nothing_and_name_the_field(portfolio_data, login):
    c = login("program_officer", "JOBPOL")
    a = portfolio_data["A"]
    r = c.post("/entry/", {"unit": "JOBPOL", "month": "2021-06", f"result_{a.pk}": "열두개",
                           f"expenditure_{a.pk}": "100"})
    assert r.status_code == 400
    body = r.content.decode()
    assert f'id="result_{a.pk}-error"' in body and "숫자가 아닙니다" in body
    assert not Fact.objects.filter(program=a, period="2021-06").exists()
    neg = c.post("/entry/", {"unit": "JOBPOL", "month": "2021-06", f"result_{a.pk}": "△5"})
    assert neg.status_code == 400 and f'id="result_{a.pk}-error"' in neg.content.decode()
    # a 23-digit number (was a 500: OverflowError) and a forged 30-digit version are field errors, not crashes
    huge = c.post("/entry/", {"unit": "JOBPOL", "month": "2021-06", f"result_{a.pk}": "1" * 23,
                              f"v_result_{a.pk}": "9" * 30})
    assert huge.status_code == 400 and "너무 큰 수입니다" in huge.content.decode()
    assert f'id="result_{a.pk}-error"' in huge.content.decode()
    assert not Fact.objects.filter(program=a, period="2021-06").exists()


def test_monthly_entry_refuses_a_stale_form(portfolio_data, login, record):
    c = login("program_officer", "JOBPOL")
    a = portfolio_data["A"]
    c.get("/entry/?unit=JOBPOL&month=2021-05")
    seen = Fact.objects.filter(program=a, period="2021-05", measure__code="job_result").latest("id").pk
    record(a, "job_result", "2021-05", 410, "2021-05-31", reason="someone else")
    r = c.post("/entry/", {"unit": "JOBPOL", "month": "2021-05", f"result_{a.pk}": "420",
                           f"v_result_{a.pk}": str(seen)})
    assert r.status_code == 400
    assert "다른 사용자가" in r.content.decode()
    assert Fact.objects.filter(program=a, period="2021-05", measure__code="job_result").latest("id").value == 410


def test_district_officer_cannot_post_for_another_unit(portfolio_data, login):
    a = portfolio_data["A"]
    r = login("district_officer", "GWANAK").post("/entry/", {"unit": "JOBPOL", "month": "2021-06",
                                                              f"result_{a.pk}": "1"})
    assert r.status_code == 404
    assert not Fact.objects.filter(program=a, period="2021-06").exists()


def test_program_list_filters_search_and_export(portfolio_data, login):
    c = login("reviewer")
    assert "사업 B" not in c.get("/programs/?job_type=direct").content.decode()
    assert "사업 A" in c.get("/programs/?q=사업을").content.decode()  # a Korean word with its particle
    assert "사업 A" not in c.get("/programs/?target_group=seniors").content.decode()
    x = c.get("/programs/" + Q + "&format=xlsx")
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws["A1"].value.startswith("일자리 사업 목록")
    codes = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert codes == ["A", "B"]
    csv = c.get("/programs/" + Q + "&format=csv").content.decode("utf-8-sig")
    assert "A,사업 A" in csv


def test_pivot_layout_drill_and_export(portfolio_data, login):
    c = login("reviewer")
    page = c.get("/pivot/" + Q + "&dim1=job_type&dim2=target_group").content.decode()
    assert "소계" in page and "계" in page
    assert "f_job_type=direct" in page and "dim1=target_group" in page
    x = c.get("/pivot/" + Q + "&dim1=job_type&dim2=target_group&format=xlsx")
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws["A2"].value.startswith("(단위 : ")
    assert ws["A4"].value == "계" and ws.freeze_panes == "C4"
    assert ws.page_setup.orientation == "landscape"


@pytest.mark.parametrize("url", ["/programs/" + Q, "/pivot/" + Q + "&dim1=program", "/orgs/", "/audit/",
                                 "/entry/?unit=JOBPOL&month=2021-05"])
def test_list_pages_do_not_grow_queries_with_rows(make_program, record, login, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login("admin", username="root")
    c.get(url)
    for i in range(3):
        p = make_program(f"X{i}", owner="JOBPOL", groups=("youth", "women"))
        record(p, "job_result", "2021-05", 10 + i, "2021-05-31")
    c.get(url)
    with CaptureQueriesContext(connection) as small:
        c.get(url)
    assert len(small.captured_queries) <= 30
    for i in range(3, 40):
        p = make_program(f"X{i}", owner="JOBPOL", groups=("youth", "women"))
        record(p, "job_result", "2021-05", 10 + i, "2021-05-31")
    c.get(url)
    with CaptureQueriesContext(connection) as large:
        c.get(url)
    assert len(large.captured_queries) <= len(small.captured_queries) + 2, [q["sql"] for q in large.captured_queries]


def test_security_headers_and_no_inline_script(portfolio_data, login):
    r = login("reviewer").get("/" + Q)
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    body = r.content.decode()
    import re

    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_english_is_a_switch_away(portfolio_data, login):
    c = login("reviewer")
    assert "사업" in c.get("/programs/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/programs/"})
    page = c.get("/programs/").content.decode()
    assert '<html lang="en">' in page and "Programs" in page and "Search" in page


def test_login_is_throttled_after_five_failures(make_user):
    make_user("kim", "reviewer", password="right-password")
    c = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(4):
        assert c.post("/login/", {"username": "kim", "password": "wrong"}).status_code == 200
    fifth = c.post("/login/", {"username": "kim", "password": "wrong"})
    assert fifth.status_code == 429 and "15분" in fifth.content.decode()
    locked = c.post("/login/", {"username": "kim", "password": "right-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in c.session
    ok = Client(REMOTE_ADDR="10.0.0.10").post("/login/", {"username": "kim", "password": "right-password"})
    assert ok.status_code == 302


def _program_form(p, **over):
    data = {"name_ko": p.name_ko, "name_en": "", "subtype": "", "policy_field": "public_jobs",
            "target_groups": ["youth"], "delivery_mode": "", "continuity": "", "start": "", "end": "",
            "status": "active", "legal_basis": "", "description": "", "contact": "", "reason": "",
            "version": p.version}
    data.update(over)
    return data


def test_program_edit_is_audited_once_and_checks_versions(portfolio_data, login):
    a = portfolio_data["A"]
    c = login("program_officer", "JOBPOL")
    before = AuditEntry.objects.filter(object_type="programs.program", object_id=str(a.pk)).count()
    r = c.post(f"/programs/{a.code}/edit/", _program_form(a, name_ko="서울형 청년 일자리", reason="명칭 변경"))
    assert r.status_code == 302
    entries = AuditEntry.objects.filter(object_type="programs.program", object_id=str(a.pk))
    assert entries.count() == before + 1
    e = entries.first()
    assert (e.source, e.reason, e.after["name_ko"]) == ("web", "명칭 변경", "서울형 청년 일자리")
    page = c.get(f"/programs/{a.code}/" + Q).content.decode()
    assert "서울형 청년 일자리" in page and "명칭 변경" in page  # the page shows its history
    stale = c.post(f"/programs/{a.code}/edit/", _program_form(a, name_ko="다른 이름"))  # version 1 again
    assert stale.status_code == 400 and "다른 사용자가 먼저" in stale.content.decode()


def test_program_edit_permissions(portfolio_data, login):
    a, b = portfolio_data["A"], portfolio_data["B"]
    assert login("program_officer", "GWANAK-JOB").get(f"/programs/{a.code}/edit/").status_code == 404
    assert login("district_officer", "GWANAK").get(f"/programs/{b.code}/edit/").status_code == 403
    assert login("reviewer").post(f"/programs/{a.code}/edit/", _program_form(a, name_ko="x")).status_code == 403


def test_administrator_edits_codes_and_org_units(portfolio_data, login, tree):
    c = login("admin", username="root2")
    r = c.post("/codes/edit/", {"list_name": "target_group", "code": "youth", "label_ko": "청년(19~39세)",
                                "label_en": "Youth", "sort_order": 1, "active": "on", "reason": "조례 개정"})
    assert r.status_code == 302
    assert AuditEntry.objects.filter(object_type="programs.code", reason="조례 개정").count() == 1
    r = c.post("/orgs/JOBPOL/", {"action": "rename", "rename-name_ko": "일자리정책관",
                                 "rename-effective": "2022-01-01", "rename-reason": "조직 개편"})
    assert r.status_code == 302
    assert AuditEntry.objects.filter(object_type="orgs.orgunit", reason="조직 개편").count() == 1
    assert login("portfolio").post("/orgs/JOBPOL/", {"action": "rename"}).status_code == 403


def test_cli_export_as_a_user_follows_the_same_policy(portfolio_data, make_user):
    import json

    from django.core.management import CommandError, call_command

    make_user("gw", "district_officer", "GWANAK")
    out = io.StringIO()
    call_command("rollup", "--year", "2021", "--as-of", "2021-05-31", "--as-user", "gw", "--format", "json",
                 stdout=out)
    assert json.loads(out.getvalue())["total"]["target"] == 200
    with pytest.raises(CommandError):
        call_command("rollup", "--year", "2021", "--as-user", "gw", "--org", "JOBPOL", stdout=io.StringIO())


def test_workbook_download_preview_and_confirm(portfolio_data, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login("program_officer", "JOBPOL")
    x = c.get("/entry/template/?unit=JOBPOL&month=2021-06")
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(x.content))
    wb["실적"]["F5"] = 480
    buf = io.BytesIO()
    wb.save(buf)
    preview = c.post("/entry/upload/", {"file": SimpleUploadedFile("jobpol.xlsx", buf.getvalue())})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "F5" in body and "480" in body
    assert not Fact.objects.filter(period="2021-06").exists()
    token = c.session["upload"]["token"]
    done = c.post("/entry/upload/", {"token": token})
    assert done.status_code == 200
    assert Fact.objects.get(period="2021-06", measure__code="job_result").value == 480
    assert login("district_officer", "GWANAK").get("/entry/template/?unit=JOBPOL&month=2021-06").status_code == 404


def test_submit_approve_accept_reopen(portfolio_data, login, make_user):
    from iljari.ledger.models import MonthSubmission

    a = portfolio_data["A"]
    team = login("program_officer", "JOBPOL", username="team")
    dept = login("program_officer", "ECON", username="dept")  # the office above JOBPOL
    hub = login("portfolio", username="hub")
    form = {"unit": "JOBPOL", "month": "2021-05"}
    assert team.post("/entry/workflow/", {**form, "action": "approve"}).status_code == 403  # not its own approver
    team.post("/entry/workflow/", {**form, "action": "submit"})
    assert MonthSubmission.objects.get().status == "submitted"
    page = team.get("/entry/?unit=JOBPOL&month=2021-05").content.decode()
    assert "잠겼습니다" in page and "재개방" in page and "readonly" in page
    r = team.post("/entry/", {**form, f"result_{a.pk}": "999"})
    assert r.status_code == 400 and "마감되어 입력할 수 없습니다" in r.content.decode()
    assert hub.post("/entry/workflow/", {**form, "action": "accept"}).status_code == 302  # refused: not approved
    assert MonthSubmission.objects.get().status == "submitted"
    dept.post("/entry/workflow/", {**form, "action": "approve"})
    hub.post("/entry/workflow/", {**form, "action": "accept"})
    assert MonthSubmission.objects.get().status == "accepted"
    hub.post("/entry/workflow/", {**form, "action": "reopen"})  # no reason: refused
    assert MonthSubmission.objects.get().status == "accepted"
    hub.post("/entry/workflow/", {**form, "action": "reopen", "reason": "감사 지적 정정"})
    assert MonthSubmission.objects.get().status == "reopened"
    seen = Fact.objects.filter(program=a, period="2021-05", measure__code="job_result").latest("id").pk
    assert team.post("/entry/", {**form, f"result_{a.pk}": "420", f"v_result_{a.pk}": seen}).status_code == 200
    trail = AuditEntry.objects.filter(object_type="ledger.monthsubmission").order_by("id")
    assert [e.after["status"] for e in trail] == ["submitted", "approved", "accepted", "reopened"]
    assert trail.last().reason == "감사 지적 정정"


def test_an_administrator_adds_a_code_from_the_page(login, codes):
    """The form names the list (a choice in Korean); it used to be a hidden field nobody filled: HTTP 400."""
    from iljari.programs.models import Code

    admin = login("admin")
    page = admin.get("/codes/edit/").content.decode()
    assert "코드 목록" in page and "일자리 유형" in page and 'type="hidden" name="list_name"' not in page
    r = admin.post("/codes/edit/", {"list_name": "target_group", "code": "youth_leaving_care",
                                    "label_ko": "자립준비청년", "sort_order": "90", "active": "on",
                                    "reason": "신규 대상"})
    assert r.status_code == 302
    assert Code.objects.get(list="target_group", code="youth_leaving_care").label_ko == "자립준비청년"
    bad = admin.post("/codes/edit/", {"list_name": "target_group", "code": "x", "label_ko": "x",
                                      "sort_order": "99999999999999999999"})
    assert bad.status_code == 400 and "32767" in bad.content.decode()


def test_a_dashboard_count_opens_exactly_the_programs_it_counted(portfolio_data, make_program, login):
    """계 2 opens 2 programs: not a program with no figures that year, as the whole registry would (issue 13)."""
    import re

    make_program("IDLE", owner="JOBPOL")  # registered, no figures in 2021
    c = login("portfolio")
    dash = c.get("/?year=2021&as_of=2021-05-31").content.decode()
    links = re.findall(r'href="(/programs/\?[^"]*counted=1[^"]*)"', dash)
    assert links
    listed = c.get(links[0].replace("&amp;", "&")).content.decode()
    assert "사업 A" in listed and "사업 B" in listed and "사업 IDLE" not in listed
    assert "사업 IDLE" in c.get("/programs/?year=2021&as_of=2021-05-31").content.decode()  # the registry has it


def test_statuses_and_actions_read_in_the_pages_language(portfolio_data, login):
    """'추진중 / active' on a Korean page was half English (issue 13): a Korean page shows the Korean word only."""
    c = login("admin")
    page = c.get("/programs/A/?year=2021&as_of=2021-05-31", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    status = portfolio_data["A"].get_status_display()
    ko, _sep, _en = status.partition(" / ")
    assert ko in page and status not in page
    audit = c.get("/audit/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "생성 / create" not in audit and "수정 / update" not in audit
    assert "실적·예산 값 · " in audit and "<td>ledger.fact · " not in audit  # what a row is about, in words
    orgs = c.get("/orgs/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "반올림" in orgs and "half_up" not in orgs


def test_a_program_page_opens_on_the_programs_own_latest_figures(portfolio_data, make_program, record, login):
    """Without a period in the address the page shows the program's latest year, not an empty newer one."""
    late = make_program("LATE", owner="JOBPOL")
    record(late, "job_target", "2023", 77_777, "2023-01-01")
    page = login("portfolio").get("/programs/A/").content.decode()
    # the page's year is A's 2021 (its report-text link names it), though LATE has figures for 2023
    assert "/programs/A/report-text/2021/" in page and "/report-text/2023/" not in page
