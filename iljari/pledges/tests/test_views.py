"""The pledge card as a page, a PDF (rendered to PNG and read back as text) and an xlsx workbook."""

import copy
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from iljari.pledges.services import pledge_save

from .test_card import SEED

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


@pytest.fixture
def pledge(actor, tree, codes):  # type: ignore[no-untyped-def]
    return pledge_save(actor=actor, data=copy.deepcopy(SEED))


def test_the_card_page_shows_the_rates_and_the_seeds_own_inconsistency(login, pledge):
    c = login("district_officer", "GWANAK")
    page = c.get("/pledges/1-4/?as_of=2024-03-31").content.decode()
    for text in ("1-4 공공일자리 확대", "82.3", "38.5", "39.3", "74.0", "60.0", "data-total-rate>61.0<",
                 "34,034", "17,362", "■ 이행 후 지속추진", "자료 점검 (2건)", "2024년 분기별 목표"):
        assert text in page, text
    listing = c.get("/pledges/?as_of=2024-03-31").content.decode()
    assert "61.0" in listing and "34,034" in listing


def test_truncation_setting_changes_the_printed_rates(login, pledge):
    c = login("portfolio")
    page = c.get("/pledges/1-4/?as_of=2024-03-31&rounding=truncate").content.decode()
    assert "82.2" in page and "39.3" in page and "data-total-rate>61.0<" in page  # 82.269 -> 82.2


def test_other_units_get_404_and_users_without_a_role_403(login, make_user, pledge, client):
    assert login("district_officer", "ECON").get("/pledges/1-4/").status_code == 404
    assert "1-4" not in login("program_officer", "JOBPOL").get("/pledges/").content.decode()
    assert login("reviewer").get("/pledges/1-4/").status_code == 200
    nobody = make_user("nobody", role="reviewer")
    nobody.memberships.all().delete()
    client.force_login(nobody)
    assert client.get("/pledges/1-4/").status_code == 403


@needs_poppler
def test_the_pdf_is_a4_in_korean_and_renders(login, pledge, tmp_path):
    resp = login("portfolio").get("/pledges/1-4/?as_of=2024-03-31&format=pdf")
    assert resp["Content-Type"] == "application/pdf"
    pdf = tmp_path / "card.pdf"
    pdf.write_bytes(resp.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for t in ("공공일자리 확대", "총 이행률", "61.0", "82.3", "투자계획", "34,034", "(단위 : 백만원)", "주민 참여"):
        assert t in text, t
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and " yes " in fonts  # Korean font, embedded
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 10_000  # a page with content, not a blank one
    out = __import__("pathlib").Path("var/test-artifacts/pdf")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, out / "pledge_card_1-4.png")


def test_the_xlsx_has_the_cards_tables(login, pledge):
    resp = login("portfolio").get("/pledges/1-4/?as_of=2024-03-31&format=xlsx")
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["공약사업 카드", "투자계획·집행", "확인지표", "추진실적·주민참여"]
    cells = [[c for c in row] for row in wb["확인지표"].iter_rows(values_only=True)]
    total = next(r for r in cells if r[0] == "총 이행률(%)")
    assert total[6] == 61.0
    rates = [r[6] for r in cells if r[0] in {"1", "2", "3", "4", "5"} and isinstance(r[6], int | float)]
    assert rates == [82.3, 38.5, 39.3, 74.0, 60.0]
    plan = [r for r in wb["투자계획·집행"].iter_rows(values_only=True) if r and r[0] == "총계"]
    assert plan[0][:8] == ("총계", 34034, 34034, 5987, 6984, 7867, 8492, 4704) and plan[0][8] == "-"
    assert wb["확인지표"].cell(row=1, column=1).value == "공약달성 확인지표"


def test_the_owning_unit_updates_results_and_execution(login, make_user, pledge, client, tree):
    from iljari.audit.models import AuditEntry

    assert login("district_officer", "GWANAK").get("/pledges/1-4/update/").status_code == 403  # records only
    officer = make_user("gw-officer", role="program_officer", unit="GWANAK")
    client.force_login(officer)
    page = client.get("/pledges/1-4/update/?as_of=2024-06-30").content.decode()
    assert "4,278" in page and 'name="result-0"' in page
    bad = client.post("/pledges/1-4/update/", {"as_of": "2024-06-30", "version": pledge.version, "year": "2024",
                                               "result-0": "많음", "exec-city": "1,2x"})
    text = bad.content.decode()
    assert "숫자가 아닙니다: 많음" in text and "백만원 단위의 금액이 아닙니다: 1,2x" in text
    for year in ("abc", "0", "99999999999999999999"):  # a form error, never a server error
        r = client.post("/pledges/1-4/update/", {"as_of": "2024-06-30", "version": pledge.version, "year": year})
        assert r.status_code == 200 and "연도는 2000에서 2100 사이의 정수입니다" in r.content.decode()
    ok = client.post("/pledges/1-4/update/", {"as_of": "2024-06-30", "version": pledge.version, "year": "2024",
                                              "result-0": "4,900", "exec-city": "1,870", "exec-district": "610",
                                              "reason": "2분기"})
    assert ok.status_code == 302
    page = client.get("/pledges/1-4/?as_of=2024-06-30").content.decode()
    assert "4,900" in page and "94.2" in page  # 4,900 / 5,200
    entry = AuditEntry.objects.filter(object_type="pledges.pledge").latest("id")
    assert entry.reason == "2분기" and entry.actor == officer
    stale = client.post("/pledges/1-4/update/", {"as_of": "2024-06-30", "version": pledge.version, "year": "2024",
                                                 "result-1": "2,500"})
    assert "someone else" in stale.content.decode() or "다른 사용자" in stale.content.decode()
    assert login("program_officer", "JOBPOL").get("/pledges/1-4/update/").status_code == 404
