"""Importing employment records (outcomes.episode_import): what an officer sees — every problem by line and column
in both languages and nothing saved, a file imported once, overlapping rows merged, direct jobs never private,
the bounds of the input."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from iljari.core.errors import ServiceError
from iljari.outcomes.episode_import import episodes_import
from iljari.outcomes.models import EmploymentEpisode, EpisodeImport

from .conftest import RRN_A, RRN_C, csv_bytes

pytestmark = pytest.mark.django_db

CARE = "108-81-12342"  # ㈜관악돌봄 (made up, a right check digit)
MART = "220-81-35795"
PUBLIC_BODY = "119-83-00011"
AS_OF = dt.date(2023, 6, 30)


def run(actor, rows, **kw):
    data = kw.pop("data", None) or csv_bytes(rows)
    return episodes_import(actor=actor, data=data, filename=kw.pop("filename", "linkage.csv"),
                           as_of=kw.pop("as_of", AS_OF), **kw)


def problems_of(actor, rows, **kw) -> list[str]:
    with pytest.raises(ServiceError) as e:
        run(actor, rows, **kw)
    return [str(p) for p in e.value.problems]


def test_a_file_becomes_episodes_with_its_import_and_audit_rows(world, actor):
    from iljari.audit.models import AuditEntry

    r = run(actor, [[RRN_A, "㈜관악돌봄 (예시)", CARE, "2021-09-01", "", "150", "Y"],
                    [f"P{world['b'].pk}", "관악구시설관리공단", PUBLIC_BODY, "2021.8.2", "2022. 1. 31.", "월 150만원 미만",
                     "N"]], source="고용보험 DB 연계 2023-06")
    assert (r.rows, r.persons, r.created, r.private, r.public, r.open) == (2, 2, 2, 1, 1, 1)
    batch = EpisodeImport.objects.get()
    assert (batch.rows, batch.source, batch.as_of, batch.created_by) == (2, "고용보험 DB 연계 2023-06", AS_OF, actor)
    care = EmploymentEpisode.objects.get(person=world["a"])
    assert (care.employer_name, care.business_number, care.start, care.end, care.known_until, care.wage_band,
            care.private, care.source, care.batch) == (
        "㈜관악돌봄 (예시)", "1088112342", dt.date(2021, 9, 1), None, AS_OF, "150", True, "insurance", batch)
    public = EmploymentEpisode.objects.get(person=world["b"])
    assert (public.private, public.end, public.known_until, public.wage_band) == (
        False, dt.date(2022, 1, 31), dt.date(2022, 1, 31), "u150")
    assert AuditEntry.objects.filter(object_type="outcomes.employmentepisode", action="create").count() == 2
    assert AuditEntry.objects.filter(object_type="outcomes.episodeimport", action="import").count() == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp949"])
def test_utf8_with_or_without_bom_and_cp949_read_alike(world, actor, encoding):
    data = csv_bytes([[RRN_A, "㈜관악돌봄 (예시)", CARE, "2021-09-01", "", "월 150~200만원", "예"]], encoding=encoding)
    r = run(actor, [], data=data)
    e = EmploymentEpisode.objects.get()
    assert (r.encoding, e.employer_name, e.wage_band, e.private) == (encoding, "㈜관악돌봄 (예시)", "150", True)


def test_the_same_file_twice_is_refused_with_the_day_it_came(world, actor):
    rows = [[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"]]
    run(actor, rows)
    first = EpisodeImport.objects.get()
    [message] = problems_of(actor, rows)
    day = timezone.localdate(first.created_at)  # Seoul's day, whatever the server's clock says
    assert f"{day:%Y.%m.%d}에 이미 반입했습니다 (반입 #{first.pk}" in message
    assert f"already imported on {day:%Y-%m-%d} (import #{first.pk}" in message
    assert EpisodeImport.objects.count() == 1 and EmploymentEpisode.objects.count() == 1


def test_every_problem_is_named_by_line_and_column_and_nothing_is_saved(world, actor):
    found = problems_of(actor, [
        [RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"],  # line 2: fine
        ["Q123", "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"],  # 3: the key's form
        ["P999999", "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"],  # 4: nobody
        [RRN_C, "봉천마트", "220-81-35790", "2021-09-01", "", "150", "Y"],  # 5: the check digit
        [RRN_C, "봉천마트", MART, "2022-03-01", "2022-02-01", "150", "Y"],  # 6: end before start
        [RRN_C, "봉천마트", MART, "2021-01-01", "", "월 백만원", "Y"],  # 7: the wage band
        [RRN_C, "봉천마트", MART, "2021-01-01", "", "150", ""],  # 8: private missing
        [RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"],  # 9: line 2 again
        [RRN_C, "봉천마트", MART, "2023-07-01", "", "150", "Y"],  # 10: after the file's day
        [RRN_C, "", "", "2021-01-01", "", "", "Y"],  # 11: no employer
        [RRN_C, "=HYPERLINK(\"x\")", MART, "2021-01-01", "", "", "Y"],  # 12: a formula
    ])
    expected = [
        ("3행 / line 3", "개인키(A3)", "person key (A3)", "형식을 알 수 없습니다"),
        ("4행 / line 4", "개인키(A4)", "person key (A4)", "이 개인키의 사람이 없습니다 (P999999)"),
        ("5행 / line 5", "사업자등록번호(C5)", "business number (C5)", "검증번호"),
        ("6행 / line 6", "종료일(E6)", "end (E6)", "시작일(2022.03.01)보다 앞섭니다"),
        ("7행 / line 7", "임금구간(F7)", "wage band (F7)", "임금구간을 알 수 없습니다: '월 백만원'"),
        ("8행 / line 8", "민간여부(G8)", "private (G8)", "민간여부가 없습니다"),
        ("9행 / line 9", "개인키(A9)", "person key (A9)", "2행에도 있습니다"),
        ("10행 / line 10", "시작일(D10)", "start (D10)", "자료 기준일(2023.06.30) 뒤의 날짜입니다"),
        ("11행 / line 11", "사업장명(B11)", "employer (B11)", "사업장명이나 사업자등록번호"),
        ("12행 / line 12", "사업장명(B12)", "employer (B12)", "수식처럼 보이는 값"),
    ]
    assert len(found) == len(expected), found
    for text, (line, ko, en, words) in zip(found, expected, strict=True):
        assert text.startswith(line) and ko in text and en in text and words in text, text
    assert "not a valid business registration number" in found[2] and "is also on line 2" in found[6]
    assert not EpisodeImport.objects.exists() and not EmploymentEpisode.objects.exists()


def test_the_header_may_be_english_in_any_order_and_other_columns_are_ignored(world, actor):
    header = ["private", "비고", "start", "end", "person_key", "business_number", "employer_name", "wage_band"]
    data = csv_bytes([["N", "메모", "2021-08-02", "", RRN_A, PUBLIC_BODY, "관악구시설관리공단", "u150"],
                      ["N", "", "2021-08-02", "2021-07-01", RRN_A, PUBLIC_BODY, "관악구시설관리공단", "u150"]],
                     header=header)
    with pytest.raises(ServiceError) as e:
        run(actor, [], data=data)
    [p] = e.value.problems
    assert p.line == 3 and p.cell == "D3" and "종료일(D3)" in str(p)  # the cell where the column is in this file
    data = csv_bytes([["N", "메모", "2021-08-02", "", RRN_A, PUBLIC_BODY, "관악구시설관리공단", "u150"]],
                     header=header)
    assert run(actor, [], data=data).created == 1


def test_a_missing_column_names_the_header(world, actor):
    data = csv_bytes([[RRN_A, "x", "2021-01-01"]], header=["개인키", "사업장명", "시작일"])
    [message] = problems_of(actor, [], data=data)
    assert "사업자등록번호, 종료일, 임금구간, 민간여부 열이 없습니다" in message
    assert "lacks business number, end, wage band, private" in message


def test_rows_of_one_employer_that_overlap_or_follow_are_merged_into_one_episode(world, actor):
    r = run(actor, [[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "2022-02-28", "u150", "Y"],
                    [RRN_A, "㈜관악돌봄", CARE, "2022-03-01", "", "150", "Y"],  # renewed the next day
                    [RRN_A, "봉천마트", MART, "2020-01-02", "2020-05-31", "u150", "Y"]])  # another employer
    assert (r.rows, r.created, r.merged_rows) == (3, 2, 2)
    care = EmploymentEpisode.objects.get(business_number="1088112342")
    assert (care.start, care.end, care.known_until, care.wage_band) == (dt.date(2021, 9, 1), None, AS_OF, "150")
    assert care.source_ref == f"import:{r.batch}:row:2"


def test_a_later_file_extends_or_closes_an_earlier_episode_of_the_same_employer(world, actor):
    from iljari.audit.models import AuditEntry

    run(actor, [[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"]], as_of=dt.date(2022, 6, 30))
    first = EmploymentEpisode.objects.get()
    assert (first.end, first.known_until) == (None, dt.date(2022, 6, 30))
    # the next linkage knows the end: the episode is closed, not doubled
    r = run(actor, [[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "2022-10-31", "150", "Y"]], filename="2023.csv")
    assert (r.created, r.extended) == (0, 1)
    first.refresh_from_db()
    assert (EmploymentEpisode.objects.count(), first.end, first.known_until, first.version) == (
        1, dt.date(2022, 10, 31), dt.date(2022, 10, 31), 2)
    assert AuditEntry.objects.filter(object_type="outcomes.employmentepisode", action="update",
                                     object_id=str(first.pk)).count() == 1
    # an older file saying "still employed" on an earlier day does not reopen it
    r = run(actor, [[RRN_A, "㈜관악돌봄", CARE, "2021.9.1", "", "150", "Y"]], as_of=dt.date(2022, 3, 31),
            filename="old.csv")
    first.refresh_from_db()
    assert (r.unchanged, first.end) == (1, dt.date(2022, 10, 31))


def test_a_direct_job_participation_is_never_a_private_job(world, actor):
    found = problems_of(actor, [[RRN_A, "관악구청", "", "2021-01-04", "2021-06-30", "u150", "Y"]])
    assert len(found) == 1 and "직접일자리 참여(사업 PW, 2021.01.04~2021.06.30)와 같은 기간" in found[0]
    assert "a direct job is not a private-sector job (write N)" in found[0]
    r = run(actor, [[RRN_A, "관악구청", "", "2021-01-04", "2021-06-30", "u150", "N"]])
    assert r.created == 1 and not EmploymentEpisode.objects.get().private
    # a training program is not a direct job: the same period may be a private job
    assert run(actor, [[RRN_C, "봉천마트", MART, "2021-03-02", "2021-05-31", "u150", "Y"]], filename="c.csv").created == 1


def test_one_employer_is_private_or_public_throughout(world, actor):
    found = problems_of(actor, [[RRN_A, "관악구시설관리공단", PUBLIC_BODY, "2021-08-02", "2021-09-30", "", "N"],
                                [RRN_A, "관악구시설관리공단", PUBLIC_BODY, "2022-08-02", "", "", "Y"]])
    assert len(found) == 1 and found[0].startswith("3행") and "2행에서는 민간여부 N" in found[0]


def test_every_form_of_the_person_key(world, actor):
    from iljari.audit.models import AuditEntry
    from iljari.people.models import Person

    twin = Person.objects.create(name="박순자", source="subsidy", rrn_hash=world["a"].rrn_hash, cluster_id=world["a"].pk)
    Person.objects.filter(pk=world["a"].pk).update(cluster_id=world["a"].pk)
    r = run(actor, [[world["a"].rrn_hash.upper(), "가게1", "", "2019-01-01", "2019-02-01", "", "Y"],
                    [f"p {world['b'].pk}", "가게2", "", "2019-01-01", "2019-02-01", "", "Y"],
                    [f"L{world['a'].pk}", "가게3", "", "2019-01-01", "2019-02-01", "", "Y"],
                    [RRN_C.replace("-", ""), "가게4", "", "2019-01-01", "2019-02-01", "", "Y"]])
    assert r.keys == {"hash": 2, "person": 1, "cluster": 1}  # a resident number is hashed at once
    owners = dict(EmploymentEpisode.objects.values_list("employer_name", "person_id"))
    # the lowest record of those with the hash (one human), the person record, the cluster's smallest record
    assert owners == {"가게1": world["a"].pk, "가게2": world["b"].pk, "가게3": world["a"].pk, "가게4": world["c"].pk}
    assert twin.pk > world["a"].pk
    kept = " ".join(str(v) for v in AuditEntry.objects.values_list("after", flat=True))
    assert RRN_C not in kept and RRN_C.replace("-", "") not in kept and "2456783" not in kept
    found = problems_of(actor, [["751312-2456783", "가게", "", "2019-01-01", "", "", "Y"]], filename="bad.csv")
    assert "주민등록번호가 올바르지 않습니다" in found[0] and "751312-2456783" not in found[0]


def test_a_dry_run_says_what_would_happen_and_saves_nothing(world, actor):
    r = run(actor, [[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"]], dry_run=True)
    assert (r.dry_run, r.created, r.batch) == (True, 1, None)
    assert r.preview[0]["person"] == f"박*자 (#{world['a'].pk})" and r.preview[0]["business_number"] == CARE
    assert not EpisodeImport.objects.exists() and not EmploymentEpisode.objects.exists()
    assert run(actor, [[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"]]).created == 1  # then for real


def test_the_input_is_bounded(world, actor, monkeypatch):
    from iljari.outcomes import episode_import

    monkeypatch.setattr(episode_import, "MAX_ROWS", 3)
    rows = [[RRN_A, f"가게{i}", "", "2019-01-01", "2019-02-01", "", "Y"] for i in range(4)]
    [message] = problems_of(actor, rows)
    assert "행이 너무 많습니다 (3행까지" in message
    monkeypatch.setattr(episode_import, "MAX_BYTES", 100)
    [message] = problems_of(actor, rows[:2])
    assert "파일이 너무 큽니다" in message
    monkeypatch.setattr(episode_import, "MAX_BYTES", 30 * 1024 * 1024)
    [message] = problems_of(actor, [], data=b"\x00\x01PK not a zip", filename="x.xlsx")
    assert "xlsx" in message


def test_an_xlsx_workbook_is_read_and_a_formula_cell_refused(world, actor):
    from openpyxl import Workbook

    from iljari.outcomes.episode_import import HEADER

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([RRN_A, "㈜관악돌봄", 1088112342, dt.date(2021, 9, 1), None, "150", "Y"])
    out = io.BytesIO()
    wb.save(out)
    assert run(actor, [], data=out.getvalue(), filename="linkage.xlsx").created == 1
    ws.append([RRN_C, "=1+1", "", dt.date(2021, 9, 1), None, "150", "Y"])
    out = io.BytesIO()
    wb.save(out)
    [message] = problems_of(actor, [], data=out.getvalue(), filename="linkage2.xlsx")
    assert message.startswith("3행") and "수식처럼" in message


def test_the_command_line_checks_imports_and_refuses_with_status_1(world, tmp_path, capsys):
    from django.core.management import call_command

    good = tmp_path / "linkage.csv"
    good.write_bytes(csv_bytes([[RRN_A, "㈜관악돌봄", CARE, "2021-09-01", "", "150", "Y"]]))
    call_command("episodes-import", str(good), "--dry-run", "--as-of", "2023-06-30")
    assert "확인만 했습니다(저장 안 함) / dry run, nothing saved" in capsys.readouterr().out
    assert not EmploymentEpisode.objects.exists()
    call_command("episodes-import", str(good), "--source", "고용보험 DB 연계 2023-06", "--as-of", "2023-06-30")
    assert "새 이력 created 1" in capsys.readouterr().out
    assert EpisodeImport.objects.get().source == "고용보험 DB 연계 2023-06"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["P999999", "가게", "", "2021-09-01", "", "", "Y"]]))
    with pytest.raises(SystemExit) as e:
        call_command("episodes-import", str(bad))
    assert e.value.code == 1
    assert "2행 / line 2: [person_key] 개인키(A2): 이 개인키의 사람이 없습니다" in capsys.readouterr().err
    call_command("episodes-derive")
    assert "취업 0건 / placements" in capsys.readouterr().out
