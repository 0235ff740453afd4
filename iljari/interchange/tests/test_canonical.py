import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command

from iljari.audit.models import AuditEntry
from iljari.core.errors import ServiceError
from iljari.interchange.canonical import facts_import, orgs_import, programs_import
from iljari.ledger.models import Fact
from iljari.ledger.services import period_lock
from iljari.orgs.models import OrgUnit
from iljari.programs.models import Program

pytestmark = pytest.mark.django_db

ORGS = """code,name_ko,name_en,parent,kind
TEAM1,청년정책팀,Youth team,DIV1,team
CITY,서울특별시,Seoul,,city
OFF1,경제정책실,Economy office,CITY,office
DIV1,일자리정책과,Job policy division,OFF1,division
GU1,관악구,Gwanak-gu,CITY,district
"""

PROGRAMS = """code,name_ko,name_en,owner_org,job_type,subtype,policy_field,target_groups,start,end
P1,서울형 뉴딜일자리,Seoul New Deal jobs,DIV1,간접일자리,민간지원,private_linkage,청년;middle_aged,2021-01-01,2021-12-31
P2,공공근로,Public works,GU1,direct,,public_jobs,low_income,2021.1.1,2021.12.31
"""

FACTS = """program,org_unit,period,measure,funding_source,value,as_of
P1,DIV1,2021,job_target,total,"4,200",2021-01-01
P1,DIV1,2021,budget,city,８４１００００００００,2021-01-01
P1,DIV1,2021-05,job_result,total,3157,'21.5월말
P2,GU1,2021,job_target,total,500,2021-01-01
P2,GU1,2021,budget,city,700000000,2021-01-01
P2,GU1,2021,budget,district,300000000,2021-01-01
P2,GU1,2021,budget,total,1000000000,2021-01-01
"""


def load(actor, tmp_path, orgs=ORGS, programs=PROGRAMS, facts=FACTS):
    for name, text, fn in [("orgs", orgs, orgs_import), ("programs", programs, programs_import),
                           ("facts", facts, facts_import)]:
        p = tmp_path / f"{name}.csv"
        p.write_text(text, encoding="utf-8")
        fn(actor=actor, path=p)


def test_canonical_files_load_with_labels_full_width_digits_and_korean_dates(actor, tmp_path):
    load(actor, tmp_path)
    assert OrgUnit.objects.get(code="TEAM1").parent.code == "DIV1"  # child listed before its parent
    assert OrgUnit.objects.get(code="TEAM1").district is None
    p1 = Program.objects.get(code="P1")
    assert p1.subtype.code == "private_support"
    assert sorted(p1.target_groups.values_list("code", flat=True)) == ["middle_aged", "youth"]
    assert Fact.objects.get(program=p1, measure__code="budget").value == 84_100_000_000
    assert Fact.objects.get(program=p1, measure__code="job_result").as_of == dt.date(2021, 5, 31)
    # the total row equals its parts and is not stored beside them
    assert Fact.objects.filter(program__code="P2", measure__code="budget").count() == 2


def test_same_files_twice_change_nothing(actor, tmp_path):
    load(actor, tmp_path)
    facts, audits = Fact.objects.count(), AuditEntry.objects.count()
    p = tmp_path / "facts.csv"
    r = facts_import(actor=actor, path=p)
    assert (r.created, r.changed, r.unchanged) == (0, 0, 6)
    r = programs_import(actor=actor, path=tmp_path / "programs.csv")
    assert (r.created, r.changed, r.unchanged) == (0, 0, 2)
    r = orgs_import(actor=actor, path=tmp_path / "orgs.csv")
    assert r.unchanged == 5
    assert Fact.objects.count() == facts
    assert AuditEntry.objects.count() == audits


def test_cp949_and_bom_are_read(actor, tmp_path):
    (tmp_path / "o.csv").write_bytes(ORGS.encode("cp949"))
    orgs_import(actor=actor, path=tmp_path / "o.csv")
    assert OrgUnit.objects.get(code="OFF1").name_ko == "경제정책실"
    (tmp_path / "p.csv").write_bytes(PROGRAMS.encode("utf-8-sig"))
    r = programs_import(actor=actor, path=tmp_path / "p.csv")
    assert r.encoding == "utf-8-sig" and r.created == 2


BAD_FACTS = """program,org_unit,period,measure,funding_source,value,as_of
P1,DIV1,2021,job_target,total,4200,2021-01-01
NOPE,DIV1,2021,job_target,total,1,2021-01-01
P1,NOWHERE,2021,job_target,total,1,2021-01-01
P1,DIV1,2021,happiness,total,1,2021-01-01
P1,DIV1,2021Q5,job_target,total,1,2021-01-01
P1,DIV1,2021,budget,lottery,1,2021-01-01
P1,DIV1,2021,job_target,total,lots,2021-01-01
P1,DIV1,2021,budget,city,-5,2021-01-01
P1,DIV1,2021,job_target,total,4200,2021-01-01
P1,DIV1,2021,job_target,total,12.5,2021-02-01
P1,DIV1,2021,job_target,total,1,someday
P2,GU1,2021,budget,city,1,2021-01-01
P2,GU1,2021,budget,total,2,2021-01-01
"""


def test_every_bad_row_is_reported_and_nothing_is_written(actor, tmp_path):
    load(actor, tmp_path, facts="program,org_unit,period,measure,funding_source,value,as_of\n")
    p = tmp_path / "bad.csv"
    p.write_text(BAD_FACTS, encoding="utf-8")
    with pytest.raises(ServiceError) as exc:
        facts_import(actor=actor, path=p)
    got = {(e.line, str(e.code)) for e in exc.value.problems}
    assert got == {
        (3, "unknown_program"), (4, "unknown_org_unit"), (5, "unknown_measure"), (6, "unknown_period"),
        (7, "unknown_funding_source"), (8, "not_a_number"), (9, "negative_not_allowed"), (10, "duplicate_row"),
        (11, "not_an_integer"), (12, "invalid_date"), (14, "total_and_sources_mismatch"),
    }
    assert Fact.objects.count() == 0
    for e in exc.value.problems:
        assert e.message_ko and e.message_en and e.message_ko != e.message_en


def test_locked_period_and_cumulative_decrease(actor, tmp_path):
    load(actor, tmp_path)
    period_lock(actor=actor, org_unit=OrgUnit.objects.get(code="OFF1"), period="2021-05", reason="submitted")
    p = tmp_path / "late.csv"
    p.write_text("program,org_unit,period,measure,funding_source,value,as_of\n"
                 "P1,DIV1,2021-05,job_result,total,3000,2021-06-10\n", encoding="utf-8")
    with pytest.raises(ServiceError) as exc:
        facts_import(actor=actor, path=p)
    assert str(exc.value.problems[0].code) == "period_locked"
    p.write_text("program,org_unit,period,measure,funding_source,value,as_of\n"
                 "P1,DIV1,2021-06,job_result,total,3000,2021-06-30\n", encoding="utf-8")
    r = facts_import(actor=actor, path=p, dry_run=True)
    assert [str(w.code) for w in r.warnings] == ["cumulative_decrease"]
    with pytest.raises(ServiceError):
        facts_import(actor=actor, path=p, strict=True)


def test_bad_org_and_program_rows(actor, tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("code,name_ko,name_en,parent,kind\nA,가,,B,office\nB,나,,A,office\nC,다,,ZZ,planet\n")
    with pytest.raises(ServiceError) as exc:
        orgs_import(actor=actor, path=p)
    codes = {(e.line, str(e.code)) for e in exc.value.problems}
    assert (4, "unknown_org_unit") in codes and (4, "unknown_kind") in codes
    assert any(c == "cycle" for _, c in codes)
    assert OrgUnit.objects.count() == 0
    p.write_text("code,name_ko\nA,가\n")
    with pytest.raises(ServiceError) as exc:
        orgs_import(actor=actor, path=p)
    assert str(exc.value.problems[0].code) == "bad_header"


def test_cli_exit_status_and_messages(actor, tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("program,org_unit,period,measure,funding_source,value,as_of\nX,Y,2021,job_target,total,1,2021-01-01\n")
    with pytest.raises(SystemExit) as exc:
        call_command("import-facts", str(p))
    assert exc.value.code == 1


def test_console_script_help():
    out = subprocess.run([sys.executable, "-m", "iljari.cli", "help", "rollup"], capture_output=True, text=True,
                         check=True)
    assert "--by" in out.stdout and "--as-of" in out.stdout


def test_downward_correction_of_the_same_month_is_not_a_decrease(actor, tmp_path):
    load(actor, tmp_path)
    p = tmp_path / "fix.csv"
    p.write_text("program,org_unit,period,measure,funding_source,value,as_of\n"
                 "P1,DIV1,2021-05,job_result,total,3100,2021-06-15\n", encoding="utf-8")
    r = facts_import(actor=actor, path=p)
    assert r.warnings == [] and r.changed == 1


def test_a_large_import_goes_in_with_copy_and_keeps_version_chains(make_program, actor):
    """600+ values (the COPY path on PostgreSQL), one key corrected within the same file."""
    from iljari.interchange.canonical import facts_import
    from iljari.ledger.models import Fact

    progs = [make_program(f"P{i:03d}", owner="JOBPOL") for i in range(60)]
    lines = ["program,org_unit,period,measure,funding_source,value,as_of"]
    for p in progs:
        for m in range(1, 11):
            lines.append(f"{p.code},JOBPOL,2021-{m:02d},job_result,total,{m * 10},2021-{m:02d}-28")
    lines.append("P000,JOBPOL,2021-01,job_result,total,11,2021-02-15")  # a correction of January
    report = facts_import(actor=actor, path="\n".join(lines).encode())
    assert report.created == 600 and Fact.objects.count() == 601
    jan = Fact.objects.filter(program=progs[0], period="2021-01").order_by("id")
    assert [f.value for f in jan] == [10, 11] and jan[1].replaces_id == jan[0].id


def test_notes_with_backslashes_tabs_quotes_and_line_breaks_arrive_intact(actor, tmp_path):
    """The bulk path writes with COPY: text that means something to COPY must come back as typed."""
    load(actor, tmp_path, facts="program,org_unit,period,measure,funding_source,value,as_of\n")
    note = 'C:\\temp\\n "확인"\t필요\n둘째 줄'
    p = tmp_path / "notes.csv"
    p.write_text('program,org_unit,period,measure,funding_source,value,as_of,note,reason\n'
                 'P1,DIV1,2021,job_target,total,4200,2021-01-01,"' + note.replace('"', '""') + '",\\N\n'
                 'P1,DIV1,2021-05,job_result,total,,2021-05-31,,\n', encoding="utf-8")
    with pytest.raises(ServiceError) as exc:  # the quoted line break shifts the next record to line 4
        facts_import(actor=actor, path=p)
    assert [(e.line, str(e.code)) for e in exc.value.problems] == [(4, "required")]
    p.write_text(p.read_text(encoding="utf-8").replace(",,2021-05-31", ",7,2021-05-31"), encoding="utf-8")
    facts_import(actor=actor, path=p)
    f = Fact.objects.get(period="2021")
    assert (f.note, f.reason) == (note, "\\N")
    assert Fact.objects.get(period="2021-05").value == 7


def test_staffing_import_is_all_or_nothing_and_idempotent(actor, tmp_path):
    from iljari.interchange.canonical import staffing_import
    from iljari.orgs.models import StaffingFigure

    load(actor, tmp_path)
    p = tmp_path / "s.csv"
    p.write_text("org_unit,as_of,grade,authorized,current\nDIV1,2014-07-31,5급,1,1\nDIV1,2014-07-31,6급,4,five\n"
                 "NOPE,2014-07-31,7급,3,3\nDIV1,2014-07-31,5급,1,1\n", encoding="utf-8")
    with pytest.raises(ServiceError) as exc:
        staffing_import(actor=actor, path=p)
    assert {(e.line, str(e.code)) for e in exc.value.problems} == {
        (3, "not_a_number"), (4, "unknown_org_unit"), (5, "duplicate_row")}
    assert StaffingFigure.objects.count() == 0
    p.write_text("org_unit,as_of,grade,authorized,current\nDIV1,2014-07-31,5급,1,1\nDIV1,2014-07-31,6급,4,5\n",
                 encoding="utf-8")
    assert staffing_import(actor=actor, path=p).created == 2
    again = staffing_import(actor=actor, path=p)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)


def test_org_files_carry_the_official_administrative_code(actor, tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("code,name_ko,name_en,parent,kind,admin_code\nSEOUL,서울특별시,Seoul,,city,11\n"
                 "JONGNO,종로구,Jongno-gu,SEOUL,district,11110\nJUNG,중구,Jung-gu,SEOUL,district,11140\n",
                 encoding="utf-8")
    orgs_import(actor=actor, path=p)
    assert OrgUnit.objects.get(code="JONGNO").admin_code == "11110"
    # a file without the column leaves the codes as they are
    p.write_text("code,name_ko,name_en,parent,kind\nJONGNO,종로구,Jongno-gu,SEOUL,district\n", encoding="utf-8")
    orgs_import(actor=actor, path=p)
    assert OrgUnit.objects.get(code="JONGNO").admin_code == "11110"
    # the same code twice, a code that is not digits, a code another unit already has: refused, nothing written
    p.write_text("code,name_ko,name_en,parent,kind,admin_code\nA,가구,,SEOUL,district,11170\n"
                 "B,나구,,SEOUL,district,11170\nC,다구,,SEOUL,district,1117O\n", encoding="utf-8")
    with pytest.raises(ServiceError) as exc:
        orgs_import(actor=actor, path=p)
    assert {(e.line, str(e.code)) for e in exc.value.problems} == {(3, "duplicate_row"), (4, "invalid")}
    assert "11170" in exc.value.problems[0].message_ko
    p.write_text("code,name_ko,name_en,parent,kind,admin_code\nA,가구,,SEOUL,district,11110\n", encoding="utf-8")
    with pytest.raises(ServiceError) as exc:
        orgs_import(actor=actor, path=p)
    assert "종로구" in exc.value.problems[0].message_ko
    assert not OrgUnit.objects.filter(code__in=["A", "B", "C"]).exists()
