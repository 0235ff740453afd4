"""Writes of the job centres' registries: seekers (a `people.Person` of source "seeker" each), employers and
vacancies (created, changed, approved when sent through the public form, rejected, closed).

Every service is keyword-only, runs in one transaction, checks the version the writer read (a stale copy: 409),
writes an audit row, and refuses bad input with a ServiceError naming every problem found (Korean and English,
each with the field): nothing is half-saved. The counsellors' pages, the API and the public forms all call these.

The legal minimum wage (`MinimumWage`, dated) is compared as follows (`minimum_wage_for`):

- hourly (시급): the wage itself against the hourly minimum in force on the posting date;
- daily (일급): hours a day = weekly hours / 5; the daily wage at least hourly minimum × hours a day;
- monthly (월급): the statutory monthly paid hours = (weekly hours up to 40 + the paid weekly rest (주휴시간,
  weekly hours up to 40 / 5, only for 15 hours a week or more) + 1.5 × the hours over 40) × 4.345 weeks a month,
  rounded to whole hours. For 40 hours a week this is (40 + 8) × 4.345 = 208.56 → the standard 209 hours (2018:
  7,530 × 209 = 1,573,770 won);
- annual (연봉): a twelfth of it against the monthly minimum (the annual wage at least 12 × the monthly minimum).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_change, audit_record, check_version, snapshot
from iljari.core.brn import business_number_clean, business_number_format  # noqa: F401  (re-exported)
from iljari.core.errors import ConflictError, ErrorCode, NotFoundError, Problem, ServiceError
from iljari.ledger.derived import acting
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person

from .models import Centre, Contract, Education, Employer, MinimumWage, Occupation, Seeker, SkillCode, Vacancy, WageType

MAX_HOURS_PER_WEEK = 52  # 근로기준법: 40 hours + 12 hours of overtime
WEEKS_PER_MONTH = Decimal("4.345")  # 365 / 7 / 12

SEEKER_FIELDS = ["person", "centre", "counsellor", "registered_on", "channel", "home_district", "commute", "wage_type",
                 "desired_wage", "hours_per_week", "education", "skills_text", "career_text", "programmes_joined",
                 "consent_share", "status"]
EMPLOYER_FIELDS = ["name", "business_number", "sector", "employees", "address", "district", "contact_name",
                   "contact_phone", "contact_email", "centre"]
VACANCY_FIELDS = ["employer", "centre", "title", "occupation", "tasks", "district", "address", "wage_type", "wage",
                  "hours_per_week", "contract", "openings", "education", "requirements", "posted_on", "deadline",
                  "status", "channel", "approved_by", "approved_at", "reject_reason"]
_PERSON_FIELDS = ["name", "birth_date", "sex", "phone", "address", "district", "source", "source_ref"]

WAGE_NAMES = {"hourly": ("시급", "hourly wage"), "daily": ("일급", "daily wage"), "monthly": ("월급", "monthly wage"),
              "annual": ("연봉", "annual salary")}


# ------------------------------------------------------------------------------------------------ helpers


def _today() -> dt.date:
    return timezone.localdate()


def _text(value: Any, limit: int) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _seeker_state(s: Seeker) -> dict[str, Any]:
    return snapshot(s, fields=SEEKER_FIELDS, extra={
        "desired_occupations": sorted(o.code for o in s.desired_occupations.all()),
        "licences": sorted(c.code for c in s.licences.all())})


def _vacancy_state(v: Vacancy) -> dict[str, Any]:
    return snapshot(v, fields=VACANCY_FIELDS, extra={"required_licences": sorted(c.code for c in v.required_licences.all())})


def _employer_state(e: Employer) -> dict[str, Any]:
    return snapshot(e, fields=EMPLOYER_FIELDS)


def _district(value: Any, problems: list[Problem], *, field: str, required: bool = False) -> OrgUnit | None:
    """An org unit given as itself, its id or its code; an unknown one is a problem."""
    if value in (None, ""):
        if required:
            problems.append(Problem(ErrorCode.REQUIRED, "근무 지역(자치구)을 고르십시오", "choose the district",
                                    field=field))
        return None
    if isinstance(value, OrgUnit):
        return value
    unit = OrgUnit.objects.filter(code=str(value)[:40]).first()
    if unit is None and str(value).isdigit():
        unit = OrgUnit.objects.filter(pk=int(value)).first()
    if unit is None:
        problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 자치구입니다 ({str(value)[:40]})",
                                f"unknown district ({str(value)[:40]})", field=field))
    return unit


def _occupations(values: Iterable[Any], problems: list[Problem], *, field: str) -> list[Occupation]:
    out: list[Occupation] = []
    codes = [v.code if isinstance(v, Occupation) else str(v).strip()[:8] for v in list(values or ())[:50]]
    found = {o.code: o for o in Occupation.objects.filter(code__in=codes, active=True)}
    bad = [c for c in codes if c not in found]
    if bad:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"없거나 쓰지 않는 직업 코드입니다: {', '.join(bad)}",
                                f"unknown or inactive occupation code: {', '.join(bad)}", field=field))
    for c in codes:
        if c in found and found[c] not in out:
            out.append(found[c])
    return out


def _skills(values: Iterable[Any], problems: list[Problem], *, field: str) -> list[SkillCode]:
    codes = [v.code if isinstance(v, SkillCode) else str(v).strip()[:20] for v in list(values or ())[:50]]
    found = {s.code: s for s in SkillCode.objects.filter(code__in=codes, active=True)}
    bad = [c for c in codes if c not in found]
    if bad:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"없거나 쓰지 않는 자격·기술 코드입니다: {', '.join(bad)}",
                                f"unknown or inactive licence or skill code: {', '.join(bad)}", field=field))
    return list({c: found[c] for c in codes if c in found}.values())


def _choice(value: Any, choices: Any, problems: list[Problem], *, field: str, ko: str, en: str) -> str:
    value = str(value or "")
    if value not in choices.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, f"{ko}: 고를 수 있는 값이 아닙니다",
                                f"{en}: not one of the choices", field=field))
    return value


def _int(value: Any, problems: list[Problem], *, field: str, ko: str, en: str, lo: int, hi: int,
         required: bool = True) -> int | None:
    if value in (None, ""):
        if required:
            problems.append(Problem(ErrorCode.REQUIRED, f"{ko}을(를) 적으십시오", f"give the {en}", field=field))
        return None
    if isinstance(value, bool):
        value = "x"
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):
        problems.append(Problem(ErrorCode.NOT_AN_INTEGER, f"{ko}: 정수가 아닙니다", f"{en}: not a whole number",
                                field=field))
        return None
    if isinstance(value, float) and value != n:
        problems.append(Problem(ErrorCode.NOT_AN_INTEGER, f"{ko}: 정수가 아닙니다", f"{en}: not a whole number",
                                field=field))
        return None
    if not lo <= n <= hi:
        problems.append(Problem(ErrorCode.OUT_OF_RANGE, f"{ko}: {lo:,}~{hi:,} 사이여야 합니다",
                                f"{en}: must be between {lo:,} and {hi:,}", field=field))
        return None
    return n


def _date(value: Any, problems: list[Problem], *, field: str, ko: str, en: str, required: bool = True
          ) -> dt.date | None:
    if value in (None, ""):
        if required:
            problems.append(Problem(ErrorCode.REQUIRED, f"{ko}을(를) 적으십시오", f"give the {en}", field=field))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        problems.append(Problem(ErrorCode.INVALID_DATE, f"{ko}: 날짜가 올바르지 않습니다",
                                f"{en}: not a valid date", field=field))
        return None


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ServiceError(problems)


# ------------------------------------------------------------------------------------------------ business number






# ------------------------------------------------------------------------------------------------ minimum wage


def minimum_wage_on(on: dt.date) -> MinimumWage | None:
    """The hourly minimum wage in force on a date (None before the first one recorded)."""
    return MinimumWage.objects.filter(valid_from__lte=on).order_by("-valid_from").first()


def monthly_hours(hours_per_week: int) -> int:
    """The statutory monthly paid hours of a weekly schedule (see the module's note): 40 → 209."""
    base = min(hours_per_week, 40)
    rest = Decimal(base) / 5 if hours_per_week >= 15 else Decimal(0)
    overtime = Decimal(max(hours_per_week - 40, 0)) * Decimal("1.5")
    paid = (Decimal(base) + rest + overtime) * WEEKS_PER_MONTH
    return int(paid.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def minimum_wage_for(wage_type: str, hours_per_week: int, hourly: int) -> int:
    """The least wage of `wage_type` for `hours_per_week` when the hourly minimum is `hourly` (whole won, up)."""
    if wage_type == WageType.HOURLY:
        return hourly
    if wage_type == WageType.DAILY:
        return math.ceil(Decimal(hourly) * Decimal(hours_per_week) / 5)
    monthly = hourly * monthly_hours(hours_per_week)
    return monthly * 12 if wage_type == WageType.ANNUAL else monthly


def minimum_wage_problem(*, wage_type: str, wage: int, hours_per_week: int, on: dt.date,
                         field: str = "wage") -> Problem | None:
    """A problem when `wage` (of `wage_type`, for `hours_per_week`) is below the minimum in force on `on`."""
    mw = minimum_wage_on(on)
    if mw is None or wage_type not in WAGE_NAMES or hours_per_week <= 0:
        return None
    least = minimum_wage_for(wage_type, hours_per_week, mw.hourly)
    if wage >= least:
        return None
    ko, en = WAGE_NAMES[wage_type]
    if wage_type == WageType.HOURLY:
        basis_ko, basis_en = f"시간당 {mw.hourly:,}원", f"{mw.hourly:,} won an hour"
    else:
        basis_ko = f"시간당 {mw.hourly:,}원, 주 {hours_per_week}시간 기준 {ko} {least:,}원"
        basis_en = f"{mw.hourly:,} won an hour; {least:,} won for {hours_per_week} hours a week"
    return Problem(ErrorCode.OUT_OF_RANGE, f"{ko} {wage:,}원은 {on:%Y.%m.%d} 당시 최저임금({basis_ko})보다 적습니다",
                   f"the {en} of {wage:,} won is below the minimum wage in force on {on:%Y.%m.%d} ({basis_en})",
                   field=field, params={"least": least, "hourly": mw.hourly})


# ------------------------------------------------------------------------------------------------ seekers


def _seeker_values(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The checked seeker fields among `data` (only those given)."""
    out: dict[str, Any] = {}
    if "home_district" in data:
        out["home_district"] = _district(data["home_district"], problems, field="home_district")
    if "commute" in data:
        out["commute"] = _choice(data["commute"], Seeker.Commute, problems, field="commute", ko="통근 범위",
                                 en="commute")
    if "wage_type" in data:
        out["wage_type"] = _choice(data["wage_type"], WageType, problems, field="wage_type", ko="임금 형태",
                                   en="wage type")
    if "desired_wage" in data:
        out["desired_wage"] = _int(data["desired_wage"], problems, field="desired_wage", ko="희망 임금",
                                   en="desired wage", lo=0, hi=2_000_000_000, required=False)
    if "hours_per_week" in data:
        out["hours_per_week"] = _int(data["hours_per_week"], problems, field="hours_per_week", ko="주당 근로시간",
                                     en="hours a week", lo=1, hi=MAX_HOURS_PER_WEEK, required=False)
    if "education" in data:
        out["education"] = _choice(data["education"], Education, problems, field="education", ko="학력",
                                   en="education")
    for key, limit in (("skills_text", 4000), ("career_text", 4000), ("programmes_joined", 1000)):
        if key in data:
            out[key] = _text(data[key], limit)
    if "consent_share" in data:
        out["consent_share"] = bool(data["consent_share"])
    if "channel" in data:
        out["channel"] = _choice(data["channel"], Seeker.Channel, problems, field="channel", ko="등록 경로",
                                 en="channel")
    if "status" in data:
        out["status"] = _choice(data["status"], Seeker.Status, problems, field="status", ko="상태", en="status")
    if "registered_on" in data:
        day = _date(data["registered_on"], problems, field="registered_on", ko="등록일", en="registration date",
                    required=False) or _today()
        if day > _today():
            problems.append(Problem(ErrorCode.INVALID_DATE, "등록일이 오늘보다 늦습니다",
                                    "the registration date is after today", field="registered_on"))
        out["registered_on"] = day
    if "counsellor" in data:
        out["counsellor"] = data["counsellor"] or None
    if "desired_occupations" in data:
        out["desired_occupations"] = _occupations(data["desired_occupations"], problems, field="desired_occupations")
    if "licences" in data:
        out["licences"] = _skills(data["licences"], problems, field="licences")
    return out


def _person_values(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data:
        out["name"] = _text(data["name"], 100)
        if not out["name"]:
            problems.append(Problem(ErrorCode.REQUIRED, "이름을 적으십시오", "give the name", field="name"))
    if "birth_date" in data:
        born = _date(data["birth_date"], problems, field="birth_date", ko="생년월일", en="birth date")
        if born and not dt.date(1900, 1, 1) <= born <= _today():
            problems.append(Problem(ErrorCode.INVALID_DATE, "생년월일이 올바르지 않습니다",
                                    "the birth date is not plausible", field="birth_date"))
        out["birth_date"] = born
    if "sex" in data:
        sex = str(data["sex"] or "")
        if sex and sex not in Person.Sex.values:
            problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "성별: 고를 수 있는 값이 아닙니다",
                                    "sex: not one of the choices", field="sex"))
        out["sex"] = sex if sex in Person.Sex.values else ""
    if "phone" in data:
        phone = _text(data["phone"], 40)
        if phone and not re.fullmatch(r"[0-9+\-() .]{7,20}", phone):
            problems.append(Problem(ErrorCode.INVALID, "전화번호가 올바르지 않습니다", "the phone number is not valid",
                                    field="phone"))
        out["phone"] = phone[:20]
    if "address" in data:
        out["address"] = _text(data["address"], 300)
    return out


@acting
def seeker_register(*, actor: Any, centre: Centre, name: str, birth_date: dt.date | None, sex: str = "",
                    phone: str = "", address: str = "", home_district: Any = None, channel: str = "counsellor",
                    registered_on: dt.date | None = None, desired_occupations: Iterable[Any] = (),
                    commute: str = Seeker.Commute.NEIGHBOUR, wage_type: str = WageType.MONTHLY,
                    desired_wage: int | None = None, hours_per_week: int | None = None,
                    education: str = Education.NONE, licences: Iterable[Any] = (), skills_text: str = "",
                    career_text: str = "", programmes_joined: str = "", consent_share: bool = False,
                    counsellor: Any = None) -> Seeker:
    """Register a job seeker with `centre`: the person (source "seeker") in the person registry, then the seeker.
    Once committed, the registry checks the new person against everyone (a failure of that check is logged and
    never undoes the registration). A seeker already active at the centre (same name, birth date and phone) is
    refused."""
    problems: list[Problem] = []
    if not isinstance(centre, Centre) or not centre.active:
        problems.append(Problem(ErrorCode.REQUIRED, "일자리센터를 고르십시오", "choose the job centre", field="centre"))
    person = _person_values({"name": name, "birth_date": birth_date, "sex": sex, "phone": phone,
                             "address": address}, problems)
    values = _seeker_values({"home_district": home_district, "channel": channel, "registered_on": registered_on,
                             "desired_occupations": desired_occupations, "commute": commute, "wage_type": wage_type,
                             "desired_wage": desired_wage, "hours_per_week": hours_per_week,
                             "education": education, "licences": licences, "skills_text": skills_text,
                             "career_text": career_text, "programmes_joined": programmes_joined,
                             "consent_share": consent_share, "counsellor": counsellor}, problems)
    _raise(problems)
    occupations = values.pop("desired_occupations")
    skills = values.pop("licences")
    with transaction.atomic():
        digits = re.sub(r"\D", "", person["phone"])
        twins = Seeker.objects.select_for_update().filter(
            centre=centre, status=Seeker.Status.ACTIVE, person__name=person["name"],
            person__birth_date=person["birth_date"])
        if any(re.sub(r"\D", "", t.person.phone) == digits for t in twins.select_related("person")[:20]):
            raise ConflictError(Problem(ErrorCode.DUPLICATE_ROW, "이 센터에 이미 구직 중으로 등록된 분입니다",
                                        "this person is already registered as seeking work at this centre",
                                        field="name"))
        from iljari.people.services import person_create

        p = person_create(actor=actor, source=Person.Source.SEEKER, source_ref="seeker:new", audit=False,
                          district=values["home_district"], **person)
        seeker = Seeker.objects.create(person=p, centre=centre, **values)
        p.source_ref = f"seeker:{seeker.pk}"
        p.save(update_fields=["source_ref"])
        audit_change(actor=actor, obj=p, before=None, after=snapshot(p, fields=_PERSON_FIELDS))
        seeker.desired_occupations.set(occupations)
        seeker.licences.set(skills)
        audit_change(actor=actor, obj=seeker, before=None, after=_seeker_state(seeker))
        _check_person_on_commit(p.pk, actor)
    return seeker


def _check_person_on_commit(person_id: int, actor: Any) -> None:
    """The person registry's incremental check of a new or changed person, after commit, never failing the
    registration (the next full linkage run checks them all the same)."""

    def run() -> None:
        import logging

        try:
            from iljari.people.linkage.service import check_new_persons

            check_new_persons([person_id], actor=actor if getattr(actor, "pk", None) else None)
        except Exception:
            logging.getLogger(__name__).exception("incremental registry check failed for person %s", person_id)

    transaction.on_commit(run, robust=True)


@acting
def seeker_update(*, actor: Any, seeker: Seeker, version: int, **changes: Any) -> Seeker:
    """Change a seeker (and their person's name, birth date, sex, phone, address) from the version the writer
    read. Unknown fields are refused; an edit that changes nothing writes nothing."""
    person_keys = {"name", "birth_date", "sex", "phone", "address"}
    seeker_keys = {"home_district", "commute", "wage_type", "desired_wage", "hours_per_week", "education",
                   "skills_text", "career_text", "programmes_joined", "consent_share", "status", "registered_on",
                   "counsellor", "desired_occupations", "licences", "reason"}
    problems: list[Problem] = []
    unknown = sorted(set(changes) - person_keys - seeker_keys)
    if unknown:
        problems.append(Problem(ErrorCode.FIELD_NOT_ALLOWED, f"고칠 수 없는 항목입니다: {', '.join(unknown)}",
                                f"these fields cannot be changed: {', '.join(unknown)}", field=unknown[0]))
    reason = _text(changes.pop("reason", ""), 300)
    person_vals = _person_values({k: v for k, v in changes.items() if k in person_keys}, problems)
    values = _seeker_values({k: v for k, v in changes.items() if k in seeker_keys}, problems)
    _raise(problems)
    with transaction.atomic():
        current = Seeker.objects.select_for_update().select_related("person").get(pk=seeker.pk)
        check_version(current, version, what_ko="이 구직자를", what_en="this seeker")
        before = _seeker_state(current)
        occupations = values.pop("desired_occupations", None)
        skills = values.pop("licences", None)
        for k, v in values.items():
            setattr(current, k, v)
        if occupations is not None:
            current.desired_occupations.set(occupations)
        if skills is not None:
            current.licences.set(skills)
        if person_vals:
            from iljari.people.services import person_update_identity

            p = current.person
            ident = {"name": p.name, "birth_date": p.birth_date, "sex": p.sex, "phone": p.phone,
                     "address": p.address, "district": values.get("home_district", p.district),
                     "rrn_hash": p.rrn_hash, **person_vals}
            old_version = p.version
            p = person_update_identity(actor=actor, person=p, reason=reason, **ident)
            current.person = p
            if p.version != old_version:
                _check_person_on_commit(p.pk, actor)
        after = _seeker_state(current)
        if after != before:
            current.version += 1
            current.save()
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, before=before, after=after,
                         reason=reason)
    return current


# ------------------------------------------------------------------------------------------------ employers


def _employer_values(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data:
        out["name"] = _text(data["name"], 200)
        if not out["name"]:
            problems.append(Problem(ErrorCode.REQUIRED, "기업 이름을 적으십시오", "give the employer's name",
                                    field="name"))
    if "business_number" in data:
        number = business_number_clean(data["business_number"])
        if number is None:
            problems.append(Problem(ErrorCode.INVALID, "사업자등록번호가 올바르지 않습니다 (10자리, 검증 숫자 확인)",
                                    "the business registration number is not valid (ten digits, check digit)",
                                    field="business_number"))
        out["business_number"] = number
    for key, limit in (("sector", 100), ("address", 300), ("contact_name", 100), ("contact_phone", 20)):
        if key in data:
            out[key] = _text(data[key], limit)
    if "contact_email" in data:
        email = _text(data["contact_email"], 254)
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            problems.append(Problem(ErrorCode.INVALID, "전자우편 주소가 올바르지 않습니다", "the e-mail address is not valid",
                                    field="contact_email"))
        out["contact_email"] = email
    if "employees" in data:
        out["employees"] = _int(data["employees"], problems, field="employees", ko="직원 수", en="number of employees",
                                lo=0, hi=10_000_000, required=False)
    if "district" in data:
        out["district"] = _district(data["district"], problems, field="district")
    if "centre" in data:
        out["centre"] = data["centre"] if isinstance(data["centre"], Centre) else None
    return out


def employer_register(*, actor: Any, name: str, business_number: str, sector: str = "", employees: int | None = None,
                      address: str = "", district: Any = None, contact_name: str = "", contact_phone: str = "",
                      contact_email: str = "", centre: Centre | None = None, reuse: bool = False) -> Employer:
    """Register an employer by its business registration number (check digit verified). A number already
    registered is refused, or with `reuse=True` the registered employer is returned unchanged (the public form:
    an employer posting again)."""
    problems: list[Problem] = []
    values = _employer_values({"name": name, "business_number": business_number, "sector": sector,
                               "employees": employees, "address": address, "district": district,
                               "contact_name": contact_name, "contact_phone": contact_phone,
                               "contact_email": contact_email, "centre": centre}, problems)
    _raise(problems)
    with transaction.atomic():
        existing = Employer.objects.select_for_update().filter(business_number=values["business_number"]).first()
        if existing is not None:
            if reuse:
                return existing
            raise ConflictError(Problem(ErrorCode.DUPLICATE_CODE,
                                        f"이미 등록된 사업자등록번호입니다 ({existing.name})",
                                        f"this business registration number is already registered ({existing.name})",
                                        field="business_number"))
        try:
            with transaction.atomic():  # registered by another request a moment ago: the database refuses it
                employer = Employer.objects.create(**values)
        except IntegrityError:
            if reuse:
                return Employer.objects.get(business_number=values["business_number"])
            raise ConflictError(Problem(ErrorCode.DUPLICATE_CODE, "이미 등록된 사업자등록번호입니다",
                                        "this business registration number is already registered",
                                        field="business_number")) from None
        audit_change(actor=actor, obj=employer, before=None, after=_employer_state(employer))
    return employer


def employer_update(*, actor: Any, employer: Employer, version: int, **changes: Any) -> Employer:
    """Change an employer from the version the writer read."""
    allowed = {"name", "business_number", "sector", "employees", "address", "district", "contact_name",
               "contact_phone", "contact_email"}
    problems: list[Problem] = []
    unknown = sorted(set(changes) - allowed)
    if unknown:
        problems.append(Problem(ErrorCode.FIELD_NOT_ALLOWED, f"고칠 수 없는 항목입니다: {', '.join(unknown)}",
                                f"these fields cannot be changed: {', '.join(unknown)}", field=unknown[0]))
    values = _employer_values({k: v for k, v in changes.items() if k in allowed}, problems)
    _raise(problems)
    with transaction.atomic():
        current = Employer.objects.select_for_update().get(pk=employer.pk)
        check_version(current, version, what_ko="이 기업을", what_en="this employer")
        if "business_number" in values and values["business_number"] != current.business_number and \
                Employer.objects.filter(business_number=values["business_number"]).exists():
            raise ConflictError(Problem(ErrorCode.DUPLICATE_CODE, "이미 등록된 사업자등록번호입니다",
                                        "this business registration number is already registered",
                                        field="business_number"))
        before = _employer_state(current)
        for k, v in values.items():
            setattr(current, k, v)
        if _employer_state(current) != before:
            current.version += 1
            current.save()
            audit_change(actor=actor, obj=current, before=before, after=_employer_state(current))
    return current


# ------------------------------------------------------------------------------------------------ vacancies


def _vacancy_check(v: dict[str, Any], problems: list[Problem], *, check_deadline_past: bool = True) -> None:
    """The rules across fields: deadline after posting and not past, minimum wage on the posting date."""
    posted, deadline = v.get("posted_on"), v.get("deadline")
    if deadline and check_deadline_past and deadline < _today():
        problems.append(Problem(ErrorCode.INVALID_DATE, "마감일이 이미 지났습니다", "the deadline is in the past",
                                field="deadline"))
    elif deadline and posted and deadline < posted:
        problems.append(Problem(ErrorCode.INVALID_DATE, "마감일이 게시일보다 이릅니다",
                                "the deadline is before the posting date", field="deadline"))
    if posted and v.get("wage") is not None and v.get("hours_per_week") and v.get("wage_type") in WAGE_NAMES:
        problem = minimum_wage_problem(wage_type=v["wage_type"], wage=v["wage"], hours_per_week=v["hours_per_week"],
                                       on=posted)
        if problem:
            problems.append(problem)


def _vacancy_values(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "title" in data:
        out["title"] = _text(data["title"], 200)
        if not out["title"]:
            problems.append(Problem(ErrorCode.REQUIRED, "공고 제목을 적으십시오", "give the vacancy's title",
                                    field="title"))
    if "occupation_code" in data:
        code = data["occupation_code"]
        code = code.code if isinstance(code, Occupation) else str(code or "").strip()[:8]
        occ = Occupation.objects.filter(code=code, active=True).first() if code else None
        if not code:
            problems.append(Problem(ErrorCode.REQUIRED, "직업을 고르십시오", "choose the occupation",
                                    field="occupation_code"))
        elif occ is None:
            problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"없거나 쓰지 않는 직업 코드입니다 ({code})",
                                    f"unknown or inactive occupation code ({code})", field="occupation_code"))
        elif occ.level < Occupation.Level.MIDDLE:
            problems.append(Problem(ErrorCode.INVALID, "직업은 중분류 이하로 고르십시오 (대분류는 너무 넓습니다)",
                                    "choose a middle or finer occupation (a major category is too broad)",
                                    field="occupation_code"))
        out["occupation"] = occ
    if "district" in data:
        out["district"] = _district(data["district"], problems, field="district", required=False)
    if "wage_type" in data:
        out["wage_type"] = _choice(data["wage_type"], WageType, problems, field="wage_type", ko="임금 형태",
                                   en="wage type")
    if "wage" in data:
        out["wage"] = _int(data["wage"], problems, field="wage", ko="임금", en="wage", lo=1, hi=2_000_000_000)
    if "hours_per_week" in data:
        out["hours_per_week"] = _int(data["hours_per_week"], problems, field="hours_per_week", ko="주당 근로시간",
                                     en="hours a week", lo=1, hi=MAX_HOURS_PER_WEEK)
        if out["hours_per_week"] is None and str(data["hours_per_week"]).isdigit() and \
                int(data["hours_per_week"]) > MAX_HOURS_PER_WEEK:
            problems[-1] = Problem(ErrorCode.OUT_OF_RANGE,
                                   f"주당 근로시간은 {MAX_HOURS_PER_WEEK}시간(연장근로 포함)을 넘을 수 없습니다",
                                   f"working hours cannot exceed {MAX_HOURS_PER_WEEK} a week (overtime included)",
                                   field="hours_per_week")
    if "contract" in data:
        out["contract"] = _choice(data["contract"], Contract, problems, field="contract", ko="고용 형태",
                                  en="contract")
    if "openings" in data:
        out["openings"] = _int(data["openings"], problems, field="openings", ko="모집 인원", en="number of openings",
                               lo=1, hi=10_000)
    if "education" in data:
        out["education"] = _choice(data["education"] or Education.NONE, Education, problems, field="education",
                                   ko="학력", en="education")
    for key, limit in (("tasks", 4000), ("address", 300), ("requirements", 4000)):
        if key in data:
            out[key] = _text(data[key], limit)
    if "posted_on" in data:
        out["posted_on"] = _date(data["posted_on"], problems, field="posted_on", ko="게시일", en="posting date",
                                 required=False) or _today()
    if "deadline" in data:
        out["deadline"] = _date(data["deadline"], problems, field="deadline", ko="마감일", en="deadline")
    if "required_licences" in data:
        out["required_licences"] = _skills(data["required_licences"], problems, field="required_licences")
    return out


@acting
def vacancy_create(*, actor: Any, centre: Centre, employer: Employer, title: str, occupation_code: str,
                   wage_type: str, wage: int, hours_per_week: int, deadline: dt.date, contract: str = Contract.PERMANENT,
                   district: Any = None, openings: int = 1, posted_on: dt.date | None = None, tasks: str = "",
                   address: str = "", education: str = Education.NONE, required_licences: Iterable[Any] = (),
                   requirements: str = "", channel: str = "counsellor", sent_employer_name: str = "",
                   sent_contact: str = "") -> Vacancy:
    """Register a vacancy. Sent through the public form (`channel="online"`) it waits for a counsellor's
    approval (`pending`, posted today); a counsellor's is `open` at once. Every rule is checked together: the
    occupation (active, middle or finer), wage at least the minimum in force on the posting date, at most 52
    hours a week, at least one opening, the deadline neither past nor before posting."""
    problems: list[Problem] = []
    if not isinstance(centre, Centre) or not centre.active:
        problems.append(Problem(ErrorCode.REQUIRED, "일자리센터를 고르십시오", "choose the job centre", field="centre"))
    if not isinstance(employer, Employer) or employer.pk is None:
        problems.append(Problem(ErrorCode.REQUIRED, "구인기업을 고르십시오", "choose the employer", field="employer"))
    if channel not in Vacancy.Channel.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "등록 경로: 고를 수 있는 값이 아닙니다",
                                "channel: not one of the choices", field="channel"))
    online = channel == Vacancy.Channel.ONLINE
    values = _vacancy_values({"title": title, "occupation_code": occupation_code, "district": district,
                              "wage_type": wage_type, "wage": wage, "hours_per_week": hours_per_week,
                              "contract": contract, "openings": openings, "education": education, "tasks": tasks,
                              "address": address, "requirements": requirements,
                              "posted_on": None if online else posted_on, "deadline": deadline,
                              "required_licences": required_licences}, problems)
    if values.get("district") is None and not any(p.field == "district" for p in problems):
        values["district"] = getattr(employer, "district", None)
        if values["district"] is None:
            problems.append(Problem(ErrorCode.REQUIRED, "근무 지역(자치구)을 고르십시오", "choose the district",
                                    field="district"))
    if values.get("posted_on") and values["posted_on"] > _today():
        problems.append(Problem(ErrorCode.INVALID_DATE, "게시일이 오늘보다 늦습니다", "the posting date is after today",
                                field="posted_on"))
    _vacancy_check(values, problems)
    _raise(problems)
    licences = values.pop("required_licences")
    with transaction.atomic():
        vacancy = Vacancy.objects.create(
            employer=employer, centre=centre, channel=channel, sent_employer_name=_text(sent_employer_name, 200),
            sent_contact=_text(sent_contact, 300),
            status=Vacancy.Status.PENDING if online else Vacancy.Status.OPEN, **values)
        vacancy.required_licences.set(licences)
        audit_change(actor=actor, obj=vacancy, before=None, after=_vacancy_state(vacancy))
    return vacancy


_VACANCY_EDITABLE = {"title", "occupation_code", "district", "wage_type", "wage", "hours_per_week", "contract",
                     "openings", "education", "tasks", "address", "posted_on", "deadline", "required_licences",
                     "requirements", "employer"}


@acting
def vacancy_update(*, actor: Any, vacancy: Vacancy, version: int, **changes: Any) -> Vacancy:
    """Change a pending or open vacancy from the version the writer read; the whole vacancy is checked again
    (the minimum wage against its posting date)."""
    problems: list[Problem] = []
    reason = _text(changes.pop("reason", ""), 300)
    unknown = sorted(set(changes) - _VACANCY_EDITABLE)
    if unknown:
        problems.append(Problem(ErrorCode.FIELD_NOT_ALLOWED, f"고칠 수 없는 항목입니다: {', '.join(unknown)}",
                                f"these fields cannot be changed: {', '.join(unknown)}", field=unknown[0]))
    employer = changes.pop("employer", None)
    if employer is not None and not isinstance(employer, Employer):
        problems.append(Problem(ErrorCode.REQUIRED, "구인기업을 고르십시오", "choose the employer", field="employer"))
    values = _vacancy_values({k: v for k, v in changes.items() if k in _VACANCY_EDITABLE}, problems)
    if "district" in changes and values.get("district") is None and not any(p.field == "district" for p in problems):
        problems.append(Problem(ErrorCode.REQUIRED, "근무 지역(자치구)을 고르십시오", "choose the district",
                                field="district"))
    with transaction.atomic():
        current = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        check_version(current, version, what_ko="이 구인을", what_en="this vacancy")
        if current.status not in (Vacancy.Status.PENDING, Vacancy.Status.OPEN):
            problems.append(Problem(ErrorCode.INVALID, "마감·반려된 구인은 고칠 수 없습니다",
                                    "a closed or rejected vacancy cannot be changed", field="status"))
        merged = {f: getattr(current, f) for f in ("posted_on", "deadline", "wage", "wage_type", "hours_per_week")}
        merged.update({k: v for k, v in values.items() if k in merged and v is not None})
        _vacancy_check(merged, problems, check_deadline_past="deadline" in values
                       and values["deadline"] != current.deadline)
        _raise(problems)
        before = _vacancy_state(current)
        licences = values.pop("required_licences", None)
        for k, v in values.items():
            setattr(current, k, v)
        if employer is not None:
            current.employer = employer
        if licences is not None:
            current.required_licences.set(licences)
        after = _vacancy_state(current)
        if after != before:
            current.version += 1
            current.save()
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, before=before,
                         after=_vacancy_state(current), reason=reason)
    return current


def _transition(*, actor: Any, vacancy: Vacancy, version: int, allowed: tuple[str, ...], to: str,
                reason: str = "", **fields: Any) -> Vacancy:
    with transaction.atomic():
        current = Vacancy.objects.select_for_update().filter(pk=vacancy.pk).first()
        if current is None:
            raise NotFoundError("구인을 찾을 수 없습니다", "vacancy not found")
        check_version(current, version, what_ko="이 구인을", what_en="this vacancy")
        if current.status not in allowed:
            raise ConflictError(Problem(
                ErrorCode.CONFLICT, f"지금 상태({current.get_status_display().split(' / ')[0]})에서는 할 수 없습니다",
                f"not possible in its present state ({current.get_status_display().split(' / ')[-1]})",
                field="status"))
        before = _vacancy_state(current)
        current.status = to
        for k, v in fields.items():
            setattr(current, k, v)
        current.version += 1
        current.save()
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, before=before,
                     after=_vacancy_state(current), reason=reason)
    return current


@acting
def vacancy_approve(*, actor: Any, vacancy: Vacancy, version: int) -> Vacancy:
    """A counsellor approves a vacancy sent through the public form: it opens (shown to citizens). One whose
    deadline has passed meanwhile is refused (reject it instead)."""
    if vacancy.deadline < _today():
        raise ServiceError(Problem(ErrorCode.INVALID_DATE, "마감일이 지나 승인할 수 없습니다. 반려하십시오",
                                   "the deadline has passed: it cannot be approved; reject it", field="deadline"))
    return _transition(actor=actor, vacancy=vacancy, version=version, allowed=(Vacancy.Status.PENDING,),
                       to=Vacancy.Status.OPEN, reason="구인 승인 / vacancy approved",
                       approved_by=actor if getattr(actor, "pk", None) else None, approved_at=timezone.now())


@acting
def vacancy_reject(*, actor: Any, vacancy: Vacancy, version: int, reason: str) -> Vacancy:
    """A counsellor rejects a vacancy sent through the public form, with the reason (told to the employer)."""
    text = _text(reason, 300)
    if not text:
        raise ServiceError(Problem(ErrorCode.REQUIRED, "반려 사유를 적으십시오", "give the reason for rejecting",
                                   field="reason"))
    return _transition(actor=actor, vacancy=vacancy, version=version, allowed=(Vacancy.Status.PENDING,),
                       to=Vacancy.Status.REJECTED, reason=text, reject_reason=text)


@acting
def vacancy_close(*, actor: Any, vacancy: Vacancy, version: int, filled: bool = False, reason: str = "") -> Vacancy:
    """Close an open (or pending) vacancy: `filled` when the employer hired (채용 완료), else closed (마감)."""
    return _transition(actor=actor, vacancy=vacancy, version=version,
                       allowed=(Vacancy.Status.OPEN, Vacancy.Status.PENDING),
                       to=Vacancy.Status.FILLED if filled else Vacancy.Status.CLOSED,
                       reason=_text(reason, 300) or "구인 마감 / vacancy closed")
