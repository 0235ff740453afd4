"""Demo job centres (시연용 예시): the Seoul Job Centre and four district centres with generated records whose 2018
totals up to 2018-08-20 over all centres are seed 000's (L996-1000: 구인 84,472, 구직 66,061, 상담 376,240, 알선
469,810, 취업 21,892), 2017 for "last year beside", and a few current-year records so the counsellors' pages have
live open vacancies and active seekers. Every generated record is `illustrative=True`; names are made up.

The records are generated with a seeded random generator (numpy) and inserted in bulk (COPY on PostgreSQL, one
executemany per batch on SQLite): bulk inserts send no signals, so the funnel is derived once at the end
(employment.derive.funnel_derive) — 2018 as of 2018-08-20 (the seed's reference day), 2017 as of 2017-08-20 and
to its end (the same day a year before, for the dashboard's comparison), and this year as of today.

Named people for the acceptance walk: 최말순, 58, lives in 관악구 and wants work near home (commute: neighbour), with
open vacancies in 관악구 and its neighbours; the counsellor login `jobcentre` (demo users) works at the Seoul Job
Centre's unit, and 관악구's `gwanak` district officer works its district's centre.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
from django.db import connection, models, transaction
from django.utils import timezone

from iljari.core.context import change_context
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person
from iljari.programs.models import Program

SEED = 15
SEED_DAY = dt.date(2018, 8, 20)
# seed 000 L996-1000 (서울일자리센터 취업지원서비스, '18.8.20 기준)
TOTALS_2018 = {"vacancies": 84_472, "seekers": 66_061, "counselling": 376_240, "referrals": 469_810,
               "placements": 21_892}
# 2017, illustrative: the whole year about as large as 2018 to 20 August (so 2018 runs ahead of 2017 by that day)
TOTALS_2017 = {"vacancies": 88_310, "seekers": 69_420, "counselling": 391_050, "referrals": 480_200,
               "placements": 23_140}
TOTALS_NOW = {"vacancies": 240, "seekers": 160, "counselling": 420, "referrals": 300, "placements": 40}

# code, name_ko, name_en, org unit, district, program, share of the funnel
CENTRES = [
    ("SEOUL-JC", "서울일자리센터", "Seoul Job Centre", "SEOUL-JOBCENTRE", None, "SEOUL-JOB-CENTRE", 40),
    ("GWANAK-JC", "관악구 일자리센터", "Gwanak Job Centre", "GWANAK-JOBVENTURE", "GWANAK", "GA-JOB-MATCHING", 15),
    ("YDP-JC", "영등포구 일자리지원센터", "Yeongdeungpo Job Support Centre", "YDP-JOBPOL", "YDP", "YDP-JOB-CENTRE", 20),
    ("MAPO-JC", "마포구 일자리센터", "Mapo Job Centre", "MAPO", "MAPO", "MAPO-JOB-CENTRE", 13),
    ("NOWON-JC", "노원구 일자리센터", "Nowon Job Centre", "NOWON", "NOWON", "NOWON-JOB-CENTRE", 12),
]
ADDRESSES = {"SEOUL-JC": "서울특별시 중구 세종대로 110", "GWANAK-JC": "서울특별시 관악구 관악로 145",
             "YDP-JC": "서울특별시 영등포구 당산로 123", "MAPO-JC": "서울특별시 마포구 월드컵로 212",
             "NOWON-JC": "서울특별시 노원구 노해로 437"}
# the districts next to each centre's district (where its seekers live and its vacancies are, mostly)
NEAR = {"GWANAK": ["GWANAK", "DONGJAK", "YDP", "GEUMCHEON", "GURO", "SEOCHO"],
        "YDP": ["YDP", "GURO", "YANGCHEON", "GANGSEO", "DONGJAK", "GWANAK", "MAPO"],
        "MAPO": ["MAPO", "SEODAEMUN", "EUNPYEONG", "YONGSAN", "YDP", "GANGSEO"],
        "NOWON": ["NOWON", "DOBONG", "GANGBUK", "JUNGNANG", "SEONGBUK"]}
SURNAMES = list("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도석선설마길연위표명기반왕금옥육인맹제모탁국어은편용")
SYLLABLES = list("민서준지현수영은우진하윤성경희정숙자순미혜재동석철호상훈태광용규기연주나래다빈채원도혁승찬건아름"
                 "보람슬예린소유한결가온누리봄솔")
ROADS = ["관악로", "남부순환로", "신림로", "봉천로", "당산로", "영중로", "도림로", "월드컵로", "양화로", "노해로", "동일로",
         "상계로", "시흥대로", "디지털로", "여의대방로", "국회대로", "성산로", "공릉로"]
TITLES = {"02": "사무보조원", "23": "사회복지사", "30": "간호조무사", "53": "주방보조원", "54": "아파트 경비원",
          "55": "요양보호사", "56": "건물 청소원", "61": "매장 판매원", "62": "택배 배송기사", "81": "기계 조립원",
          "89": "제조 단순 생산직", "13": "웹 개발자", "21": "방과후 강사", "70": "건설 현장 보조", "87": "식품 포장원"}
EMPLOYER_KINDS = ["상사", "산업", "물류", "푸드", "케어", "테크", "유통", "서비스", "건설", "시스템"]


def _alloc(total: int, weights: list[int]) -> list[int]:
    """Split `total` by `weights` exactly (largest remainder)."""
    w = np.array(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - out))[: total - int(out.sum())]:
        out[i] += 1
    return [int(x) for x in out]


def _days(rng: np.random.Generator, n: int, start: dt.date, end: dt.date) -> np.ndarray:
    """n day offsets from `start`, uniform up to `end` (inclusive), as numpy day numbers."""
    span = (end - start).days + 1
    return np.sort(rng.integers(0, span, size=n)) + start.toordinal()


def _registered_by(rng: np.random.Generator, sorted_days: np.ndarray, days: np.ndarray) -> np.ndarray:
    """For each day, the index of a record (seeker or vacancy, `sorted_days` ascending) registered on or before it,
    chosen at random; the first record when none is yet (the first days of the year draw on the first records).
    So sessions and referrals spread evenly over the year and never come before their seeker or vacancy."""
    upto = np.searchsorted(sorted_days, days, side="right")
    pick = np.floor(rng.random(len(days)) * np.maximum(upto, 1)).astype(np.int64)
    return pick


def _date(ordinal: int) -> dt.date:
    return dt.date.fromordinal(int(ordinal))


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows (column name -> value; ids given) in bulk, filling every other column with its default."""
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields]
    cols = [str(f.column) for f in fields]
    defaults: dict[str, Any] = {}
    for f, col in zip(fields, cols, strict=True):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[col] = now
        elif f.has_default():
            defaults[col] = f.get_default()
        elif f.null:
            defaults[col] = None
        else:
            defaults[col] = ""
    table = model._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.connection.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row([r.get(c, defaults[c]) for c in cols])
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        else:
            _sqlite_fast(cur)
            now_text = connection.ops.adapt_datetimefield_value(now)
            day_text: dict[dt.date, Any] = {}

            def adapt(v: Any) -> Any:
                if isinstance(v, dt.datetime):
                    return now_text if v is now else connection.ops.adapt_datetimefield_value(v)
                if isinstance(v, dt.date):
                    if v not in day_text:
                        day_text[v] = connection.ops.adapt_datefield_value(v)
                    return day_text[v]
                return v

            prepared = [tuple(adapt(r.get(c, defaults[c])) for c in cols) for r in rows]
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            for i in range(0, len(prepared), 50_000):
                cur.executemany(sql, prepared[i:i + 50_000])


def _sqlite_fast(cur: Any) -> None:
    """A bigger page cache for the bulk load (the tables' indexes no longer thrash a 2 MB cache)."""
    cur.execute("PRAGMA cache_size = -262144")  # 256 MB, this connection only


def _insert_columns(model: type[models.Model], n: int, columns: dict[str, Any]) -> None:
    """Insert n rows given column by column (a sequence of n values or one value for all), every other column its
    default; dates as day ordinals (numpy) or dates."""
    if n == 0:
        return
    now = timezone.now()
    pg = connection.vendor == "postgresql"
    day_text: dict[int, Any] = {}

    def day(o: int) -> Any:
        if o not in day_text:
            d = dt.date.fromordinal(o)
            day_text[o] = d if pg else connection.ops.adapt_datefield_value(d)
        return day_text[o]

    seqs = []
    cols: list[str] = []
    for f in model._meta.concrete_fields:
        col = str(f.column)
        cols.append(col)
        v = columns.get(col, columns.get(str(f.attname), None))
        if v is None and col not in columns:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                v = now if pg else connection.ops.adapt_datetimefield_value(now)
            elif f.has_default():
                v = f.get_default()
            elif not f.null:
                v = ""
        if isinstance(v, np.ndarray):
            v = [day(int(x)) for x in v] if isinstance(f, models.DateField) else v.tolist()
        seqs.append(v if isinstance(v, list) else [v] * n)
    table = model._meta.db_table
    rows = list(zip(*seqs, strict=True))
    with connection.cursor() as cur:
        if pg:
            with cur.connection.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        else:
            _sqlite_fast(cur)
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            for i in range(0, n, 50_000):
                cur.executemany(sql, rows[i:i + 50_000])


def _next_id(model: type[models.Model]) -> int:
    return int(model._base_manager.aggregate(m=models.Max("id"))["m"] or 0) + 1


def _min_monthly(year: int) -> int:
    from iljari.employment.models import MinimumWage

    w = MinimumWage.objects.filter(valid_from__lte=dt.date(year, 12, 31)).order_by("-valid_from").first()
    return (w.hourly if w else 10_320) * 209


class _Gen:
    """Generates one year's records for all centres (ids assigned here, inserted by `flush`)."""

    def __init__(self, rng: np.random.Generator, centres: list[Any], units: dict[str, OrgUnit],
                 occupations: dict[str, int]) -> None:
        self.rng = rng
        self.centres = centres
        self.units = units
        # a job centre's vacancies: not executives, police, fire and prison officers or soldiers (hired otherwise)
        self.occ_codes = sorted(c for c in occupations if c not in ("01", "24", "25"))
        self.occ_ids = occupations
        self.district_codes = [u for u in units if units[u].kind == "district"]
        self.person_id = _next_id(Person)
        from iljari.employment import models as em

        self.em = em
        self.ids = {m: _next_id(getattr(em, m)) for m in ("Seeker", "Employer", "Vacancy", "Counselling",
                                                         "Referral", "Placement")}
        self.rows: dict[str, list[dict[str, Any]]] = {m: [] for m in ("Person", *self.ids)}
        self.pending_referrals: list[tuple[int, dict[str, Any]]] = []
        self.occ_name: dict[str, str] = {}
        self.used_names: set[tuple[str, int]] = set()
        self.business_numbers: set[str] = set(em.Employer.objects.values_list("business_number", flat=True))

    def _id(self, model: str) -> int:
        i = self.ids[model]
        self.ids[model] += 1
        return i

    def _name(self, birth_ordinal: int) -> str:
        rng = self.rng
        while True:
            name = (SURNAMES[int(rng.integers(0, 12 if rng.random() < 0.6 else len(SURNAMES)))]
                    + SYLLABLES[int(rng.integers(0, len(SYLLABLES)))] + SYLLABLES[int(rng.integers(0, len(SYLLABLES)))])
            if (name, birth_ordinal // 365) not in self.used_names:  # no two made-up people share name and age
                self.used_names.add((name, birth_ordinal // 365))
                return name

    def _district(self, centre: Any) -> str:
        near = NEAR.get(centre.district.code if centre.district else "", None)
        if near and self.rng.random() < 0.85:
            return near[int(self.rng.integers(0, len(near)))]
        return self.district_codes[int(self.rng.integers(0, len(self.district_codes)))]

    def year(self, year: int, totals: dict[str, int], start: dt.date, end: dt.date, live: bool = False) -> None:
        rng = self.rng
        shares = [int(getattr(c, "share", 1)) for c in self.centres]
        split = {k: _alloc(v, shares) for k, v in totals.items()}
        min_monthly = _min_monthly(year)
        min_hourly = min_monthly // 209
        for ci, c in enumerate(self.centres):
            n_v, n_s, n_c, n_r, n_p = (split[k][ci] for k in ("vacancies", "seekers", "counselling", "referrals",
                                                                "placements"))
            if n_s == 0 or n_v == 0:
                continue
            # employers: one for every twenty vacancies
            emp_ids = []
            for _ in range(max(1, n_v // 20)):
                while True:
                    bn = f"{int(rng.integers(100, 999))}{int(rng.integers(10, 99))}{int(rng.integers(10000, 99999))}"
                    if bn not in self.business_numbers:
                        self.business_numbers.add(bn)
                        break
                d = self._district(c)
                eid = self._id("Employer")
                emp_ids.append((eid, d))
                self.rows["Employer"].append({
                    "id": eid, "name": f"㈜{self._name(0)[1:]}{EMPLOYER_KINDS[int(rng.integers(0, 10))]}",
                    "business_number": bn, "sector": "", "employees": int(rng.integers(3, 300)),
                    "address": f"서울특별시 {self.units[d].name_ko} {ROADS[int(rng.integers(0, len(ROADS)))]} "
                               f"{int(rng.integers(1, 400))}",
                    "district_id": self.units[d].pk, "centre_id": c.pk, "illustrative": True})
            # vacancies
            v_days = _days(rng, n_v, start, end)
            v_days[0] = start.toordinal()  # one vacancy from the first day: nothing is referred before its vacancy
            v_ids = np.arange(self.ids["Vacancy"], self.ids["Vacancy"] + n_v)
            self.ids["Vacancy"] += n_v
            v_emp = rng.integers(0, len(emp_ids), size=n_v)
            v_occ = rng.integers(0, len(self.occ_codes), size=n_v)
            v_wage = rng.uniform(1.0, 1.7, size=n_v)
            for i in range(n_v):
                eid, d = emp_ids[int(v_emp[i])]
                occ = self.occ_codes[int(v_occ[i])]
                posted = _date(v_days[i])
                deadline = posted + dt.timedelta(days=int(rng.integers(14, 60)))
                part_time = rng.random() < 0.2
                if part_time:
                    wage_type, wage, hours, contract = "hourly", int(min_hourly * v_wage[i] / 10 + 1) * 10, 20, \
                        "part_time"
                else:
                    wage_type, wage, hours = "monthly", int(min_monthly * v_wage[i] / 10_000 + 1) * 10_000, 40
                    contract = "permanent" if rng.random() < 0.6 else "fixed"
                status = ("open" if deadline >= timezone.localdate() else "closed") if live else (
                    "filled" if rng.random() < 0.3 else "closed")
                self.rows["Vacancy"].append({
                    "id": int(v_ids[i]), "employer_id": eid, "centre_id": c.pk,
                    "title": TITLES.get(occ, "") or f"{self.occ_name[occ]} 모집", "occupation_id": self.occ_ids[occ],
                    "tasks": "", "district_id": self.units[d].pk, "wage_type": wage_type, "wage": wage,
                    "hours_per_week": hours, "contract": contract, "openings": int(rng.integers(1, 4)),
                    "posted_on": posted, "deadline": deadline, "status": status, "illustrative": True})
            # seekers and their persons
            s_days = _days(rng, n_s, start, end)
            s_days[0] = start.toordinal()  # one seeker from the first day: no session before its seeker registered
            s_ids = np.arange(self.ids["Seeker"], self.ids["Seeker"] + n_s)
            self.ids["Seeker"] += n_s
            ages = rng.integers(19, 70, size=n_s)
            for i in range(n_s):
                reg = _date(s_days[i])
                birth = reg - dt.timedelta(days=int(ages[i]) * 365 + int(rng.integers(0, 365)))
                d = self._district(c)
                pid = self.person_id
                self.person_id += 1
                sex = "F" if rng.random() < 0.5 else "M"
                address = f"서울특별시 {self.units[d].name_ko} {ROADS[int(rng.integers(0, len(ROADS)))]} " \
                          f"{int(rng.integers(1, 400))}"
                self.rows["Person"].append({
                    "id": pid, "name": self._name(birth.toordinal()), "birth_date": birth, "sex": sex,
                    "phone": f"010-{int(rng.integers(2000, 9999))}-{int(rng.integers(1000, 9999))}",
                    "address": address, "address_norm": "", "district_id": self.units[d].pk, "source": "seeker",
                    "source_ref": f"seeker:{int(s_ids[i])}", "cluster_id": pid})
                self.rows["Seeker"].append({
                    "id": int(s_ids[i]), "person_id": pid, "centre_id": c.pk, "registered_on": reg,
                    "home_district_id": self.units[d].pk, "commute": ["own", "neighbour", "seoul"][
                        int(rng.integers(0, 3))], "wage_type": "monthly",
                    "desired_wage": int(min_monthly * rng.uniform(1.0, 1.5) / 10_000 + 1) * 10_000,
                    "education": ["high", "college", "university", "none"][int(rng.integers(0, 4))],
                    "consent_share": bool(rng.random() < 0.7), "status": "active" if live else "closed",
                    "illustrative": True})
            # counselling: a seeker's sessions on or after the day they registered
            c_days = _days(rng, n_c, start, end)
            c_seek = _registered_by(rng, s_days, c_days)
            kinds = ["intake", "career", "job_search", "cv", "interview", "follow_up"]
            c_kind = rng.integers(0, len(kinds), size=n_c)
            c_chan = rng.integers(0, 3, size=n_c)
            base = self.ids["Counselling"]
            self.ids["Counselling"] += n_c
            _insert_columns(self.em.Counselling, n_c, {
                "id": np.arange(base, base + n_c), "seeker_id": s_ids[c_seek], "centre_id": c.pk,
                "held_on": c_days, "kind": [kinds[k] for k in c_kind.tolist()],
                "channel": [("visit", "phone", "online")[k] for k in c_chan.tolist()], "illustrative": True})
            # referrals: to a vacancy posted by then, after the seeker registered
            r_days = _days(rng, n_r, start, end)
            r_seek = _registered_by(rng, s_days, r_days)
            r_vac = _registered_by(rng, v_days, r_days)
            placed = set(rng.choice(n_r, size=n_p, replace=False).tolist())
            outcomes = ["interview", "seeker_refused", "employer_refused", "pending"]
            r_out = rng.integers(0, len(outcomes), size=n_r)
            base = self.ids["Referral"]
            self.ids["Referral"] += n_r
            vac_rows = self.rows["Vacancy"][-n_v:]
            hired = np.zeros(n_r, dtype=bool)
            hired[list(placed)] = True
            out_codes = [outcomes[k] for k in r_out.tolist()]
            outcome_on: list[Any] = [None] * n_r
            for i in sorted(placed):
                out_codes[i] = "hired"
                v = vac_rows[int(r_vac[i])]
                on = min(end, _date(r_days[i]) + dt.timedelta(days=int(rng.integers(0, 15))))
                outcome_on[i] = on if connection.vendor == "postgresql" else connection.ops.adapt_datefield_value(on)
                self.rows["Placement"].append({
                    "id": self._id("Placement"), "seeker_id": int(s_ids[r_seek[i]]), "referral_id": base + i,
                    "centre_id": c.pk, "employer_id": v["employer_id"], "occupation_id": v["occupation_id"],
                    "placed_on": on, "wage_type": v["wage_type"], "wage": v["wage"], "contract": v["contract"],
                    "via": "referral", "illustrative": True})
            self.pending_referrals.append((n_r, {
                "id": np.arange(base, base + n_r), "seeker_id": s_ids[r_seek], "vacancy_id": v_ids[r_vac],
                "centre_id": c.pk, "referred_on": r_days, "outcome": out_codes, "outcome_on": outcome_on,
                "illustrative": True}))

    def flush(self) -> dict[str, int]:
        em = self.em
        counts = {}
        for name, model in (("Person", Person), ("Employer", em.Employer), ("Seeker", em.Seeker),
                            ("Vacancy", em.Vacancy), ("Placement", em.Placement)):
            _insert(model, self.rows[name])
            counts[name] = len(self.rows[name])
            self.rows[name] = []
            if name == "Vacancy":  # referrals after their vacancies and seekers, placements after them
                for n, cols in self.pending_referrals:
                    _insert_columns(em.Referral, n, cols)
                    counts["Referral"] = counts.get("Referral", 0) + n
                self.pending_referrals = []
        return counts


def _walk_people(actor: Any, centres: dict[str, Any], units: dict[str, OrgUnit], today: dt.date) -> list[str]:
    """The named seeker of the acceptance walk and open vacancies next to her home (through the models: a few)."""
    from iljari.employment.models import Employer, Occupation, Seeker, Vacancy
    from iljari.people.normalise import address_norm

    if Person.objects.filter(name="최말순", source="seeker").exists():
        return []
    birth = dt.date(today.year - 58, 3, 14) if (today.month, today.day) >= (3, 14) else \
        dt.date(today.year - 59, 3, 14)
    address = "서울특별시 관악구 신림로 340"
    person = Person.objects.create(name="최말순", birth_date=birth, sex="F", phone="010-4417-2093", address=address,
                                   address_norm=address_norm(address), district=units["GWANAK"], source="seeker")
    Person.objects.filter(pk=person.pk).update(cluster_id=person.pk, source_ref=f"seeker:demo:{person.pk}")
    seeker = Seeker.objects.create(person=person, centre=centres["GWANAK-JC"], registered_on=today,
                                   home_district=units["GWANAK"], commute="neighbour", wage_type="monthly",
                                   desired_wage=2_200_000, hours_per_week=40, education="high",
                                   skills_text="청소, 주방 보조, 어르신 돌봄", career_text="식당 주방 보조 10년, 건물 청소 3년",
                                   consent_share=True, illustrative=True)
    seeker.desired_occupations.set(Occupation.objects.filter(code__in=["56", "53", "55"]))
    made = 0
    for i, (d, occ, title, wage) in enumerate([
            ("GWANAK", "56", "아파트 단지 청소원", 2_250_000), ("GWANAK", "53", "구내식당 주방보조원", 2_300_000),
            ("DONGJAK", "55", "주야간보호센터 요양보호사", 2_400_000), ("GEUMCHEON", "56", "사무실 건물 청소원", 2_200_000),
            ("YDP", "53", "급식 조리보조원", 2_350_000), ("NOWON", "56", "병원 청소원", 2_300_000)]):
        emp = Employer.objects.create(name=f"㈜{units[d].name_ko[:-1]}생활서비스{i + 1}", business_number=f"{2208100000 + i}",
                                      district=units[d], centre=centres["GWANAK-JC"], illustrative=True,
                                      address=f"서울특별시 {units[d].name_ko} {ROADS[i]} {100 + i}")
        Vacancy.objects.create(employer=emp, centre=centres["GWANAK-JC"], title=title,
                               occupation=Occupation.objects.get(code=occ), district=units[d], wage_type="monthly",
                               wage=wage, hours_per_week=40, contract="permanent", posted_on=today,
                               deadline=today + dt.timedelta(days=30), status="open", illustrative=True,
                               tasks=title + " (시연용 예시)")
        made += 1
    return [f"  named seeker 최말순 ({birth:%Y-%m-%d}, 관악구, near home) and {made} open vacancies near her"]


def load_demo_employment(*, actor: Any, today: dt.date | None = None,
                         years: tuple[int, ...] | None = None) -> list[str]:
    """Centres, generated records (once) and the funnel derived into the ledger; lines saying what was made.
    `years`: only these of 2017, 2018 and this year (tests)."""
    from django.conf import settings

    from iljari.employment.derive import funnel_derive
    from iljari.employment.models import Centre, Occupation

    today = today or timezone.localdate()
    if years is None and not getattr(settings, "ILJARI_DEMO_EMPLOYMENT_HISTORY", True):
        years = (today.year,)  # tests: the live records only (see settings.test)
    out: list[str] = []
    t0 = time.perf_counter()
    codes = {c[3] for c in CENTRES} | {c[4] for c in CENTRES if c[4]} | {d for v in NEAR.values() for d in v}
    units = {u.code: u for u in OrgUnit.objects.filter(Q_units(codes))}
    programs = {p.code: p for p in Program.objects.filter(code__in=[c[5] for c in CENTRES])}
    centres: dict[str, Any] = {}
    with change_context("cli"), transaction.atomic():
        for code, ko, en, unit, district, program, share in CENTRES:
            if unit not in units or program not in programs:
                continue
            c, _ = Centre.objects.get_or_create(code=code, defaults={
                "name_ko": ko, "name_en": en, "org_unit": units[unit], "district": units.get(district or ""),
                "program": programs[program], "address": ADDRESSES[code]})
            setattr(c, "share", share)  # noqa: B010  (the generator's split, not a model field)
            centres[code] = c
        if not centres:
            return out
        if Centre.objects.filter(pk__in=[c.pk for c in centres.values()], seekers__illustrative=True).exists():
            return [f"  job centres: {len(centres)} (records already loaded)"]
        occupations = {o.code: o.pk for o in Occupation.objects.filter(level=2)}
        gen = _Gen(np.random.default_rng(SEED), list(centres.values()), units, occupations)
        gen.occ_name = {o.code: o.name_ko for o in Occupation.objects.filter(level=2)}
        counts: dict[str, int] = {}
        for year, totals, start, end, live in (
                (2017, TOTALS_2017, dt.date(2017, 1, 1), dt.date(2017, 12, 31), False),
                (2018, TOTALS_2018, dt.date(2018, 1, 1), SEED_DAY, False),
                (today.year, TOTALS_NOW, today - dt.timedelta(days=45), today, True)):
            if years is not None and year not in years:
                continue
            gen.year(year, totals, start, end, live=live)
            for k, v in gen.flush().items():
                counts[k] = counts.get(k, 0) + v
        out.append("  job centres: " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
                   + f" ({time.perf_counter() - t0:.1f}s)")
        out += _walk_people(actor, centres, units, today)
    t1 = time.perf_counter()
    cs = list(centres.values())
    for year, as_of in ((2017, dt.date(2017, 8, 20)), (2017, dt.date(2017, 12, 31)), (2018, SEED_DAY),
                        (today.year, today)):
        if years is not None and year not in years:
            continue
        r = funnel_derive(actor=actor, year=year, as_of=as_of, centres=cs,
                          reason="시연용 예시 기록에서 집계 / counted from the illustrative demo records")
        out.append(f"  funnel {year} as of {as_of:%Y-%m-%d}: {r.created} created, {r.changed} changed")
    out[-1] += f" ({time.perf_counter() - t1:.1f}s)"
    return out


def Q_units(codes: set[str]) -> models.Q:
    return models.Q(code__in=codes) | models.Q(kind="district")
