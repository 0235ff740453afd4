#!/usr/bin/env python
"""The public job search (/jobs/, issue 15) over 84,000 open vacancies, on SQLite and on PostgreSQL.

    .venv/bin/python bench/jobs_bench.py [--vacancies 84000] [--repeat 30] [--backend sqlite|pg|both]

For each database a scratch copy is created and migrated; Seoul's 25 districts, their job centres and the Seoul
Job Centre, 9,000 employers and N open vacancies (plus 12% hidden ones: pending, closed, rejected, past their
deadline) are bulk-inserted with realistic titles, tasks and requirements per KECO middle category (seeded:
the same data every run). Typical searches a citizen makes are then requested through Django's test client
(the whole page: form, query, count, template), each `--repeat` times after one warm-up; p50/p95/max in ms.

Baseline in the same run: the same requests after the indexes of migration `0003_public_search_indexes` are
dropped (what the search costs without them). Results are printed and written to bench/out/jobs.json; the
scratch databases are dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SQLITE = Path("/tmp/iljari_bench_jobs.sqlite3")
PG_DB = "iljari_bench_jobs"

DISTRICTS = ["종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구", "노원구",
             "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구", "관악구",
             "서초구", "강남구", "송파구", "강동구"]

# KECO middle category -> (titles, task phrases, requirement phrases, typical wage (type, won), hours)
JOBS: dict[str, tuple[list[str], list[str], list[str], tuple[str, int], int]] = {
    "02": (["사무보조원", "경리 사무원", "총무 사무원", "행정 사무원", "회계 사무원"],
           ["문서 작성과 정리", "엑셀 자료 입력", "전화 응대와 손님 안내", "세금계산서 발행", "비품 관리"],
           ["컴퓨터활용능력 우대", "전산회계 자격 우대", "엑셀 가능자"], ("monthly", 2_300_000), 40),
    "55": (["요양보호사", "방문요양보호사", "주간보호센터 요양보호사", "간병인", "아이돌보미"],
           ["어르신 식사와 이동 보조", "목욕과 위생 도움", "말벗과 정서 지원", "아동 등하원 돌봄"],
           ["요양보호사 자격증 소지자", "보육교사 자격 우대", "경력자 우대"], ("hourly", 11_000), 30),
    "62": (["지게차 운전원", "택배 배송기사", "화물차 운전기사", "마을버스 운전기사", "물류센터 상하차"],
           ["입출고 화물 상하차", "지정 구역 배송", "차량 점검과 운행 일지 작성"],
           ["지게차운전기능사 필수", "1종 보통 운전면허", "1종 대형 운전면허 우대"], ("monthly", 3_000_000), 44),
    "54": (["아파트 경비원", "건물 보안요원", "주차 관리원"], ["출입 통제와 순찰", "택배 보관", "주차 안내"],
           ["일반경비원 신임교육 이수자", "60세 이상 가능"], ("monthly", 2_200_000), 40),
    "53": (["한식 조리사", "주방 보조", "홀 서빙", "단체급식 조리원"], ["식재료 손질", "설거지와 주방 정리", "배식"],
           ["한식조리기능사 우대", "보건증 필요"], ("hourly", 10_500), 35),
    "56": (["건물 청소원", "사무실 미화원", "세탁원"], ["사무실과 계단 청소", "분리수거", "화장실 위생 관리"],
           ["초보 가능", "오전 근무 가능자"], ("monthly", 2_100_000), 40),
    "61": (["매장 판매원", "편의점 점원", "텔레마케터", "영업사원"], ["상품 진열과 계산", "고객 응대", "재고 관리"],
           ["고객 응대 경험 우대", "주말 근무 가능자"], ("hourly", 10_320), 25),
    "13": (["웹 개발자", "전산 유지보수 기사", "데이터 분석가"], ["파이썬 프로그래밍", "서버 운영", "자료 분석과 보고"],
           ["정보처리기사 우대", "경력 2년 이상"], ("annual", 42_000_000), 40),
    "83": (["전기 기사", "전기 설비 정비원"], ["전기 설비 점검", "배선 작업"], ["전기기능사 필수"], ("monthly", 3_200_000), 40),
    "82": (["용접공", "도장공", "판금공"], ["철 구조물 용접", "부품 도장"], ["용접기능사 필수", "경력자 우대"],
           ("daily", 180_000), 40),
    "89": (["생산직 사원", "포장원", "조립원"], ["제품 포장", "부품 조립", "검수"], ["초보 가능", "주야 교대 가능자"],
           ("hourly", 10_320), 40),
    "23": (["사회복지사", "생활지원사"], ["사례 관리", "프로그램 운영", "안부 확인"], ["사회복지사 2급 이상"],
           ("monthly", 2_600_000), 40),
}

QUERIES = [
    ("list, newest (first page)", ""),
    ("list, page 50", "page=50"),
    ("district", "district=D13"),
    ("occupation major", "occupation=5"),
    ("occupation middle + district", "occupation=55&district=D20"),
    ("hourly at least 11,000 won", "wage_type=hourly&min_wage=11000"),
    ("up to 30 hours, part-time", "max_hours=30&contract=part_time"),
    ("posted in the last 3 days", "within_days=3"),
    ("sort by deadline", "sort=deadline"),
    ("sort by pay (all wage types)", "sort=wage"),
    ("text 요양 (inside 요양보호사)", "q=요양"),
    ("text 지게차 운전", "q=지게차+운전"),
    ("text 요양보호사를 + district", "q=요양보호사를&district=D20"),
    ("text, rare word (용접)", "q=용접"),
    ("text, no match", "q=우주비행사"),
    ("everything at once", "q=요양&district=D20&occupation=5&wage_type=hourly&min_wage=10000&max_hours=40"
                           "&within_days=30&sort=wage"),
]

INDEXES = ["vacancy_public_new", "vacancy_public_district", "vacancy_public_occupation", "vacancy_public_wage",
           "vacancy_public_contract", "vacancy_public_pay"]


def build(n: int) -> dict[str, int]:
    from django.db import connection

    from iljari.employment.models import Centre, Employer, Occupation, Vacancy
    from iljari.orgs.services import org_unit_create

    rng = random.Random(15)
    today = timezone.localdate()
    city = org_unit_create(actor=None, code="SEOUL", name_ko="서울특별시", name_en="Seoul", kind="city")
    policy = org_unit_create(actor=None, code="JOBPOL", name_ko="일자리정책과", kind="division", parent=city)
    districts = [org_unit_create(actor=None, code=f"D{i:02d}", name_ko=name, kind="district", parent=city)
                 for i, name in enumerate(DISTRICTS)]
    centres = [Centre.objects.create(code="SJC", name_ko="서울일자리센터", org_unit=policy, phone="02-2133-4720")]
    centres += [Centre.objects.create(code=f"C{d.code}", name_ko=f"{d.name_ko} 일자리센터", org_unit=d, district=d,
                                      phone=f"02-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}")
                for d in districts]
    occ = {o.code: o for o in Occupation.objects.filter(code__in=JOBS)}
    t0 = time.perf_counter()
    employers = Employer.objects.bulk_create([
        Employer(name=f"㈜{rng.choice(['서울', '한강', '새봄', '푸른', '으뜸', '행복'])}{k:05d}",
                 business_number=f"{1_000_000_000 + k}", district=rng.choice(districts), centre=rng.choice(centres),
                 contact_phone="010-0000-0000") for k in range(9_000)], batch_size=2_000)
    hidden = int(n * 0.12)
    rows = []
    codes = list(JOBS)
    for k in range(n + hidden):
        code = rng.choice(codes)
        titles, tasks, reqs, (wage_type, wage), hours = JOBS[code]
        employer = rng.choice(employers)
        district = employer.district if rng.random() < 0.8 else rng.choice(districts)
        status, deadline = "open", today + dt.timedelta(days=rng.randint(0, 60))
        if k >= n:
            status = rng.choice(["pending", "closed", "rejected", "filled", "open"])
            if status == "open":
                deadline = today - dt.timedelta(days=rng.randint(1, 90))
        h = max(8, min(52, hours + rng.choice([-15, -10, -5, 0, 0, 0, 4])))
        rows.append(Vacancy(
            employer=employer, centre=centres[0] if rng.random() < 0.3 else centres[1 + districts.index(district)],
            title=rng.choice(titles), occupation=occ[code], district=district,
            address=f"서울 {district.name_ko} {rng.choice(['중앙로', '시장길', '역로'])} {rng.randint(1, 300)}",
            tasks="\n".join(rng.sample(tasks, k=min(2, len(tasks)))) + " 등 담당",
            requirements=", ".join(rng.sample(reqs, k=1)), wage_type=wage_type,
            wage=int(wage * rng.uniform(1.0, 1.35)) // 10 * 10, hours_per_week=h,
            contract=rng.choice(["permanent", "fixed", "part_time"] if h >= 30 else ["part_time", "daily"]),
            openings=rng.randint(1, 5), posted_on=today - dt.timedelta(days=rng.randint(0, 60)), deadline=deadline,
            status=status, channel="counsellor", illustrative=True))
    Vacancy.objects.bulk_create(rows, batch_size=5_000)
    load = time.perf_counter() - t0
    with connection.cursor() as c:  # what autovacuum does soon after a load (PostgreSQL: the visibility map)
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"employers": len(employers), "vacancies_open": n, "vacancies_hidden": hidden,
            "load_seconds": round(load, 1)}


def found(params: str) -> int:
    from django.http import QueryDict
    from django.utils import timezone

    from iljari.employment.public_forms import JobSearchForm
    from iljari.employment.search import Criteria, search

    form = JobSearchForm(QueryDict(params))
    criteria = form.criteria() if params and form.is_valid() else Criteria()
    return search(criteria, timezone.localdate()).count()


def p95(values: list[float]) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, round(0.95 * (len(values) - 1)))], 1)


def timed(c, path: str, repeat: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Wall time of each request, and the CPU time of this process (Django, and SQLite, which runs inside it;
    not PostgreSQL's server): on a shared machine the wall time includes waiting for a core."""
    r = c.get(path)
    assert r.status_code == 200, (path, r.status_code)
    wall, cpu = [], []
    for _ in range(repeat):
        t, p = time.perf_counter(), time.process_time()
        c.get(path)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - p) * 1000)
    return {"p50": round(statistics.median(wall), 1), "p95": p95(wall), "max": round(max(wall), 1),
            "cpu_p95": p95(cpu)}


def run_queries(repeat: int) -> dict[str, dict[str, float]]:
    from django.test import Client

    from iljari.employment.models import Vacancy

    c = Client(raise_request_exception=True)
    out = {}
    for name, params in QUERIES:
        out[name] = {**timed(c, "/jobs/" + (f"?{params}" if params else ""), repeat), "found": found(params)}
    v = Vacancy.objects.filter(status="open", deadline__gte=timezone.localdate()).order_by("pk")[1000]
    out["vacancy page"] = {**timed(c, f"/jobs/{v.pk}/", repeat), "found": 1}
    return out


def drop_indexes() -> None:
    from django.db import connection

    with connection.cursor() as c:
        for name in INDEXES:
            c.execute(f"DROP INDEX IF EXISTS {name}")
        c.execute("ANALYZE")


def child(backend: str, n: int, repeat: int, pg_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "iljari.settings.local"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    if backend == "sqlite":
        SQLITE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    else:
        import psycopg

        with psycopg.connect(pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            c.execute(f"CREATE DATABASE {PG_DB}")
        os.environ["DATABASE_URL"] = f"{pg_url}/{PG_DB}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    data = build(n)
    load = os.getloadavg()[0]
    indexed = run_queries(repeat)
    from iljari.employment import search as search_module

    search_module.IN_MEMORY = False  # the words by a subquery over the table (before the in-memory words)
    subquery = run_queries(repeat)
    search_module.IN_MEMORY = True
    drop_indexes()
    baseline = run_queries(repeat)
    print(json.dumps({"backend": backend, "data": data, "indexed": indexed, "subquery": subquery,
                      "without_indexes": baseline,
                      "load_before": round(load, 1)}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--vacancies", type=int, default=84_000)
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--backend", default="both", choices=["sqlite", "pg", "both"])
    p.add_argument("--keep", action="store_true", help="keep the scratch databases (to look at query plans)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.backend, args.vacancies, args.repeat, args.pg_url)
        return
    results = []
    for backend in (["sqlite", "pg"] if args.backend == "both" else [args.backend]):
        proc = subprocess.run([sys.executable, __file__, "--child", "--backend", backend, "--vacancies",
                               str(args.vacancies), "--repeat", str(args.repeat), "--pg-url", args.pg_url],
                              capture_output=True, text=True, check=False)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(proc.returncode)
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(res)
        print(f"\n{backend}: {res['data']}")
        print(f"load average before: {res['load_before']}, after: {os.getloadavg()[0]:.1f}")
        print(f"{'query':40} {'found':>6} {'p50':>7} {'p95':>7} {'cpu p95':>7} | words by subquery: p95 |"
              " no indexes: p50 p95 cpu p95")
        for name, r in res["indexed"].items():
            b, q = res["without_indexes"][name], res["subquery"][name]
            print(f"{name:40} {r['found']:6} {r['p50']:7} {r['p95']:7} {r['cpu_p95']:7} | {q['p95']:7} |"
                  f" {b['p50']:7} {b['p95']:7} {b['cpu_p95']:7}")
        worst = max(r["p95"] for r in res["indexed"].values())
        worst_cpu = max(r["cpu_p95"] for r in res["indexed"].values())
        print(f"worst p95 {worst} ms wall, {worst_cpu} ms CPU (target <= 150 ms)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "jobs.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    if args.keep:
        return
    SQLITE.unlink(missing_ok=True)
    if args.backend in ("pg", "both"):
        import psycopg

        with psycopg.connect(args.pg_url + "/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


if __name__ == "__main__":
    main()
