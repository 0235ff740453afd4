"""Publishing freezes a report: later corrections never change it, and the next edition says what changed."""

import copy
import shutil
import subprocess

import pytest

from iljari.audit.models import AuditEntry
from iljari.pledges.services import pledge_document, pledge_save
from iljari.pledges.tests.test_card import SEED
from iljari.reports.models import Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledge(actor, tree, codes):  # type: ignore[no-untyped-def]
    return pledge_save(actor=actor, data=copy.deepcopy(SEED))


def test_publish_correct_and_republish(login, pledge, client, actor):
    officer = login("district_officer", "GWANAK")
    resp = officer.post("/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "1-4", "as_of": "2024-03-31",
                                              "note": "2024년 1분기 공표"})
    first = Publication.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/public/{first.slug}/"
    assert first.figures["추진실적/총 이행률(%)"] == "61.0" and first.sequence == 1
    assert AuditEntry.objects.filter(object_type="reports.publication").count() == 1

    # a correction: indicator 1's result 4,278 -> 4,378 (as of the same date)
    doc = pledge_document(pledge)
    doc["indicators"][0]["results"] = [{"as_of": "2024-03-31", "value": 4378}]
    pledge_save(actor=actor, data=doc, reason="정정")

    public = client.get(f"/public/{first.slug}/").content.decode()  # anonymous, read-only, unchanged
    assert "4,278" in public and "4,378" not in public and "data-total-rate>61.0<" in public
    assert "82.3" in public

    officer.post("/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "1-4", "as_of": "2024-03-31"})
    second = Publication.objects.get(sequence=2)
    assert second.previous == first and second.slug != first.slug
    page = client.get(f"/public/{second.slug}/").content.decode()
    assert "4,378" in page and "data-total-rate>61.6<" in page  # 0.3 x 84.2 + ... = 61.62
    changes = {c["label"]: c for c in __import__("iljari.reports.services", fromlist=["compare"]).compare(second, first)}
    assert changes["추진실적/1. 참여인원/실적"] == {"label": "추진실적/1. 참여인원/실적", "before": "4278",
                                                "after": "4378", "change": "+100"}
    assert changes["추진실적/1. 참여인원/이행률(%)"]["before"] == "82.3"
    assert changes["추진실적/1. 참여인원/이행률(%)"]["after"] == "84.2"
    assert changes["추진실적/총 이행률(%)"]["change"] == "+0.6"
    assert len(changes) == 3
    assert "Changes since edition 1" in page or "1판 이후 바뀐 값" in page
    # the first edition still reads as it did
    assert "4,278" in client.get(f"/public/{first.slug}/").content.decode()


def test_only_the_owning_unit_or_the_portfolio_office_may_publish(login, pledge):
    assert login("district_officer", "ECON").post(
        "/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "1-4"}).status_code == 403
    assert login("reviewer").post("/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "1-4"}).status_code == 403
    assert login("portfolio").post("/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "1-4"}).status_code == 302
    assert login("portfolio", username="p2").post(
        "/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "9-9"}).status_code == 404
    assert Publication.objects.count() == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_published_pdf_is_the_frozen_content(login, pledge, client, actor, tmp_path):
    login("portfolio").post("/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "1-4", "as_of": "2024-03-31"})
    pub = Publication.objects.get()
    doc = pledge_document(pledge)
    doc["title"] = "바뀐 제목"
    pledge_save(actor=actor, data=doc)
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(client.get(f"/public/{pub.slug}/pdf/").content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "공공일자리 확대" in text and "바뀐 제목" not in text and "제1판" in text


def test_publishing_an_unknown_report_or_pledge_is_not_found(login, tree):
    """Builders raise the domain's NotFoundError (not Http404); every page answers it as a 404."""
    c = login("portfolio")
    assert c.post("/reports/publish/", {"confirm": "1", "kind": "no_such_kind", "subject": "x"}).status_code == 404
    assert c.post("/reports/publish/", {"confirm": "1", "kind": "pledge_card", "subject": "99-99"}).status_code == 404


def test_publishing_asks_first_and_says_what_becomes_public(pledge, login):
    from iljari.reports.models import Publication

    c = login("portfolio")
    ask = c.post("/reports/publish/", {"kind": "pledge_card", "subject": "1-4", "as_of": "2024-03-31",
                                       "note": "1분기"})
    page = ask.content.decode()
    assert ask.status_code == 200 and "공표하시겠습니까?" in page and "누구나 볼 수 있는 공개 주소" in page
    assert "고치거나 내릴 수 없습니다" in page and not Publication.objects.exists()
    done = c.post("/reports/publish/", {"kind": "pledge_card", "subject": "1-4", "as_of": "2024-03-31",
                                        "note": "1분기", "confirm": "1"})
    assert done.status_code == 302 and Publication.objects.get().note == "1분기"
