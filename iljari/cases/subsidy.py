"""Subsidy claims (지원금 청구, issue 17): a firm's claim for a worker's months of unpaid leave, screened and priced
by the flow's dated rules (`cases.screening`), with its documents.

- `claim_submit`: the firm (one `Organisation` per business registration number), the worker (a `people.Person`),
  the case (`flows.case_open`), its months, screened. Refused with every problem named, nothing saved: a month
  outside the leave window, too few leave days, a month beyond the most paid, a firm too large, not insured on
  the day, a firm outside the region, a month the same worker already claimed in another case of the flow (also
  "the same worker claimed by two firms") or already received a subsidy for (`people.BenefitRecord`), a business
  number already registered to another firm.
- `claims_screen`: (re)screen the months of many cases at once (columns), keeping each month's decision.
- `document_add`: a file kept with its case, its type and size checked by extension and content.

docs/cases.md, "Subsidy claims".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections import defaultdict
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_change, audit_many, snapshot
from iljari.core.brn import business_number_clean, business_number_format
from iljari.core.columns import bulk_set
from iljari.core.errors import ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit
from iljari.people.models import BenefitRecord, Person

from . import documents as docs_mod
from .flows import case_note, case_open
from .models import Case, CaseRule, ClaimMonth, Document, Flow, Organisation, Stage
from .screening import ERROR_OF, Rules, date_en, date_ko, frame_of, month_en, month_ko, rule_name, screen_frame

ORG_FIELDS = ["name", "business_number", "employees", "sector", "district", "address", "representative", "phone"]
CLOSED = (Stage.Outcome.REJECTED, Stage.Outcome.WITHDRAWN)  # a claim in such a case is not a claim any more
MAX_MONTHS_ASKED = 12  # bounded input: more lines than this are refused before anything is looked up


# ------------------------------------------------------------------------------------------------ small checks






def _name_key(name: str) -> str:
    """A firm's name as compared: without spaces, (주)/주식회사 and the like."""
    t = re.sub(r"\s+|\(주\)|㈜|주식회사|\(유\)|유한회사", "", name or "")
    return t.lower()


def _first_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    m = re.fullmatch(r"\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*(?:[-./월]\s*(?:\d{1,2}\s*\.?\s*(?:일)?)?)?\s*", str(value or ""))
    if m and 1 <= int(m[2]) <= 12 and 1900 < int(m[1]) < 2100:
        return dt.date(int(m[1]), int(m[2]), 1)
    return None


def _days_in(month: dt.date) -> int:
    nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return (nxt - month).days


PROVINCES = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "충청", "전북",
             "전남", "전라", "경북", "경남", "경상", "제주")


def firm_region(address: str, district: OrgUnit | None) -> str:
    """Where the firm is, as the residency rule reads it: its address when the address names a province or city
    (a firm of 경기도 claiming in Seoul fails), else "서울 <district>" for a firm of one of Seoul's districts (every
    district unit is one of Seoul's); "" when neither is known."""
    address = (address or "").strip()
    if address.startswith(PROVINCES):
        return address
    if district is not None:
        return f"서울 {district.name_ko}"
    return address


def region_of(org: Organisation) -> str:
    return firm_region(org.address, org.district if org.district_id else None)


# ------------------------------------------------------------------------------------------------ rules


def rules_of(flow: Flow) -> Rules:
    return Rules(list(CaseRule.objects.filter(flow=flow)))


def _problem_of(kind: str, decision: dict[str, Any], month: dt.date, field: str) -> Problem:
    code = ERROR_OF.get(kind, ErrorCode.CONDITION_FAILED)
    return Problem(code, f"{month_ko(month)}: {decision['rule']}: {decision['values']}",
                   f"{month_en(month)}: {decision['rule_en']}: {decision['values_en']}", field=field,
                   params={"rule": kind, "month": month.isoformat()})


# ------------------------------------------------------------------------------------------------ the worker


def same_people(worker: dict[str, Any], rrn_hash: str) -> list[Person]:
    """Person records that are this worker: the same resident-number hash, or (without one) the same name, birth
    date and phone digits among the subsidy's records; and the records linked with them (their clusters)."""
    q = Q(rrn_hash=rrn_hash) if rrn_hash else Q(pk__in=[])
    if worker.get("birth_date"):
        digits = re.sub(r"\D", "", worker.get("phone") or "")
        same = Q(name=worker["name"], birth_date=worker["birth_date"], source=Person.Source.SUBSIDY)
        if not rrn_hash:
            q |= same
    found = list(Person.objects.filter(q)[:50])
    if worker.get("birth_date") and not rrn_hash:
        found = [p for p in found if p.rrn_hash or not digits or re.sub(r"\D", "", p.phone) in ("", digits)]
    clusters = {p.cluster_id for p in found if p.cluster_id}
    if clusters:
        found += list(Person.objects.filter(cluster_id__in=clusters).exclude(pk__in=[p.pk for p in found])[:50])
    return found


def worker_problems(worker: dict[str, Any]) -> tuple[list[Problem], str]:
    problems: list[Problem] = []
    rrn_hash = ""
    name = (worker.get("name") or "").strip()
    if not name:
        problems.append(Problem(ErrorCode.REQUIRED, "근로자 성명을 적으십시오", "enter the worker's name",
                                field="worker.name"))
    elif len(name) > 100:
        problems.append(Problem(ErrorCode.TOO_LONG, "근로자 성명은 100자까지입니다", "the worker's name is 100 characters at most",
                                field="worker.name"))
    if worker.get("rrn"):
        from iljari.core.rrn import parse_rrn
        from iljari.core.rrn import rrn_hash as hash_of

        try:
            parsed = parse_rrn(str(worker["rrn"]))
        except ServiceError as exc:
            for p in exc.problems:
                p.field = "worker.rrn"
            problems.extend(exc.problems)
        else:
            rrn_hash = hash_of(parsed)
            worker.setdefault("birth_date", parsed.birth_date)
            if not worker.get("birth_date"):
                worker["birth_date"] = parsed.birth_date
            worker.setdefault("sex", parsed.sex)
    birth = worker.get("birth_date")
    if not isinstance(birth, dt.date):
        problems.append(Problem(ErrorCode.REQUIRED, "근로자 생년월일을 적으십시오", "enter the worker's date of birth",
                                field="worker.birth_date"))
    elif not dt.date(1900, 1, 1) < birth < timezone.localdate():
        problems.append(Problem(ErrorCode.INVALID, "근로자 생년월일을 확인하십시오", "check the worker's date of birth",
                                field="worker.birth_date"))
    return problems, rrn_hash


# ------------------------------------------------------------------------------------------------ submitting


def application_window(flow: Flow) -> tuple[dt.date, dt.date] | None:
    """신청 기간: the flow's latest `applications` rule (start, end), or None (claims taken any day)."""
    rule = CaseRule.objects.filter(flow=flow, kind=CaseRule.Kind.APPLICATIONS).order_by("-valid_from").first()
    if rule is None:
        return None
    try:
        return dt.date.fromisoformat(str(rule.params["start"])), dt.date.fromisoformat(str(rule.params["end"]))
    except (KeyError, ValueError):
        return None


def window_problem(flow: Flow, day: dt.date, public: bool) -> Problem | None:
    """A claim received on `day` outside the flow's application period (none: inside, or no period)."""
    window = application_window(flow)
    if window is None or window[0] <= day <= window[1]:
        return None
    start, end = window
    if public:
        return Problem(ErrorCode.OUT_OF_RANGE, f"지금은 신청 기간이 아닙니다 (신청 기간 {date_ko(start)}~{date_ko(end)})",
                       f"applications are not taken now (the application period is {date_en(start)} to "
                       f"{date_en(end)})", field="applied_on")
    return Problem(ErrorCode.OUT_OF_RANGE, f"접수일 {date_ko(day)}은 신청 기간({date_ko(start)}~{date_ko(end)}) 밖입니다",
                   f"the day received, {date_en(day)}, is outside the application period ({date_en(start)} to "
                   f"{date_en(end)})", field="applied_on", params={"start": start.isoformat(), "end": end.isoformat()})


def firm_fields(firm: dict[str, Any]) -> tuple[str | None, str, int | None, str, list[Problem]]:
    """The firm as stated on a claim, checked: (business number, name, employees, sector, problems)."""
    problems: list[Problem] = []
    number = business_number_clean(firm.get("business_number"))
    if number is None:
        problems.append(Problem(ErrorCode.INVALID, "사업자등록번호가 올바르지 않습니다 (10자리, 끝자리 검증 포함)",
                                "not a valid business registration number (10 digits with a valid check digit)",
                                field="firm.business_number"))
    firm_name = (firm.get("name") or "").strip()
    if not firm_name:
        problems.append(Problem(ErrorCode.REQUIRED, "사업장명을 적으십시오", "enter the firm's name", field="firm.name"))
    elif len(firm_name) > 200:
        problems.append(Problem(ErrorCode.TOO_LONG, "사업장명은 200자까지입니다", "the firm's name is 200 characters at most",
                                field="firm.name"))
    employees = firm.get("employees")
    if employees is None or str(employees).strip() == "":
        problems.append(Problem(ErrorCode.REQUIRED, "상시 근로자 수를 적으십시오", "enter the firm's number of employees",
                                field="firm.employees"))
        employees = None
    else:
        try:
            employees = int(str(employees).replace(",", "").strip())
            if not 0 < employees < 1_000_000:
                raise ValueError
        except ValueError:
            problems.append(Problem(ErrorCode.INVALID, "상시 근로자 수는 1 이상의 정수입니다",
                                    "the number of employees is a whole number of 1 or more", field="firm.employees"))
            employees = None
    sector = firm.get("sector") or ""
    if sector and sector not in Organisation.Sector.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CHOICE, "업종 구분을 고르십시오 (집합금지, 영업제한, 그 외 업종)",
                                "choose the sector (closure, restricted hours, other)", field="firm.sector"))
        sector = ""
    return number, firm_name, employees, sector, problems


def firm_conflicts(org: Organisation | None, firm_name: str, number: str | None, public: bool) -> list[Problem]:
    """A business number already registered to a firm of another name. An applicant on the public pages is not
    told who else claimed or what another firm is called (PIPA); officers are, to sort it out."""
    if org is None or not firm_name or _name_key(org.name) == _name_key(firm_name):
        return []
    if public:
        return [Problem(ErrorCode.DUPLICATE_BUSINESS_NUMBER,
                        "이 사업자등록번호는 다른 사업장명으로 등록되어 있습니다. 사업장명과 번호를 확인하십시오",
                        "this business number is registered under another firm's name; check both",
                        field="firm.business_number")]
    return [Problem(ErrorCode.DUPLICATE_BUSINESS_NUMBER,
                    f"다른 사업장({org.name})으로 이미 등록된 사업자등록번호입니다 ({business_number_format(number or '')})",
                    f"business number {business_number_format(number or '')} is registered to another firm "
                    f"({org.name})", field="firm.business_number")]


def firm_save(*, actor: Any, org: Organisation | None, firm: dict[str, Any], firm_name: str, number: str | None,
              employees: int | None, sector: str, district: OrgUnit, illustrative: bool = False) -> Organisation:
    """The firm's row (one per business number): created, or its size and sector as the latest claim states."""
    if org is None:
        org = Organisation.objects.create(
            name=firm_name, business_number=number or "", employees=employees, sector=sector,
            district=district, address=(firm.get("address") or "")[:300],
            representative=(firm.get("representative") or "")[:100], phone=(firm.get("phone") or "")[:20],
            illustrative=illustrative)
        audit_change(actor=actor, obj=org, before=None, after=snapshot(org, fields=ORG_FIELDS))
    elif org.employees != employees or (sector and org.sector != sector):
        before = snapshot(org, fields=ORG_FIELDS)
        org.employees = employees
        org.sector = sector or org.sector
        org.version += 1
        org.save()
        audit_change(actor=actor, obj=org, before=before, after=snapshot(org, fields=ORG_FIELDS),
                     reason="지원금 신청서의 기재 / as stated on a claim")
    return org


def worker_save(*, actor: Any, people: list[Person], worker: dict[str, Any], rrn_hash: str) -> Person:
    """The worker's subsidy record among `people` (the same person found before), else a new one (its
    `source_ref` is set to the case once the case exists: `worker_case_ref`)."""
    person = next((p for p in people if p.source == Person.Source.SUBSIDY), None)
    if person is None:
        from iljari.people.services import person_create

        person = person_create(actor=actor, source=Person.Source.SUBSIDY, source_ref="subsidy:new",
                               name=worker["name"], birth_date=worker["birth_date"], sex=worker.get("sex") or "",
                               phone=worker.get("phone") or "", address=worker.get("address") or "",
                               district=None, rrn_hash=rrn_hash)
    return person


def worker_case_ref(person: Person, case: Case) -> None:
    if person.source_ref == "subsidy:new":
        person.source_ref = f"case:{case.pk}"
        person.save(update_fields=["source_ref"])


def claim_submit(*, actor: Any, flow: Flow, district: OrgUnit, firm: dict[str, Any], worker: dict[str, Any],
                 months: list[tuple[Any, Any]], insured_until: dt.date | None, channel: str = Case.Channel.OFFICE,
                 applied_on: dt.date | None = None, actor_label: str = "", status_code: str = "",
                 illustrative: bool = False, documents: list[tuple[str, Any]] | None = None) -> Case:
    """A worker's claim received by `district`: the firm (`firm`: name, business_number, employees, sector,
    address, representative, phone), the worker (`worker`: name, birth_date and/or rrn, phone, address, sex), the
    months claimed with their unpaid-leave days, the day the worker's insurance is known to hold to. The case is
    opened at the flow's first stage with its months screened and priced; refused with every problem, nothing
    saved, when a month fails a rule or was claimed or paid before. `status_code`: the applicant's code (public
    channel), kept only as a hash. `documents`: (type code, upload) pairs kept with the case in the same
    transaction (each checked by `cases.documents`; a bad file refuses the whole claim with the rest)."""
    applied_on = applied_on or timezone.localdate()
    problems: list[Problem] = []
    if flow.kind != Flow.Kind.SUBSIDY or not flow.active:
        raise ServiceError(Problem(ErrorCode.INVALID, "지원금 신청을 받는 흐름이 아닙니다",
                                   "this flow does not take subsidy claims", field="flow"))
    late = window_problem(flow, applied_on, public=channel == Case.Channel.PUBLIC)
    if late is not None:
        problems.append(late)
    # -- the firm
    number, firm_name, employees, sector, found = firm_fields(firm)
    problems.extend(found)
    # -- the worker
    worker = dict(worker)
    worker["name"] = (worker.get("name") or "").strip()
    found, rrn_hash = worker_problems(worker)
    problems.extend(found)
    # -- the months
    asked: list[tuple[dt.date, int]] = []
    if not months:
        problems.append(Problem(ErrorCode.REQUIRED, "청구할 월을 하나 이상 적으십시오", "enter at least one month",
                                field="months"))
    if len(months) > MAX_MONTHS_ASKED:
        raise ServiceError(Problem(ErrorCode.TOO_MANY_MONTHS, f"청구 월은 {MAX_MONTHS_ASKED}개까지 적을 수 있습니다",
                                   f"at most {MAX_MONTHS_ASKED} months may be entered", field="months"))
    seen: set[dt.date] = set()
    for i, (m, d) in enumerate(months):
        month = _first_of(m)
        if month is None:
            problems.append(Problem(ErrorCode.INVALID, f"{i + 1}번째 청구 월을 2021-01처럼 적으십시오",
                                    f"write month {i + 1} like 2021-01", field=f"months.{i}.month"))
            continue
        if month in seen:
            problems.append(Problem(ErrorCode.DUPLICATE_ROW, f"{month_ko(month)}이 두 번 적혔습니다",
                                    f"{month_en(month)} is entered twice", field=f"months.{i}.month"))
            continue
        seen.add(month)
        try:
            days = int(str(d).strip())
        except (TypeError, ValueError):
            problems.append(Problem(ErrorCode.INVALID, f"{month_ko(month)} 휴직일수를 숫자로 적으십시오",
                                    f"enter the leave days of {month_en(month)} as a number",
                                    field=f"months.{i}.leave_days"))
            continue
        if not 0 <= days <= _days_in(month):
            problems.append(Problem(ErrorCode.OUT_OF_RANGE, f"{month_ko(month)} 휴직일수 {days}일은 그 달의 날수를 넘습니다",
                                    f"{days} leave days do not fit in {month_en(month)}",
                                    field=f"months.{i}.leave_days"))
            continue
        asked.append((month, days))
    if insured_until is not None and not isinstance(insured_until, dt.date):
        problems.append(Problem(ErrorCode.INVALID, "고용보험 유지일을 확인하십시오", "check the insurance date",
                                field="insured_until"))
        insured_until = None
    checked_docs, doc_problems = docs_mod.documents_check(list(documents or []))
    problems.extend(doc_problems)
    with transaction.atomic():
        # one claim of a flow checked at a time: two desks receiving the same worker's month at once cannot both
        # pass the check for an earlier claim (case_open takes the same lock for the reference number)
        Flow.objects.select_for_update().filter(pk=flow.pk).first()
        # -- the firm: one row per business number
        org = Organisation.objects.select_for_update().filter(business_number=number).first() if number else None
        public = channel == Case.Channel.PUBLIC
        problems.extend(firm_conflicts(org, firm_name, number, public))
        # -- the worker's other claims and subsidies for these months
        people = same_people(worker, rrn_hash) if worker["name"] and worker.get("birth_date") else []
        person_ids = [p.pk for p in people]
        taken = (ClaimMonth.objects.filter(case__person_id__in=person_ids, case__flow=flow)
                 .exclude(case__outcome__in=CLOSED).select_related("case__organisation")
                 .order_by("month")) if person_ids else ClaimMonth.objects.none()
        taken = list(taken)
        taken_months = {t.month for t in taken if t.eligible is not False}
        for t in taken:
            if t.month in seen and t.eligible is not False and public:
                problems.append(Problem(
                    ErrorCode.ALREADY_PAID, f"{month_ko(t.month)}: 이 근로자의 같은 달 신청이 이미 있습니다",
                    f"{month_en(t.month)}: this worker has already been claimed for that month",
                    field=_month_field(asked, months, t.month)))
            elif t.month in seen and t.eligible is not False:
                problems.append(Problem(
                    ErrorCode.ALREADY_PAID,
                    f"{month_ko(t.month)}: 이 근로자는 이미 다른 신청({t.case.reference}, "
                    f"{t.case.organisation.name if t.case.organisation else '사업장 미상'})으로 청구되었습니다",
                    f"{month_en(t.month)}: this worker is already claimed in another application "
                    f"({t.case.reference}, {t.case.organisation.name if t.case.organisation else 'firm unknown'})",
                    field=_month_field(asked, months, t.month), params={"case": t.case.reference}))
        if person_ids and asked:
            lo, hi = min(m for m, _ in asked), max(m for m, _ in asked)
            benefits = BenefitRecord.objects.filter(person_id__in=person_ids, kind=BenefitRecord.Kind.SUBSIDY,
                                                    start__lte=dt.date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1),
                                                    end__gte=lo)
            for b in benefits:
                for m, _d in asked:
                    if b.start <= m.replace(day=_days_in(m)) and b.end >= m:
                        what = b.program_name or (b.program.name_ko if b.program_id else "지원금")
                        if public:
                            problems.append(Problem(
                                ErrorCode.ALREADY_PAID, f"{month_ko(m)}: 이 근로자는 같은 달의 지원금을 이미 받았습니다",
                                f"{month_en(m)}: this worker already received a subsidy for that month",
                                field=_month_field(asked, months, m)))
                            continue
                        problems.append(Problem(
                            ErrorCode.ALREADY_PAID,
                            f"{month_ko(m)}: 이 근로자는 이미 같은 달의 지원금을 받았습니다 ({what}, "
                            f"{date_ko(b.start)}~{date_ko(b.end)})",
                            f"{month_en(m)}: this worker already received a subsidy for that month ({what}, "
                            f"{date_en(b.start)} to {date_en(b.end)})", field=_month_field(asked, months, m)))
        # -- the rules, on the months asked
        decisions: list[list[dict[str, Any]]] = []
        amounts: list[int] = []
        if asked:
            if org is not None:  # a firm known before (perhaps from a call, without a district): what it has
                region = firm_region(org.address or firm.get("address") or "",
                                     org.district if org.district_id else district)
            else:
                region = firm_region(firm.get("address") or "", district)
            ordered = sorted(taken_months | {m for m, _ in asked})
            rows = [{"month": m, "leave_days": d, "employees": employees, "insured_until": insured_until,
                     "firm_region": region, "month_no": ordered.index(m) + 1} for m, d in asked]
            screening = screen_frame(frame_of(rows), rules_of(flow))
            decisions = screening.decisions
            amounts = [int(a) for a in screening.amount]
            for i, ((m, _d), failed) in enumerate(zip(asked, screening.failed, strict=True)):
                for kind in failed:
                    if kind == "firm_size" and any(p.code == ErrorCode.FIRM_TOO_LARGE for p in problems):
                        continue  # the firm once, not per month
                    entry = next((e for e in decisions[i] if e["kind"] == kind), None)
                    if entry is None:
                        continue
                    field = "firm.employees" if kind == "firm_size" else (
                        "insured_until" if kind == "insured_on" else (
                            "firm.address" if kind == "residency" else _month_field(
                                asked, months, m, "leave_days" if kind == "min_leave_days" else "month")))
                    problems.append(_problem_of(kind, entry, m, field))
        if problems:
            raise ServiceError(problems)
        # -- saving: the firm, the worker, the case, the months
        org = firm_save(actor=actor, org=org, firm=firm, firm_name=firm_name, number=number, employees=employees,
                        sector=sector, district=district, illustrative=illustrative)
        person = worker_save(actor=actor, people=people, worker=worker, rrn_hash=rrn_hash)
        token = status_token(status_code) if status_code else ""
        case = case_open(actor=actor, flow=flow, district=district, applied_on=applied_on, actor_label=actor_label,
                         organisation=org, person=person, channel=channel, insured_until=insured_until,
                         amount_claimed=sum(amounts), applicant_token=token, illustrative=illustrative)
        worker_case_ref(person, case)
        rows_saved = ClaimMonth.objects.bulk_create([
            ClaimMonth(case=case, month=m, leave_days=d, eligible=True, amount=a, decision=dec)
            for (m, d), a, dec in zip(asked, amounts, decisions, strict=True)])
        audit_many(actor=actor, object_type="cases.claimmonth", rows=[
            {"action": AuditEntry.Action.CREATE, "object_id": cm.pk, "object_repr": f"{case.reference} {cm}",
             "before": None, "after": {"month": cm.month.isoformat(), "leave_days": cm.leave_days,
                                       "amount": cm.amount}} for cm in rows_saved])
        case_note(actor=actor, case=case, kind="screening", actor_label=actor_label,
                  data={"months": len(asked), "eligible": len(asked), "amount": sum(amounts)})
        docs_mod.documents_keep(actor=actor, case=case, checked=checked_docs, actor_label=actor_label)
    return case


def _month_field(asked: list[tuple[dt.date, int]], months: list[tuple[Any, Any]], month: dt.date,
                 part: str = "leave_days") -> str:
    """The form field a month's problem is shown beside: its leave days (a rule on the days) or the month itself
    (the month is outside the window, beyond the most paid, claimed before)."""
    for i, (m, _d) in enumerate(months):
        if _first_of(m) == month:
            return f"months.{i}.{part}"
    return "months"


def new_status_code() -> str:
    """The applicant's status code: 8 characters of an alphabet without look-alikes (0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def status_token(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


# ------------------------------------------------------------------------------------------------ screening


MONTH_COLUMNS = ("pk", "case_id", "month", "leave_days", "eligible", "amount", "decision", "case__person_id",
                 "case__flow_id", "case__insured_until", "case__organisation__employees",
                 "case__organisation__address", "case__organisation__district__name_ko", "case__reference",
                 "case__amount_claimed")


def month_rows(cases: Any) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """The claim months of `cases` (a queryset) as plain rows (no model instances: 40,000 months read in a
    second) and their screening frame; `month_no` counts each worker's months across the flow's live cases (a
    month of a rejected or withdrawn case does not count)."""
    months = [dict(zip(MONTH_COLUMNS, v, strict=True)) for v in
              ClaimMonth.objects.filter(case__in=cases).order_by("case_id", "month").values_list(*MONTH_COLUMNS)]
    people = {m["case__person_id"] for m in months if m["case__person_id"]}
    flows = {m["case__flow_id"] for m in months}
    live: dict[tuple[int, int], set[dt.date]] = defaultdict(set)
    for pid, fid, month in (ClaimMonth.objects.filter(case__person_id__in=people, case__flow_id__in=flows)
                            .exclude(case__outcome__in=CLOSED).values_list("case__person_id", "case__flow_id",
                                                                           "month")):
        live[(pid, fid)].add(month)
    order = {k: {m: i + 1 for i, m in enumerate(sorted(v))} for k, v in live.items()}
    rows = []
    for m in months:
        place = order.get((m["case__person_id"], m["case__flow_id"]), {})
        district = m["case__organisation__district__name_ko"]
        address = (m["case__organisation__address"] or "").strip()
        rows.append({"month": m["month"], "leave_days": m["leave_days"],
                     "employees": m["case__organisation__employees"], "insured_until": m["case__insured_until"],
                     "firm_region": address if address.startswith(PROVINCES) or not district else f"서울 {district}",
                     "month_no": place.get(m["month"], len(place) + 1)})
    return months, frame_of(rows)


def _events_insert(events: list[Any]) -> None:
    """History rows in bulk: on PostgreSQL one COPY (Django's bulk INSERT spends seconds building the statement
    for 10,000 rows), elsewhere `bulk_create`."""
    import json

    from django.db import connection

    from iljari.core.columns import copy_writer

    from .models import CaseEvent

    if not events:
        return
    if connection.vendor != "postgresql":
        CaseEvent.objects.bulk_create(events, batch_size=2000)
        return
    columns = ["case_id", "kind", "actor_id", "actor_label", "at", "reason", "data"]
    with connection.cursor() as cur:
        raw = cur.connection.cursor()
        with raw.copy(f"COPY {CaseEvent._meta.db_table} ({', '.join(columns)}) FROM STDIN",
                      writer=copy_writer(raw)) as copy:
            for e in events:
                copy.write_row([e.case_id, e.kind, e.actor_id, e.actor_label, e.at, e.reason,
                                json.dumps(e.data, ensure_ascii=False)])


def claims_screen(*, actor: Any, cases: Any, reason: str = "") -> dict[str, int]:
    """Screen and price every month of `cases` again by the rules in force for each month; each changed month
    is saved with its decision (one bulk write), the case's claimed amount follows, one history row per case
    whose months changed (each month's result before and after) and one audit row for the run."""
    from django.utils import timezone

    from iljari.audit.services import audit_batch

    from .models import CaseEvent

    with transaction.atomic():
        months, frame = month_rows(cases)
        if not months:
            return {"months": 0, "changed": 0, "eligible": 0, "amount": 0}
        by_flow: dict[int, list[int]] = defaultdict(list)
        for i, m in enumerate(months):
            by_flow[m["case__flow_id"]].append(i)
        changed: list[tuple[Any, ...]] = []
        history: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for flow_id, idx in by_flow.items():
            s = screen_frame(frame.iloc[idx].reset_index(drop=True),
                             Rules(list(CaseRule.objects.filter(flow_id=flow_id))))
            eligible, amount = s.eligible.tolist(), s.amount.tolist()
            for j, i in enumerate(idx):
                m = months[i]
                new = (eligible[j], amount[j], s.decisions[j])
                if (m["eligible"], m["amount"], m["decision"]) != new:
                    if (m["eligible"], m["amount"]) != new[:2]:
                        history[m["case_id"]].append({"month": m["month"].isoformat(), "before": [m["eligible"],
                                                      m["amount"]], "after": [new[0], new[1]]})
                    m["eligible"], m["amount"], m["decision"] = new
                    changed.append((m["pk"], *new))
        bulk_set(ClaimMonth, ["eligible", "amount", "decision"], changed)
        totals: dict[int, int] = defaultdict(int)
        claimed: dict[int, int | None] = {}
        for m in months:
            totals[m["case_id"]] += m["amount"] or 0
            claimed[m["case_id"]] = m["case__amount_claimed"]
        bulk_set(Case, ["amount_claimed"], [(cid, total) for cid, total in totals.items() if claimed[cid] != total])
        now = timezone.now()
        user = actor if getattr(actor, "is_authenticated", False) else None
        _events_insert([CaseEvent(case_id=cid, kind="screening", actor=user, at=now, reason=reason,
                                  data={"months": rows}) for cid, rows in sorted(history.items())])
        report = {"months": len(months), "changed": len(changed),
                  "eligible": sum(1 for m in months if m["eligible"]),
                  "amount": sum(m["amount"] or 0 for m in months)}
        audit_batch(actor=actor, object_type="cases.claim_screening",
                    summary={**report, "cases": len(totals), "cases_changed": len(history)},
                    reason=reason or "재심사 / rescreen")
    return report


def rules_in_words(flow: Flow, on: dt.date | None = None) -> list[dict[str, str]]:
    """The flow's rules in force (today, or on `on`) in words, for the public page and the panel."""
    rules = Rules(list(CaseRule.objects.filter(flow=flow)))
    day = on or timezone.localdate()
    force = rules.on(day)
    if not force:  # a finished subsidy: its rules as they last stood
        last = max((r.valid_to or r.valid_from for r in rules.rules), default=None)
        force = rules.on(last) if last else {}
    out = []
    from .screening import KINDS

    for kind in KINDS:
        r = force.get(kind)
        if r is not None:
            ko, en = rule_name(kind, r.params)
            out.append({"kind": kind, "ko": ko, "en": en})
    return out


# ------------------------------------------------------------------------------------------------ documents


def document_add(*, actor: Any, case: Case, doc_type: str, uploaded_file: Any, actor_label: str = "") -> Document:
    """Keep `uploaded_file` with `case` as `doc_type` (the one check of `cases.documents`)."""
    return docs_mod.document_add(actor=actor, case=case, doc_type=doc_type, upload=uploaded_file,
                                  actor_label=actor_label)
