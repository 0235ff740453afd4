"""The employment episodes' pages: the import (upload -> problems or a preview -> import), the list of imports, the
sample file, and the "고용 이력" section of a person's page — what an officer sees, in one language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from iljari.outcomes.models import EmploymentEpisode, EpisodeImport

from .conftest import RRN_A, csv_bytes

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, data: bytes, action: str, name: str = "linkage.csv", **fields):
    return client.post("/episodes/imports/new/", {"file": SimpleUploadedFile(name, data, "text/csv"),
                                                 "kind": "insurance", "action": action, **fields})


def text(r) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.content.decode()))


BAD = [[RRN_A, "㈜관악돌봄", "108-81-12342", "2021-09-01", "", "150", "Y"],
       ["P999999", "봉천마트", "220-81-35790", "2021-09-01", "2021-08-01", "월 백만원", "네"]]


def test_an_upload_with_problems_lists_each_by_line_and_column_and_saves_nothing(world, login):
    c = login("portfolio")
    r = upload(c, csv_bytes(BAD), "preview")
    assert r.status_code == 400
    page = text(r)
    assert "반입하지 않았습니다: 문제 5건" in page
    for words in ("3행: 개인키(A3): 이 개인키의 사람이 없습니다 (P999999)", "3행: 사업자등록번호(C3): 사업자등록번호가 올바르지",
                  "3행: 종료일(E3): 종료일(2021.08.01)이 시작일(2021.09.01)보다 앞섭니다", "3행: 임금구간(F3)",
                  "3행: 민간여부(G3): 민간여부는 Y 또는 N입니다"):
        assert words in page, words
    assert "line 3" not in page and not EpisodeImport.objects.exists()
    r = upload(english(login("portfolio", username="portfolio-en")), csv_bytes(BAD), "import")
    page = text(r)
    assert r.status_code == 400 and "Nothing was imported: 5 problems." in page
    assert "line 3: person key (A3): no person has this person key (P999999)" in page
    assert "line 3: end (E3): the end (2021-08-01) is before the start (2021-09-01)" in page
    assert "3행" not in page and not EmploymentEpisode.objects.exists()


def test_check_then_import_then_the_list(world, login):
    c = login("portfolio")
    data = csv_bytes([*BAD[:1], [RRN_A, "㈜관악돌봄", "108-81-12342", "2020-01-02", "2020-12-31", "u150", "Y"]])
    r = upload(c, data, "preview", source="고용보험 DB 연계 2023-06", as_of="2023-06-30")
    page = text(r)
    assert r.status_code == 200 and "확인 결과 (아직 저장하지 않았습니다)" in page
    assert "박*자 (#" in page and "108-81-12342" in page and "2021.09.01 ~ (재직, 2023.06.30 기준)" in page
    assert "2020.01.02 ~ 2020.12.31" in page and "월 150만원 미만" in page
    assert not EpisodeImport.objects.exists()
    r = upload(c, data, "import", source="고용보험 DB 연계 2023-06", as_of="2023-06-30")
    assert r.status_code == 302 and r["Location"] == "/episodes/imports/"
    page = text(c.get("/episodes/imports/"))
    assert "2행을 반입했습니다: 새 이력 2건" in page
    assert "linkage.csv" in page and "고용보험 DB 연계 2023-06" in page and "2023.06.30" in page
    assert EmploymentEpisode.objects.filter(person=world["a"]).count() == 2
    r = upload(c, data, "import")  # the same file again
    assert r.status_code == 400 and "이미 반입했습니다" in text(r)


def test_the_sample_file_is_the_layout_and_imports_as_it_is(world, login, actor):
    from iljari.outcomes.episode_import import episodes_import

    c = login("portfolio")
    r = c.get("/episodes/imports/sample/")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    data = r.content
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").splitlines()[0] == \
        "개인키,사업장명,사업자등록번호,시작일,종료일,임금구간,민간여부"
    # the persons it names (the demo's made-up resident numbers) exist here: it imports without a problem
    result = episodes_import(actor=actor, data=data, filename="sample.csv", as_of=dt.date(2024, 1, 31))
    assert (result.rows, result.created, result.merged_rows, result.public) == (4, 3, 2, 1)
    page = text(c.get("/episodes/imports/new/"))
    assert "예시 파일 내려받기 (CSV)" in page and "개인키" in page and "민간여부" in page


def _history(client, person, language: str = "ko"):
    if language == "en":
        english(client)
    return text(client.post(f"/people/{person.pk}/", {"purpose": "double_benefit"}))


def test_the_person_page_shows_the_employment_history_once_the_purpose_is_given(world, login, actor):
    from iljari.outcomes.episode_import import episodes_import
    from iljari.people.models import Person

    # an insurance record keyed to another record of the same human (one cluster) is theirs too
    other = Person.objects.create(name="박순자", source="seeker", cluster_id=world["a"].pk)
    Person.objects.filter(pk=world["a"].pk).update(cluster_id=world["a"].pk)
    episodes_import(actor=actor, data=csv_bytes([
        [RRN_A, "㈜관악돌봄 (예시)", "108-81-12342", "2021-09-01", "", "150", "Y"],
        [f"P{other.pk}", "관악구시설관리공단", "119-83-00011", "2021-07-01", "2021-08-20", "u150", "N"]]),
        filename="l.csv", source="고용보험 DB 연계 2023-06", as_of=dt.date(2023, 6, 30))
    c = login("district_officer", "GWANAK")
    assert "고용 이력" not in text(c.get(f"/people/{world['a'].pk}/"))  # not before the purpose
    page = _history(c, world["a"])
    assert "고용 이력 2건 · 민간 1건 · 공공 1건" in page
    assert ("㈜관악돌봄 (예시) 108-81-12342 2021.09.01 ~ (재직, 2023.06.30 기준) 월 150~200만원 민간 "
            "고용보험 연계 (고용보험 DB 연계 2023-06)") in page
    assert "관악구시설관리공단 119-83-00011 2021.07.01 ~ 2021.08.20 월 150만원 미만 공공" in page
    page = _history(login("district_officer", "GWANAK", username="gwanak-en"), world["a"], "en")
    assert "Employment history 2 episodes · private 1 · public 1" in page
    assert ("㈜관악돌봄 (예시) 108-81-12342 2021.09.01 ~ (still employed on 2023.06.30) 1.5-2 million won Private "
            "Employment-insurance linkage") in page
    assert "고용" not in page.replace("고용보험 DB 연계 2023-06", "")


def test_who_reads_whose_episodes(world, actor, make_user, make_seeker, make_employer, occ,
                                  django_capture_on_commit_callbacks):
    from iljari.employment.casework import placement_record
    from iljari.outcomes.episode_import import episodes_import
    from iljari.outcomes.episodes import visible_episodes

    episodes_import(actor=actor, data=csv_bytes([
        [RRN_A, "가게", "", "2021-09-01", "", "", "Y"], [f"P{world['c'].pk}", "마트", "", "2021-09-01", "", "", "Y"]]),
        filename="l.csv", as_of=dt.date(2023, 6, 30))
    seeker = make_seeker(registered_on=dt.date(2024, 1, 2))
    with django_capture_on_commit_callbacks(execute=True):
        placement_record(actor=actor, seeker=seeker, employer=make_employer(), occupation=occ["02"],
                         placed_on=dt.date(2024, 2, 1), wage_type="hourly", wage=9_860, contract="part_time",
                         via="self")

    def employers(user):
        return sorted(visible_episodes(user).values_list("employer_name", flat=True))

    assert employers(make_user("p", "portfolio")) == ["㈜관악상사", "가게", "마트"]
    # 관악구: its public jobs' participant and its job centre's seeker; 일자리정책과: its trainee only
    assert employers(make_user("g", "district_officer", "GWANAK")) == ["㈜관악상사", "가게"]
    assert employers(make_user("j", "program_officer", "JOBPOL")) == ["마트"]
    assert employers(make_user("r", "reviewer")) == []
