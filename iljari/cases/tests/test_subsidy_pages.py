"""Subsidy pages (issue 17, slice "subsidy"): the desk's new-claim form, a claim's page and the case page's panel,
documents, the xlsx import of paper applications, and the applicants' pages (apply, status)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from openpyxl import Workbook, load_workbook

from iljari.cases.models import Case, Document
from iljari.cases.subsidy import claim_submit
from iljari.cases.subsidy_import import HEADER, claims_import, template_workbook
from iljari.core.errors import ServiceError

PDF = b"%PDF-1.4\n%\n"


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()  # the public forms' rate limit counts in the cache
    yield
    cache.clear()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def form_data(world, **changes):  # type: ignore[no-untyped-def]
    data = {"district": world["units"]["GWANAK"].pk, "applied_on": "2021-03-15", "firm_name": "관악식당",
            "business_number": "104-81-96087", "employees": "12", "sector": "restricted",
            "firm_address": "서울 관악구 관악로 1", "worker_name": "김근로", "worker_birth_date": "1990-05-01",
            "worker_phone": "010-1234-5678", "insured_until": "2021-04-30", "month_1": "2021-01", "days_1": "10",
            "month_2": "2021-02", "days_2": "8", "month_3": "", "days_3": ""}
    data.update(changes)
    return data


def make_claim(world, **kw):  # type: ignore[no-untyped-def]
    return claim_submit(actor=world["users"]["gwanak"], flow=world["flows"]["RETENTION-2021"],
                        district=world["units"]["GWANAK"],
                        firm={"name": "관악식당", "business_number": "1048196087", "employees": 12},
                        worker={"name": "김근로", "birth_date": dt.date(1990, 5, 1)},
                        months=kw.pop("months", [("2021-01", 10)]), insured_until=dt.date(2021, 4, 30), **kw)


# ------------------------------------------------------------------------------------------------ the desk


def test_new_claim_at_the_desk(case_world) -> None:
    c = client_for(case_world["users"]["gwanak"])
    url = "/cases/subsidy/RETENTION-2021/new/"
    page = c.get(url)
    assert page.status_code == 200 and "월 5일 이상 무급휴직" in page.content.decode()
    r = c.post(url, form_data(case_world))
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/subsidy/claims/{case.pk}/"
    text = c.get(r["Location"]).content.decode()
    assert case.reference in text and "1,000,000원" in text and "2021년 1월" in text
    assert "월 5일 이상 무급휴직: 1월 휴직 10일" in text and "무급휴직 확인서" in text  # a document still needed


def test_claim_page_in_english(case_world) -> None:
    case = make_claim(case_world, months=[("2021-01", 10), ("2020-12", 7)])
    c = client_for(case_world["users"]["gwanak"])
    c.cookies["django_language"] = "en"
    text = c.get(f"/cases/subsidy/claims/{case.pk}/").content.decode()
    assert "at least 5 days of unpaid leave a month: 10 days of leave in January" in text
    assert "₩1,000,000" in text and "January 2021" in text and "December 2020" in text
    assert "무급휴직" not in text and "원" not in text.replace("관악식당", "")


def test_four_days_in_january_shown_beside_the_field(case_world) -> None:
    c = client_for(case_world["users"]["gwanak"])
    r = c.post("/cases/subsidy/RETENTION-2021/new/", form_data(case_world, days_1="4"))
    text = r.content.decode()
    assert r.status_code == 400 and "월 5일 이상 무급휴직: 1월 휴직 4일" in text
    assert not Case.objects.exists()
    with_en = client_for(case_world["users"]["gwanak"])
    with_en.cookies["django_language"] = "en"
    r = with_en.post("/cases/subsidy/RETENTION-2021/new/", form_data(case_world, days_1="4"))
    assert "at least 5 days of unpaid leave a month: 4 days of leave in January" in r.content.decode()


def test_who_may_receive(case_world, make_user) -> None:
    reviewer = make_user("rev", "reviewer")
    assert client_for(reviewer).get("/cases/subsidy/RETENTION-2021/new/").status_code == 403
    # the city receives for any district; a district officer only for theirs
    city = client_for(case_world["users"]["city"]).get("/cases/subsidy/RETENTION-2021/new/").content.decode()
    assert "영등포구" in city and "관악구" in city
    own = client_for(case_world["users"]["gwanak"]).get("/cases/subsidy/RETENTION-2021/new/").content.decode()
    assert "영등포구" not in own
    r = client_for(case_world["users"]["gwanak"]).post("/cases/subsidy/RETENTION-2021/new/",
                                                       form_data(case_world, district=case_world["units"]["YDP"].pk))
    assert r.status_code == 400 and not Case.objects.exists()


def test_panel_registered_for_the_case_page(case_world) -> None:
    from iljari.cases.panels import panels_for

    case = make_claim(case_world)
    request = RequestFactory().get("/")
    request.user = case_world["users"]["gwanak"]
    found = dict(panels_for(request, case))
    assert "cases/panels/subsidy.html" in found and found["cases/panels/subsidy.html"]["total"] == 500_000


# ------------------------------------------------------------------------------------------------ documents


def test_document_upload_and_download(case_world) -> None:
    case = make_claim(case_world)
    c = client_for(case_world["users"]["gwanak"])
    r = c.post(f"/cases/subsidy/claims/{case.pk}/documents/",
               {"doc_type": "leave_proof", "file": SimpleUploadedFile("확인서.pdf", PDF)})
    assert r.status_code == 302
    doc = Document.objects.get()
    got = c.get(f"/cases/subsidy/documents/{doc.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert "attachment" in got["Content-Disposition"] and got["X-Content-Type-Options"] == "nosniff"
    # another district's officer: not found; a file that lies about its type: refused, named
    assert client_for(case_world["users"]["ydp"]).get(f"/cases/subsidy/documents/{doc.pk}/").status_code == 404
    bad = c.post(f"/cases/subsidy/claims/{case.pk}/documents/",
                 {"doc_type": "leave_proof", "file": SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n....")})
    assert bad.status_code == 400 and "): 내용이 PDF 파일이 아닙니다" in bad.content.decode()
    assert client_for(case_world["users"]["ydp"]).post(
        f"/cases/subsidy/claims/{case.pk}/documents/",
        {"doc_type": "leave_proof", "file": SimpleUploadedFile("y.pdf", PDF)}).status_code == 404
    assert Document.objects.count() == 1


# ------------------------------------------------------------------------------------------------ import


def workbook(rows: list[list]) -> bytes:  # type: ignore[type-arg]
    wb = Workbook()
    ws = wb.active
    ws.title = "신청"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ROW = ["2021-03-15", "104-81-96087", "관악식당", 12, "영업제한", "서울 관악구 관악로 1", "김근로", "1990-05-01", "",
       "010-1", "2021-04-30", "2021-01", 10, "2021-02", 8, "", ""]


def test_template_has_the_header() -> None:
    ws = load_workbook(io.BytesIO(template_workbook())).active
    assert [c.value for c in ws[1]] == HEADER


def test_import_all_or_nothing_every_problem_named(case_world) -> None:
    flow, gwanak = case_world["flows"]["RETENTION-2021"], case_world["units"]["GWANAK"]
    row2 = [*ROW]
    row2[6], row2[12] = "박근로", 4  # four days in January
    row3 = [*ROW]
    row3[6], row3[3] = "이근로", "=1+1"  # a formula
    row4 = [*ROW]
    row4[6], row4[1] = "최근로", "1048196086"  # a bad check digit
    with pytest.raises(ServiceError) as e:
        claims_import(actor=case_world["users"]["gwanak"], flow=flow, district=gwanak,
                      data=workbook([ROW, row2, row3, row4]))
    texts = [p.message_ko for p in e.value.problems]
    assert any(t.startswith("'신청' 시트 M3 (휴직일수 1):") and "월 5일 이상 무급휴직: 1월 휴직 4일" in t for t in texts)
    assert any(t.startswith("'신청' 시트 D4") and "수식" in t for t in texts)
    assert any(t.startswith("'신청' 시트 B5 (사업자등록번호)") for t in texts)
    assert any("sheet '신청', M3 (leave days 1)" in p.message_en for p in e.value.problems)
    assert not Case.objects.exists()  # the good first row is not kept either
    report = claims_import(actor=case_world["users"]["gwanak"], flow=flow, district=gwanak,
                           data=workbook([ROW, [*ROW[:6], "박근로", *ROW[7:]]]))
    assert (report.cases, report.months, report.amount) == (2, 4, 2_000_000)
    assert set(Case.objects.values_list("channel", flat=True)) == {"import"}


def test_import_page_preview_then_import(case_world) -> None:
    c = client_for(case_world["users"]["gwanak"])
    url = "/cases/subsidy/RETENTION-2021/import/"
    assert c.get(url).status_code == 200
    assert c.get("/cases/subsidy/import/template/")["Content-Type"].startswith("application/vnd.openxml")
    data = workbook([ROW])
    r = c.post(url, {"district": case_world["units"]["GWANAK"].pk,
                     "file": SimpleUploadedFile("claims.xlsx", data)})
    text = r.content.decode()
    assert r.status_code == 200 and "1,000,000원" in text and not Case.objects.exists()
    digest = re.search(r'name="confirm" value="([0-9a-f]{64})"', text)[1]  # type: ignore[index]
    r = c.post(url, {"district": case_world["units"]["GWANAK"].pk, "confirm": digest, "file_name": "claims.xlsx"})
    assert r.status_code == 200 and Case.objects.count() == 1
    r = c.post(url, {"district": case_world["units"]["GWANAK"].pk, "confirm": digest})  # used up
    assert r.status_code == 400 and Case.objects.count() == 1


def test_cli_import(case_world, tmp_path, capsys) -> None:
    from django.core.management import call_command

    path = tmp_path / "claims.xlsx"
    path.write_bytes(workbook([ROW]))
    call_command("cases-import", str(path), flow="RETENTION-2021", district="GWANAK")
    assert "1건" in capsys.readouterr().out and Case.objects.count() == 1


# ------------------------------------------------------------------------------------------------ public


def public_data(world, **changes):  # type: ignore[no-untyped-def]
    data = form_data(world, **{"consent": "on", "website": "", **changes})
    data.pop("applied_on")
    return data


def test_public_page_in_words_from_the_rules(case_world) -> None:
    text = Client().get("/grants/subsidies/RETENTION-2021/").content.decode()
    assert "월 5일 이상 무급휴직" in text and "50인 미만 기업" in text and "월 지원액 500,000원" in text
    assert Client().get("/grants/subsidies/VILLAGE-ENT/").status_code == 404


def test_apply_then_status(case_world) -> None:
    c = Client()
    assert c.get("/grants/subsidies/RETENTION-2021/apply/").status_code == 200
    r = c.post("/grants/subsidies/RETENTION-2021/apply/", public_data(case_world))
    text = r.content.decode()
    assert r.status_code == 200
    case = Case.objects.get()
    assert case.channel == "public" and case.reference in text
    code = re.findall(r'class="receipt-code">([^<]+)<', text)[1]
    assert code not in case.applicant_token and len(case.applicant_token) == 64  # only the hash is kept
    r = c.post("/grants/status/", {"reference": case.reference, "code": code.lower()})
    status = r.content.decode()
    assert r.status_code == 200 and "신청 접수" in status and "김근로" not in status and "관악식당" not in status
    r = c.post("/grants/status/", {"reference": case.reference, "code": "WRONG123"})
    assert r.status_code == 404 and "신청 접수" not in r.content.decode()


def test_apply_refused_without_consent_and_for_four_days(case_world) -> None:
    c = Client()
    r = c.post("/grants/subsidies/RETENTION-2021/apply/", public_data(case_world, consent=""))
    assert r.status_code == 400
    r = c.post("/grants/subsidies/RETENTION-2021/apply/", public_data(case_world, days_1="4"))
    assert r.status_code == 400 and "월 5일 이상 무급휴직: 1월 휴직 4일" in r.content.decode()
    assert not Case.objects.exists()


def test_apply_with_documents_kept_or_the_whole_claim_refused(case_world) -> None:
    c = Client()
    form = c.get("/grants/subsidies/RETENTION-2021/apply/").content.decode()
    assert 'enctype="multipart/form-data"' in form and "무급휴직 확인서" in form and "PDF, JPG, JPEG, PNG 파일" in form
    # a file that is not what its name says: nothing saved, the document and the reason named
    bad = public_data(case_world, doc_leave_proof=SimpleUploadedFile("휴직.pdf", b"MZ\x90\x00 not a pdf"))
    r = c.post("/grants/subsidies/RETENTION-2021/apply/", bad)
    assert r.status_code == 400 and "무급휴직 확인서(휴직.pdf): 내용이 PDF 파일이 아닙니다" in r.content.decode()
    assert not Case.objects.exists() and not Document.objects.exists()
    good = public_data(case_world, doc_leave_proof=SimpleUploadedFile("휴직.pdf", PDF),
                       doc_bank_account=SimpleUploadedFile("통장.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20))
    r = c.post("/grants/subsidies/RETENTION-2021/apply/", good)
    assert r.status_code == 200
    case = Case.objects.get()
    assert sorted(case.documents.values_list("doc_type", flat=True)) == ["bank_account", "leave_proof"]
    # the officer's case page lists them, and its history names the files
    page = client_for(case_world["users"]["gwanak"]).get(f"/cases/{case.reference}/").content.decode()
    assert "휴직.pdf" in page and "통장.png" in page


def test_honeypot_and_rate_limit(case_world) -> None:
    c = Client()
    r = c.post("/grants/subsidies/RETENTION-2021/apply/", public_data(case_world, website="http://spam"))
    assert r.status_code == 200 and not Case.objects.exists()
    for _ in range(25):
        r = c.post("/grants/status/", {"reference": "x", "code": "y"})
    assert r.status_code == 429


def test_import_refuses_what_is_not_the_template(case_world) -> None:
    flow, gwanak = case_world["flows"]["RETENTION-2021"], case_world["units"]["GWANAK"]
    for data, words in ((b"%PDF-1.4 not a workbook", "xlsx"), (workbook([]), "가져올 행이 없습니다")):
        with pytest.raises(ServiceError) as e:
            claims_import(actor=case_world["users"]["gwanak"], flow=flow, district=gwanak, data=data)
        assert words in e.value.problems[0].message_ko
    wb = Workbook()
    wb.active.title = "신청"
    wb.active.append(["성명", "생년월일"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ServiceError) as e:
        claims_import(actor=case_world["users"]["gwanak"], flow=flow, district=gwanak, data=out.getvalue())
    assert e.value.problems[0].cell == "A1" and "머리글" in e.value.problems[0].message_ko
    c = client_for(case_world["users"]["gwanak"])
    r = c.post("/cases/subsidy/RETENTION-2021/import/", {"district": gwanak.pk,
                                                          "file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert r.status_code == 400 and "xlsx" in r.content.decode() and not Case.objects.exists()


def test_public_refusal_names_no_one_else(case_world) -> None:
    first = make_claim(case_world)  # 김근로, January, at 관악식당
    r = Client().post("/grants/subsidies/RETENTION-2021/apply/", public_data(
        case_world, firm_name="신림분식", business_number="220-81-62517", month_2="", days_2=""))
    text = r.content.decode()
    assert r.status_code == 400 and "이 근로자의 같은 달 신청이 이미 있습니다" in text
    assert first.reference not in text and "관악식당" not in text
    r = Client().post("/grants/subsidies/RETENTION-2021/apply/", public_data(
        case_world, firm_name="다른회사", worker_name="박근로", month_2="", days_2=""))
    assert "다른 사업장명으로 등록" in r.content.decode() and "관악식당" not in r.content.decode()


def test_desk_form_with_resident_number_only(case_world) -> None:
    from iljari.people.models import Person

    c = client_for(case_world["users"]["gwanak"])
    r = c.post("/cases/subsidy/RETENTION-2021/new/", form_data(case_world, worker_birth_date="",
                                                               worker_rrn="900501-1234567"))
    assert r.status_code == 302
    person = Person.objects.get(source="subsidy")
    assert person.birth_date == dt.date(1990, 5, 1) and len(person.rrn_hash) == 64
    r = c.post("/cases/subsidy/RETENTION-2021/new/", form_data(case_world, worker_birth_date="", worker_rrn=""))
    assert r.status_code == 400 and "주민등록번호" in r.content.decode()
