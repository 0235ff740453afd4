"""Participant lists from districts and agencies: all or nothing, every problem by row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from iljari.core.errors import ServiceError
from iljari.people.lists import HEADER, participant_list_import
from iljari.people.models import BenefitRecord, ListImport, Person

pytestmark = pytest.mark.django_db

GOOD = ["이영희", "1975-04-12", "여", "010-2345-6789", "서울특별시 영등포구 당산로 12", "", "PW", "유급참여",
        "2024-03-01", "2024-10-31", "", "6,400,000"]


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "참여자"
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADER)
    w.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def program(make_program):  # type: ignore[no-untyped-def]
    return make_program("PW", owner="GWANAK-JOB")


def test_a_good_list_makes_persons_and_benefits_in_one_batch(tree, actor, program):
    second = ["박철수", dt.datetime(1960, 1, 2), "남", "", "관악구 신림로 3", "600102-1234567", "사업 PW", "지원금",
              dt.datetime(2021, 3, 1), dt.datetime(2021, 3, 31), 1, 500000]
    out = participant_list_import(actor=actor, org_unit=tree["GWANAK"], data=xlsx([GOOD, second]),
                                  filename="관악구_명단.xlsx")
    assert out["rows"] == 2 and len(out["person_ids"]) == 2
    batch = ListImport.objects.get(pk=out["batch"])
    assert (batch.rows, batch.persons_created, batch.program, batch.filename) == (2, 2, program, "관악구_명단.xlsx")
    p = Person.objects.get(name="박철수")
    assert p.source == "list" and len(p.rrn_hash) == 64 and p.sex == "M" and p.birth_date == dt.date(1960, 1, 2)
    assert "600102" not in str(Person.objects.values().get(pk=p.pk))  # only the keyed hash
    b = BenefitRecord.objects.get(person=p)
    assert (b.kind, b.start, b.end, b.months, b.amount, b.batch_id, b.source) == (
        "subsidy", dt.date(2021, 3, 1), dt.date(2021, 3, 31), 1, 500_000, batch.pk, "list")
    lee = BenefitRecord.objects.get(person__name="이영희")
    assert (lee.months, lee.amount, lee.org_unit) == (8, 6_400_000, tree["GWANAK"])


def test_a_dry_run_saves_nothing(tree, actor, program):
    out = participant_list_import(actor=actor, org_unit=tree["GWANAK"], data=csv_bytes([GOOD]), filename="a.csv",
                                  dry_run=True)
    assert out["rows"] == 1 and out["batch"] is None
    assert not Person.objects.exists() and not ListImport.objects.exists()


def test_cp949_csv_is_read(tree, actor, program):
    participant_list_import(actor=actor, org_unit=tree["GWANAK"], data=csv_bytes([GOOD], "cp949"), filename="a.csv")
    assert Person.objects.get().name == "이영희"


def test_every_problem_is_named_by_row_and_column_and_nothing_is_imported(tree, actor, program):
    rows = [
        GOOD,
        ["김바름", "1975-13-40", "여", "", "", "", "PW", "유급참여", "2024-03-01", "2024-04-30", "", ""],  # bad date
        ["김순서", "1975-01-01", "여", "", "", "", "PW", "유급참여", "2024-05-01", "2024-03-31", "", ""],  # end first
        ["김없음", "1975-01-01", "여", "", "", "", "NOPE", "유급참여", "2024-03-01", "2024-03-31", "", ""],
        ["김큰돈", "1975-01-01", "여", "", "", "", "PW", "지원금", "2024-03-01", "2024-03-31", "",
         "12345678901234567890123"],  # 23 digits
        ['=HYPERLINK("http://x","a")', "1975-01-01", "여", "", "", "", "PW", "유급참여", "2024-03-01", "2024-03-31",
         "", ""],
        ["김구분", "1975-01-01", "여", "", "", "", "PW", "봉사", "2024-03-01", "2024-03-31", "", ""],
    ]
    with pytest.raises(ServiceError) as err:
        participant_list_import(actor=actor, org_unit=tree["GWANAK"], data=xlsx(rows), filename="bad.xlsx")
    cells = {p.cell: p for p in err.value.problems}
    assert set(cells) == {"B3", "J4", "G5", "L6", "A7", "H8"}
    assert "3행 B3 (생년월일)" in cells["B3"].message_ko and "row 3, B3 (birth date)" in cells["B3"].message_en
    assert "종료일(2024.03.31)이 시작일(2024.05.01)보다 앞섭니다" in cells["J4"].message_ko
    assert "unknown program 'NOPE'" in cells["G5"].message_en
    assert "must be at most 1,000,000,000,000" in cells["L6"].message_en
    assert "수식" in cells["A7"].message_ko and "formula" in cells["A7"].message_en
    assert "봉사" in cells["H8"].message_ko
    assert not Person.objects.exists() and not BenefitRecord.objects.exists() and not ListImport.objects.exists()


def test_a_wrong_header_or_a_broken_file_is_refused(tree, actor, program):
    with pytest.raises(ServiceError) as err:
        participant_list_import(actor=actor, org_unit=tree["GWANAK"], data="이름,생일\n홍,1\n".encode(),
                                filename="x.csv")
    assert err.value.problems[0].code == "bad_header"
    with pytest.raises(ServiceError) as err:
        participant_list_import(actor=actor, org_unit=tree["GWANAK"], data=b"PK\x03\x04garbage", filename="x.xlsx")
    assert err.value.problems[0].code == "bad_file"


def test_a_program_outside_the_uploaders_scope_is_unknown(tree, actor, make_program):
    from django.contrib.auth import get_user_model

    from iljari.access.services import membership_grant
    from iljari.orgs.services import org_unit_create

    ydp = org_unit_create(actor=actor, code="YDP", name_ko="영등포구", kind="district", parent=tree["SEOUL"])
    make_program("GPW", owner="GWANAK-JOB")  # 관악구's program: not 영등포구's to report
    officer = get_user_model().objects.create_user("ydp-officer")
    membership_grant(actor=None, user=officer, role="district_officer", org_unit=ydp)
    row = [*GOOD[:6], "GPW", *GOOD[7:]]
    with pytest.raises(ServiceError) as err:
        participant_list_import(actor=officer, org_unit=ydp, data=csv_bytes([row]), filename="a.csv")
    assert [p.cell for p in err.value.problems] == ["G2"]


def test_the_page_previews_then_imports(tree, program, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = login("district_officer", "GWANAK")
    data = xlsx([GOOD])
    r = officer.post("/people/lists/", {"org_unit": "GWANAK", "action": "preview",
                                        "file": SimpleUploadedFile("관악.xlsx", data)})
    page = r.content.decode()
    assert r.status_code == 200 and "1행을 반입할 수 있습니다" in page and "6,400,000" in page
    assert not Person.objects.exists()
    r = officer.post("/people/lists/", {"org_unit": "GWANAK", "action": "import",
                                        "file": SimpleUploadedFile("관악.xlsx", data)})
    assert r.status_code == 302 and Person.objects.count() == 1
    assert "관악.xlsx" in officer.get("/people/lists/").content.decode()
    bad = officer.post("/people/lists/", {"org_unit": "GWANAK", "action": "import",
                                          "file": SimpleUploadedFile("b.csv", csv_bytes([[*GOOD[:8], "2024-3-x",
                                                                                          *GOOD[9:]]]))})
    assert bad.status_code == 400 and "2행 I2 (시작일)" in bad.content.decode()
    # a unit that is not the officer's cannot be chosen
    other = officer.post("/people/lists/", {"org_unit": "JOBPOL", "action": "import",
                                            "file": SimpleUploadedFile("관악.xlsx", data)})
    assert other.status_code == 400 and Person.objects.count() == 1


def test_a_district_may_name_a_city_program_and_the_linkage_check_is_handed_the_new_persons(
        tree, actor, make_program, monkeypatch, django_capture_on_commit_callbacks):
    import sys
    import types

    make_program("CITY", owner="JOBPOL")  # the city's program (no district): a district hands it out
    seen: list[list[int]] = []
    fake = types.ModuleType("iljari.people.linkage.service")
    fake.check_new_persons = seen.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "iljari.people.linkage", types.ModuleType("iljari.people.linkage"))
    monkeypatch.setitem(sys.modules, "iljari.people.linkage.service", fake)
    row = [*GOOD[:6], "CITY", "지원금", "2021-03-01", "2021-03-31", "1", "500,000"]
    with django_capture_on_commit_callbacks(execute=True):
        out = participant_list_import(actor=actor, org_unit=tree["GWANAK"], data=csv_bytes([row]), filename="a.csv")
    assert BenefitRecord.objects.get().program.code == "CITY"
    assert seen == [out["person_ids"]]
