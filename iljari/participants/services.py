"""Writes for participants: applicants (resident registration numbers protected), applications (once per round,
even under races), screening, selection with quotas and a waiting list, drop-out replacement, audited reveals."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from django.db import IntegrityError, transaction
from django.utils import timezone

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_batch, audit_change, audit_record, snapshot
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit

from .eligibility import rules_in_force, screen_frame
from .history import check_new_applicants
from .models import Applicant, Application, EligibilityRule, RecruitmentRound
from .rrn import decrypt_rrn, encrypt_rrn, parse_rrn, rrn_hash

VULNERABLE = {"disabled", "single_parent", "north_korean_defector", "long_term_unemployed", "marriage_migrant", "veteran"}
_APPLICANT_FIELDS = ["name", "rrn_masked", "birth_date", "sex", "district", "address", "phone", "household_size",
                     "household_income", "property_value", "employment", "statuses"]


def _check_applicant(data: dict[str, Any]) -> list[Problem]:
    problems = []
    if not str(data.get("name", "")).strip():
        problems.append(Problem(ErrorCode.REQUIRED, "이름이 없습니다", "the name is missing", field="name"))
    for key, label_ko, lo, hi in (("household_size", "가구원 수", 1, 30), ("household_income", "가구소득", 0, 10**10),
                                  ("property_value", "재산", 0, 10**13)):
        v = data.get(key, lo)
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            problems.append(Problem(ErrorCode.INVALID, f"{label_ko}: {lo}~{hi:,} 사이의 정수가 아닙니다 ({v!r})",
                                    f"{key}: not a whole number between {lo} and {hi:,} ({v!r})", field=key))
    unknown = set(data.get("statuses") or []) - set(Applicant.STATUSES)
    if unknown:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, f"알 수 없는 자격 상태: {', '.join(sorted(unknown))}",
                                f"unknown status: {', '.join(sorted(unknown))}", field="statuses"))
    if data.get("employment", "unemployed") not in Applicant.Employment.values:
        problems.append(Problem(ErrorCode.UNKNOWN_CODE, "취업 상태가 올바르지 않습니다", "unknown employment status",
                                field="employment"))
    return problems


def _applicant_fields(data: dict[str, Any], *, birth_date: dt.date | None = None) -> dict[str, Any]:
    """The checked personal details as model values (the district as an org unit); ServiceError names each
    problem. A given birth date must agree with the resident registration number's."""
    problems = _check_applicant(data)
    given = data.get("birth_date")
    if given and birth_date and given != birth_date:
        problems.append(Problem(ErrorCode.INVALID, "생년월일이 주민등록번호와 다릅니다",
                                "the birth date differs from the resident registration number", field="birth_date"))
    district = None
    if data.get("district"):
        district = OrgUnit.objects.filter(code=data["district"]).first()
        if district is None:
            problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, f"알 수 없는 자치구 '{data['district']}'",
                                    f"unknown district '{data['district']}'", field="district"))
    if problems:
        raise ServiceError(problems)
    return {"name": str(data["name"]).strip()[:100], "district": district, "address": str(data.get("address", ""))[:300],
            "phone": str(data.get("phone", ""))[:20], "household_size": data.get("household_size", 1),
            "household_income": data.get("household_income", 0), "property_value": data.get("property_value", 0),
            "employment": data.get("employment", "unemployed"), "statuses": sorted(set(data.get("statuses") or []))}


@transaction.atomic
def applicant_register(*, actor: Any, rrn: str, data: dict[str, Any]) -> Applicant:
    """The person of this resident registration number: made from the first application's details, and returned
    as it is when already registered. Applications (the public page, paper, the xlsx import) never change a
    registered person: what each states is kept with the application; officers correct a person only through
    `applicant_update`. The number is kept as a keyed hash and an encrypted copy; the birth date and sex come
    from it."""
    parsed = parse_rrn(rrn)
    fields = _applicant_fields(data, birth_date=parsed.birth_date)
    key = rrn_hash(parsed)
    applicant = Applicant.objects.filter(rrn_hash=key).first()
    if applicant is not None:
        return applicant
    try:
        with transaction.atomic():
            applicant = Applicant.objects.create(rrn_hash=key, rrn_encrypted=encrypt_rrn(parsed),
                                                 rrn_masked=parsed.masked, birth_date=parsed.birth_date,
                                                 sex=parsed.sex, **fields)
    except IntegrityError:  # registered by another request a moment ago: that record stands
        return Applicant.objects.get(rrn_hash=key)
    audit_change(actor=actor, obj=applicant, before=None, after=snapshot(applicant, fields=_APPLICANT_FIELDS))
    from .benefits import persons_for_applicants

    persons_for_applicants(actor=actor, applicants=[applicant])  # the registry's person of this applicant
    return applicant


def applicant_update(*, actor: Any, applicant: Applicant, data: dict[str, Any], version: int,
                     reason: str) -> Applicant:
    """An officer's correction of a person's details (the resident number is never changed): refused when the
    record changed since the officer read `version` (no silent lost update); audited with before, after and
    the reason."""
    if not str(reason or "").strip():
        raise ServiceError(Problem(ErrorCode.REQUIRED, "수정 사유를 적으십시오", "give the reason for the correction",
                                   field="reason"))
    fields = _applicant_fields(data)
    with transaction.atomic():
        current = Applicant.objects.select_for_update().get(pk=applicant.pk)
        if current.version != version:
            raise ConflictError(Problem(ErrorCode.CONFLICT,
                                        "다른 사용자가 먼저 수정했습니다. 새로 불러온 내용을 확인하고 다시 고치십시오",
                                        "someone else changed this person since you opened the form; reload and "
                                        "correct again"))
        before = snapshot(current, fields=_APPLICANT_FIELDS)
        for k, v in fields.items():
            setattr(current, k, v)
        current.version += 1
        current.save()
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, before=before,
                     after=snapshot(current, fields=_APPLICANT_FIELDS), reason=str(reason).strip()[:500])
        from .benefits import person_follow_applicant

        person_follow_applicant(actor=actor, applicant=current, reason=str(reason).strip()[:500])
    return current


_STATED = ["name", "phone", "address", "district", "household_size", "household_income", "property_value",
           "employment", "statuses"]


def application_submit(*, actor: Any, round: RecruitmentRound, applicant: Applicant, channel: str,
                       on: dt.date | None = None, worksite: str = "",
                       stated: dict[str, Any] | None = None) -> Application:
    """Apply once per round: a second application, even at the same instant, is refused by the database.
    `stated`: what the application states (as `_applicant_fields` gives it); by default the person's record."""
    today = on or timezone.localdate()
    if not round.apply_from <= today <= round.apply_to:
        raise ServiceError(Problem(ErrorCode.INVALID, f"신청 기간({round.apply_from}~{round.apply_to})이 아닙니다",
                                   f"outside the application window ({round.apply_from} to {round.apply_to})"))
    statement = {f: (stated or {}).get(f, getattr(applicant, f)) for f in _STATED}
    try:
        with transaction.atomic():
            app = Application.objects.create(round=round, applicant=applicant, channel=channel, worksite=worksite,
                                             **statement)
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=app, before=None,
                         after=snapshot(app, fields=["round", "applicant", "channel", "worksite", *_STATED]))
            check_new_applicants([applicant.pk])  # the registry checks the person once this is committed
    except IntegrityError as exc:
        raise ConflictError(Problem(ErrorCode.DUPLICATE_ROW, "이미 이 회차에 신청했습니다",
                                    "this person has already applied to this round")) from exc
    return app


@transaction.atomic
def application_apply(*, actor: Any, round: RecruitmentRound, rrn: str, data: dict[str, Any], channel: str,
                      on: dt.date | None = None, worksite: str = "") -> Application:
    """One application with its details, the person registered on their first: one transaction, so a refused
    application (a repeat, a closed round) leaves no person behind. A registered person is never changed."""
    applicant = applicant_register(actor=actor, rrn=rrn, data=data)
    return application_submit(actor=actor, round=round, applicant=applicant, channel=channel, on=on,
                              worksite=worksite, stated=_applicant_fields(data))


_SCREEN_COLS = ["id", "applicant_id", "status", "applicant__birth_date", "district__code", "employment",
                "household_size", "household_income", "property_value", "statuses",
                "applicant__person_id"]  # as the application states; the person: benefit history


def _screening_frame(round: RecruitmentRound) -> pd.DataFrame:
    """The round's live applications as the columns the rules read, in application order."""
    rows = list(round.applications.exclude(status=Application.Status.DROPPED_OUT).order_by("id")
                .values_list(*_SCREEN_COLS))
    frame = pd.DataFrame(rows, columns=["id", "applicant", "status", "birth_date", "district", "employment",
                                        "household_size", "household_income", "property_value", "statuses",
                                        "person"])
    frame["district"] = frame["district"].fillna("")
    return frame


def _participation_in_window(round: RecruitmentRound, frame: pd.DataFrame, rules: list[EligibilityRule],
                             ref: dt.date) -> tuple[pd.Series, list[dict[str, Any]] | None]:
    """Per application of `frame`: the months the participation cap counts in its window (0 without a cap) —
    the paid benefit records of the applicant's whole cluster (people.selectors: sure links and confirmed
    ones, never an undecided guess) and the old participation spells, each calendar month once — and what was
    counted and what waits for a link review, for the decision's reasons (None without a cap)."""
    from .history import cap_of, histories_for_applications

    cap = cap_of(rules)
    if cap is None or not len(frame):
        return pd.Series([0] * len(frame), dtype="int64"), None
    years = int(cap.params["years"])
    rows = [(int(i), int(a), None if pd.isna(p) else int(p))
            for i, a, p in zip(frame["id"].tolist(), frame["applicant"].tolist(), frame["person"].tolist(),
                               strict=True)]
    roots = Applicant.objects.filter(applications__round=round, person__isnull=False).values("person_id")
    found = histories_for_applications(round, rows, ref=ref, years=years, kinds=["paid"], roots_query=roots)
    months = pd.Series([found[i].months for i, _, _ in rows], dtype="int64")
    details = [{"counted": [x.stored() for x in found[i].certain if x.counted],
                "unconfirmed": [x.stored() for x in found[i].possible if x.counted]} for i, _, _ in rows]
    return months, details


def _months_in_window(round: RecruitmentRound, frame: pd.DataFrame, rules: list[EligibilityRule],
                      ref: dt.date) -> pd.Series:
    """Per application of `frame`: the months the participation cap counts in its window (0 without a cap)."""
    return _participation_in_window(round, frame, rules, ref)[0]


def round_screen(*, actor: Any, round: RecruitmentRound, on: dt.date | None = None) -> dict[str, Any]:
    """Screen every application of the round under the rules in force on its first day of work (or `on`):
    read as columns, the rules applied column by column, every decision written back in one statement."""
    from iljari.core.columns import bulk_set

    ref = on or round.work_from
    rules = rules_in_force(round.program_id, ref)
    frame = _screening_frame(round)
    months, history = _participation_in_window(round, frame, rules, ref)
    result = screen_frame(frame, rules, ref, months, history=history)
    now = timezone.now()
    keep = {Application.Status.SELECTED, Application.Status.WAITING}
    updates = [(i, ok, pts, decision, now,
                status if status in keep else (Application.Status.ELIGIBLE if ok else Application.Status.INELIGIBLE))
               for i, status, ok, pts, decision in zip(frame["id"].tolist(), frame["status"].tolist(),
                                                       result.eligible.tolist(), result.points.tolist(),
                                                       result.decisions, strict=True)]
    with transaction.atomic():
        bulk_set(Application, ["eligible", "points", "decision", "screened_at", "status"], updates)
        summary = {"round": round.pk, "applications": len(frame), "eligible": int(result.eligible.sum()),
                   "rules": [str(r) for r in rules], "reference_date": ref.isoformat()}
        audit_batch(actor=actor, object_type="participants.application", summary=summary, reason="자격 심사 / screening")
    return summary


def rank_key(app: Application) -> tuple:
    """Order of selection: more priority points first; ties: lower household income per member, then the earlier
    application (documented on the round page)."""
    per_member = app.household_income / max(1, app.household_size)
    return (-app.points, per_member, app.submitted_at, app.pk)


def _places(round: RecruitmentRound) -> int:
    """The round's places, or fewer if its worksites take fewer."""
    from .models import Worksite

    sites = sum(Worksite.objects.filter(round=round).values_list("places", flat=True))
    return min(round.places, sites) if sites else round.places


def _assign_worksites(round: RecruitmentRound, selected_in_rank_order: list[int]) -> dict[int, str]:
    """Each selected participant to the worksite asked for while it has room, else to the first with room."""
    from .models import Worksite

    room = {w.name: w.places for w in Worksite.objects.filter(round=round)}
    if not room:
        return {}
    wanted = dict(Application.objects.filter(pk__in=selected_in_rank_order).values_list("id", "worksite"))
    out: dict[int, str] = {}
    for app_id in selected_in_rank_order:
        site = wanted.get(app_id) if room.get(wanted.get(app_id) or "", 0) > 0 else \
            next((name for name, left in room.items() if left > 0), None)
        if site is not None:
            room[site] -= 1
            out[app_id] = site
    return out


def round_close(*, actor: Any, round: RecruitmentRound) -> int:
    """After the work period: every selected participant's spell goes into the participation history that later
    rounds of every program count ("more than N months in the last M years")."""
    from .models import Participation

    with transaction.atomic():
        apps = list(round.applications.filter(status=Application.Status.SELECTED).values_list("applicant_id", flat=True))
        done = set(Participation.objects.filter(program=round.program, start=round.work_from,
                                                applicant_id__in=apps).values_list("applicant_id", flat=True))
        new = [Participation(applicant_id=a, program=round.program, start=round.work_from, end=round.work_to)
               for a in apps if a not in done]
        Participation.objects.bulk_create(new)
        audit_batch(actor=actor, object_type="participants.participation", reason="회차 종료 / round closed",
                    summary={"round": round.pk, "spells": len(new)})
    return len(new)


def round_select(*, actor: Any, round: RecruitmentRound) -> dict[str, int]:
    """Fill the places from the eligible by rank (`rank_key`), the vulnerable quota first; the rest wait in rank
    order. Column by column: a round of 100,000 applications is ranked in one sort."""
    import numpy as np

    from iljari.core.columns import bulk_set

    with transaction.atomic():
        RecruitmentRound.objects.select_for_update().filter(pk=round.pk).first()  # one selection at a time
        rows = list(round.applications.filter(eligible=True).exclude(status=Application.Status.DROPPED_OUT)
                    .values_list("id", "points", "household_income", "household_size", "submitted_at",
                                 "statuses"))
        n = len(rows)
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        points = np.array([r[1] for r in rows], dtype=np.int64)
        per_member = np.array([r[2] / max(1, r[3]) for r in rows], dtype=float)
        submitted = np.array([r[4].timestamp() for r in rows], dtype=float)
        order = np.lexsort((ids, submitted, per_member, -points))  # the last key sorts first
        vulnerable = np.array([bool(VULNERABLE & set(r[5] or [])) for r in rows], dtype=bool)
        places = _places(round)
        quota = math.ceil(places * round.vulnerable_quota_percent / 100)
        chosen = np.zeros(n, dtype=bool)
        chosen[order[vulnerable[order]][:quota]] = True
        rest = order[~chosen[order]][: max(0, places - int(chosen.sum()))]
        chosen[rest] = True
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(1, n + 1)
        sites = _assign_worksites(round, ids[order][chosen[order]].tolist())
        updates = [(int(i), int(r), Application.Status.SELECTED if c else Application.Status.WAITING,
                    sites.get(int(i), ""))
                   for i, r, c in zip(ids.tolist(), rank.tolist(), chosen.tolist(), strict=True)]
        bulk_set(Application, ["rank", "status", "worksite"], updates)
        summary = {"round": round.pk, "places": places, "selected": int(chosen.sum()),
                   "vulnerable_selected": int((chosen & vulnerable).sum()), "quota": quota,
                   "waiting": int(n - chosen.sum())}
        audit_batch(actor=actor, object_type="participants.application", summary=summary, reason="선발 / selection")
        from .benefits import sync_round_on_commit

        sync_round_on_commit(round.pk, actor=actor)  # the selected become paid participations in the registry
    return summary


def application_drop_out(*, actor: Any, application: Application, reason: str,
                         on: dt.date | None = None) -> Application | None:
    """중도포기: the participant leaves (`on`, default today: the last day of their participation); the first on
    the waiting list takes the place (the first vulnerable one while the quota is not met). Returns the
    application promoted, if any."""
    if not reason.strip():
        raise ServiceError(Problem(ErrorCode.REQUIRED, "중도포기 사유를 적으십시오", "give the reason", field="reason"))
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("round", "applicant").get(pk=application.pk)
        if app.status != Application.Status.SELECTED:
            raise ConflictError(Problem(ErrorCode.CONFLICT, "선발된 참여자가 아닙니다", "not a selected participant"))
        before = snapshot(app, fields=["status"])
        app.status = Application.Status.DROPPED_OUT
        app.save(update_fields=["status"])
        last_day = on or timezone.localdate()
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=app, before=before,
                     after=snapshot(app, fields=["status"], extra={"last_day": last_day}), reason=reason)
        rnd = app.round
        from .benefits import sync_round_on_commit

        # the participation ends on the day of the drop-out; the one promoted from the waiting list starts
        sync_round_on_commit(rnd.pk, actor=actor, drop_days={app.pk: last_day})
        quota = math.ceil(rnd.places * rnd.vulnerable_quota_percent / 100)
        selected = list(rnd.applications.select_related("applicant").filter(status=Application.Status.SELECTED))
        have = sum(1 for a in selected if VULNERABLE & set(a.statuses or []))
        waiting = list(rnd.applications.select_for_update().select_related("applicant")
                       .filter(status=Application.Status.WAITING).order_by("rank"))
        pick = None
        if have < quota:
            pick = next((a for a in waiting if VULNERABLE & set(a.statuses or [])), None)
        pick = pick or (waiting[0] if waiting else None)
        if pick is not None:
            b = snapshot(pick, fields=["status"])
            pick.status = Application.Status.SELECTED
            pick.save(update_fields=["status"])
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=pick, before=b,
                         after=snapshot(pick, fields=["status"]), reason=f"중도포기 대체 / replaces {app.pk}")
        return pick


def applicant_reveal_rrn(*, actor: Any, applicant: Applicant, reason: str) -> str:
    """The full number, for an authorised role with a reason; every reveal is an audit row."""
    from iljari.access import policy

    if not policy.allows(actor, "reveal_rrn"):
        raise ServiceError(Problem(ErrorCode.PERMISSION_DENIED, "주민등록번호를 볼 권한이 없습니다",
                                   "not allowed to see resident registration numbers"))
    if not reason.strip():
        raise ServiceError(Problem(ErrorCode.REQUIRED, "열람 사유를 적으십시오", "give the reason for looking",
                                   field="reason"))
    audit_record(actor=actor, action=AuditEntry.Action.REVEAL, obj=applicant, before=None,
                 after={"revealed": applicant.rrn_masked}, reason=f"주민등록번호 열람: {reason}")
    return decrypt_rrn(applicant.rrn_encrypted)


def _decisive_value(kind: str, row: dict[str, Any], ref: dt.date, months: int, districts: dict[str, str]) -> str:
    """What the rule reads of one application, in words of the page's language (the preview says why someone
    is admitted or dropped)."""
    from .eligibility import age_on
    from .rule_text import employment_label, english, status_label, won

    en = english()
    if kind == "age_range":
        age = age_on(row["birth_date"], ref)
        return f"{age} on {ref:%Y-%m-%d}" if en else f"만 {age}세 ({ref:%Y. %-m. %-d.} 기준)"
    if kind == "residency":
        return districts.get(row["district"], row["district"]) or ("no district" if en else "자치구 없음")
    if kind == "employment":
        return employment_label(row["employment"])
    if kind == "income_line":
        income, size = int(row["household_income"]), row["household_size"]
        return (f"household income {income:,} won a month ({size} people)" if en else
                f"가구소득 월 {income:,}원 ({size}인 가구)")
    if kind == "property_cap":
        return f"property {won(row['property_value'])}" if en else f"재산 {won(row['property_value'])}"
    if kind == "exclude_status":
        return ", ".join(status_label(x) for x in row["statuses"] or []) or ("none" if en else "해당 없음")
    if kind == "participation_cap":
        return f"{months} months worked recently" if en else f"최근 참여 {months}개월"
    return "-"


def rule_change_impact(*, round: RecruitmentRound, rule: EligibilityRule, on: dt.date | None = None
                       ) -> dict[str, Any]:
    """Before a rule is saved (new, or changed in memory): which of the round's current applicants it would
    newly admit or drop (past participation counted as screening counts it), each named as the officer may show
    it — masked name, application number and the value the rule reads."""
    from .rule_text import mask_name

    ref = on or round.work_from
    current = rules_in_force(round.program_id, ref)
    proposed = [r for r in current if r.pk != rule.pk or rule.pk is None]
    if rule.valid_from <= ref and (rule.valid_to is None or rule.valid_to >= ref):
        proposed.append(rule)
    frame = _screening_frame(round)
    months_now = _months_in_window(round, frame, current, ref)
    months_after = _months_in_window(round, frame, proposed, ref)
    before = screen_frame(frame, current, ref, months_now, decisions=False).eligible
    after = screen_frame(frame, proposed, ref, months_after, decisions=False).eligible
    admitted = frame["id"][~before & after].tolist()
    dropped = frame["id"][before & ~after].tolist()
    shown = set(admitted[:50]) | set(dropped[:50])
    names = dict(Application.objects.filter(pk__in=shown).values_list("pk", "name"))
    fallback = dict(Application.objects.filter(pk__in=shown).values_list("pk", "applicant__name"))
    from .rule_text import english

    en = english()
    districts = {o.code: (o.name_en if en else "") or o.name_ko for o in OrgUnit.objects.filter(kind="district")}
    rows = {r["id"]: (r, m) for r, m in zip(frame.to_dict("records"), months_after.tolist(), strict=True)
            if r["id"] in shown}

    def people(ids: list[int]) -> list[dict[str, Any]]:
        return [{"number": i, "name": mask_name(names.get(i) or fallback.get(i, "")),
                 "value": _decisive_value(rule.kind, rows[i][0], ref, int(rows[i][1]), districts)}
                for i in ids[:50]]

    return {"applications": len(frame), "eligible_now": int(before.sum()), "eligible_after": int(after.sum()),
            "admitted": len(admitted), "dropped": len(dropped), "admitted_ids": admitted[:20],
            "dropped_ids": dropped[:20], "admitted_people": people(admitted), "dropped_people": people(dropped),
            "reference_date": ref}


_RULE_KEYS = {"age_range": {"min", "max"}, "residency": {"districts"}, "employment": {"allowed"},
              "income_line": {"parameter", "percent"}, "property_cap": {"max"}, "exclude_status": {"statuses"},
              "participation_cap": {"months", "years"},
              "priority_points": {"statuses", "per_dependant"}}
_RULE_REQUIRED = {"residency": {"districts"}, "employment": {"allowed"}, "income_line": {"parameter"},
                  "property_cap": {"max"}, "exclude_status": {"statuses"}, "participation_cap": {"months", "years"}}


def rule_check(rule: EligibilityRule) -> list[Problem]:
    """What is wrong with a rule's parameters, in words an officer can act on."""
    problems = []
    params = rule.params if isinstance(rule.params, dict) else None
    if rule.kind not in _RULE_KEYS:
        return [Problem(ErrorCode.UNKNOWN_KIND, f"알 수 없는 기준 종류 '{rule.kind}'", f"unknown rule kind '{rule.kind}'",
                        field="kind")]
    if params is None:
        return [Problem(ErrorCode.INVALID, "값은 {\"이름\": 값} 형태여야 합니다", "params must be a JSON object",
                        field="params")]
    extra = set(params) - _RULE_KEYS[rule.kind]
    missing = _RULE_REQUIRED.get(rule.kind, set()) - set(params)
    if extra:
        problems.append(Problem(ErrorCode.INVALID, f"이 기준에 없는 항목: {', '.join(sorted(extra))}",
                                f"not a parameter of this rule: {', '.join(sorted(extra))}", field="params"))
    if missing:
        problems.append(Problem(ErrorCode.REQUIRED, f"빠진 항목: {', '.join(sorted(missing))}",
                                f"missing: {', '.join(sorted(missing))}", field="params"))
    for key in ("min", "max", "percent", "months", "years", "per_dependant"):
        v = params.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            problems.append(Problem(ErrorCode.NOT_AN_INTEGER, f"{key}: 0 이상의 정수여야 합니다", f"{key}: a whole number >= 0",
                                    field="params"))
    if rule.kind == "age_range" and isinstance(params.get("min"), int) and isinstance(params.get("max"), int) \
            and params["min"] > params["max"]:
        problems.append(Problem(ErrorCode.INVALID, "최소 나이가 최대 나이보다 많습니다", "min age above max age", field="params"))
    codes = {"residency": ("districts", None), "employment": ("allowed", set(Applicant.Employment.values)),
             "exclude_status": ("statuses", set(Applicant.STATUSES))}
    if rule.kind in codes and codes[rule.kind][0] in params:
        key, known = codes[rule.kind]
        values = params[key]
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            problems.append(Problem(ErrorCode.REQUIRED, "하나 이상 고르십시오", f"{key}: choose at least one",
                                    field="params"))
        elif known is not None and set(values) - known:
            problems.append(Problem(ErrorCode.UNKNOWN_CODE, "알 수 없는 값이 있습니다", f"{key}: unknown value",
                                    field="params"))
    if rule.kind == "priority_points" and "statuses" in params:
        pts = params["statuses"]
        if not isinstance(pts, dict) or set(pts) - set(Applicant.STATUSES) or not all(
                isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100 for v in pts.values()):
            problems.append(Problem(ErrorCode.INVALID, "가점은 해당 사항마다 0~100점이어야 합니다",
                                    "points: 0 to 100 for each known status", field="params"))
    if rule.valid_to and rule.valid_to < rule.valid_from:
        problems.append(Problem(ErrorCode.INVALID_DATE, "끝나는 날이 시작일보다 빠릅니다", "valid_to is before valid_from",
                                field="valid_to"))
    return problems


_RULE_STATE = ["program", "kind", "params", "label", "valid_from", "valid_to", "order"]


def eligibility_rule_save(*, actor: Any, rule: EligibilityRule, reason: str = "",
                          version: int | None = None) -> EligibilityRule:
    """Add or change a rule (audited). `version`: the version the officer read; a rule changed by someone else
    since is refused (ConflictError), never overwritten."""
    from iljari.audit.services import check_version

    problems = rule_check(rule)
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        current = EligibilityRule.objects.select_for_update().get(pk=rule.pk) if rule.pk else None
        check_version(current, version, what_ko="이 자격 기준을", what_en="this rule")
        before = snapshot(current, fields=_RULE_STATE) if current else None
        if current is None and not rule.order:
            last = EligibilityRule.objects.filter(program=rule.program).order_by("-order").first()
            rule.order = (last.order + 1) if last else 0
        rule.version = current.version + 1 if current else 1
        rule.created_by = actor if getattr(actor, "pk", None) else None
        rule.save()
        audit_change(actor=actor, obj=rule, before=before, after=snapshot(rule, fields=_RULE_STATE), reason=reason)
    return rule


_PAY_KEYS = {"basis", "hours_by_age", "default_hours", "daily_wage_by_hours", "daily_base", "hourly_rate", "daily_allowance",
             "monthly_cap_hours", "truncate_to"}


def pay_rule_save(*, actor: Any, program: Any, valid_from: dt.date, params: Any, label: str = "",
                  reason: str = "", version: int | None = None) -> Any:
    """Work terms and pay of a program from a date (a later rule never changes an earlier month's pay).
    `version`: the version of the rule of that date the officer read (0: none yet); a rule saved by someone else
    since is refused (ConflictError), never overwritten."""
    from .models import PayRule
    from .pay import month_pay

    problems = []
    if not isinstance(params, dict):
        problems.append(Problem(ErrorCode.INVALID, "값은 JSON 객체여야 합니다", "params must be a JSON object",
                                field="params"))
    else:
        extra = set(params) - _PAY_KEYS
        if extra:
            problems.append(Problem(ErrorCode.INVALID, f"임금 기준에 없는 항목: {', '.join(sorted(extra))}",
                                    f"not a pay parameter: {', '.join(sorted(extra))}", field="params"))
        if not extra:
            try:  # the rule must give a day's or an hour's pay
                from .pay import pay_basis

                month_pay(params, days=1, hours=1) if pay_basis(params) == "hour" else \
                    month_pay(params, days=1, age=40)
            except (KeyError, TypeError, ValueError) as exc:
                problems.append(Problem(ErrorCode.INVALID, f"임금을 계산할 수 없습니다: {exc}",
                                        f"pay cannot be computed: {exc}", field="params"))
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        rule = PayRule.objects.select_for_update().filter(program=program, valid_from=valid_from).first()
        if version is not None and (rule.version if rule else 0) != version:
            raise ConflictError(Problem(ErrorCode.CONFLICT,
                                        "다른 사용자가 먼저 이 날짜의 임금 기준을 저장했습니다. 새로 고친 뒤 다시 하십시오",
                                        "someone else saved the pay rule of this date first; reload and try again"))
        before = snapshot(rule) if rule else None
        if rule is None:
            rule = PayRule(program=program, valid_from=valid_from)
        else:
            rule.version += 1
        rule.params, rule.label = params, label[:200]
        rule.save()
        audit_change(actor=actor, obj=rule, before=before, after=snapshot(rule), reason=reason)
    return rule


# --- days and hours worked (근무 실적) and the payroll read from them ----------------------------------------------

_WORK_STATE = ["days", "hours"]


def work_records_save(*, actor: Any, round: RecruitmentRound, year: int, month: int,
                      entries: list[dict[str, Any]], reason: str = "") -> dict[str, int]:
    """The days (day-based pay) or the days and hours (hourly pay) each participant worked in a month of the
    round, all or nothing. `entries`: {"application": Application, "days": int | None, "hours": int | None,
    "version": the version read, 0 when nothing was entered}; both empty clears an entry (미입력 again).

    Bounds: days at most the days of the month inside the work period; no work in a month that has not begun
    (its first day after today); hours at most the days × the rule's hours a day at the participant's age on the
    month's first day (5 hours, 65+: 3 hours), or 24 × days when an hourly rule names no hours a day; the
    participant selected (or dropped out) in this round.

    Hours beyond the rule's day are refused, not only flagged: the rule's hours a day are the terms of the job
    (as the monthly cap, hours beyond them are not activity of the program), so 150 hours for 20 days of 5 hours
    is a slip of the pen (or work the program does not pay) and a flag beside a saved figure would still put it
    in the payroll and the workbook. The officer fixes the figure, or the pay rule if the days really are
    longer. A row changed by someone else since it was read is refused
    (ConflictError naming the participants), never overwritten. Every created, changed or cleared row is an
    audit row with the values before and after."""
    from .eligibility import age_on
    from .models import WorkRecord
    from .pay import hours_a_day, pay_rule_on, states_hours_a_day
    from .payroll import month_bounds, work_basis

    problems: list[Problem] = []
    try:
        first, last = month_bounds(round, year, month)
    except ValueError:
        raise ServiceError(Problem(ErrorCode.INVALID_MONTH, f"{year}년 {month}월은 이 회차의 근무 기간이 아닙니다",
                                   f"{year}-{month:02d} is not a month of the round's work period",
                                   field="month")) from None
    limit = (last - first).days + 1
    basis = work_basis(round, year, month)
    if basis is None:
        raise ServiceError(Problem(ErrorCode.INVALID, "이 달에 적용할 임금 기준이 없습니다. 임금 기준을 먼저 정하십시오",
                                   "no pay rule is in force this month; set one first"))
    rule = pay_rule_on(round.program_id, first)
    params = rule.params if rule else {}
    bound_by_rule = states_hours_a_day(params)
    not_begun = dt.date(year, month, 1) > timezone.localdate()
    payable = {Application.Status.SELECTED, Application.Status.DROPPED_OUT}
    for e in entries:
        app, days, hours = e["application"], e.get("days"), e.get("hours")
        who = app.name or app.applicant.name
        if app.round_id != round.pk or app.status not in payable:
            problems.append(Problem(ErrorCode.INVALID, f"{who}: 이 회차의 선발 인원이 아닙니다",
                                    f"{who}: not a participant of this round", field=f"days_{app.pk}"))
            continue
        if days is None and hours is None:
            continue
        if not_begun:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"{who}: {year}년 {month}월은 아직 시작되지 않았습니다. 근무 실적은 그달이 시작된 뒤에 적으십시오",
                                    f"{who}: {year}-{month:02d} has not begun yet; enter work once the month has begun",
                                    field=f"days_{app.pk}"))
            continue
        if days is None:
            problems.append(Problem(ErrorCode.REQUIRED, f"{who}: 근무일수를 적으십시오", f"{who}: give the days worked",
                                    field=f"days_{app.pk}"))
        elif not 0 <= days <= limit:
            problems.append(Problem(ErrorCode.INVALID,
                                    f"{who}: 근무일수는 0~{limit}일이어야 합니다 ({first:%-m. %-d.}~{last:%-m. %-d.})",
                                    f"{who}: days worked must be 0 to {limit}", field=f"days_{app.pk}"))
        if basis == "hour":
            if hours is None:
                problems.append(Problem(ErrorCode.REQUIRED, f"{who}: 근무시간을 적으십시오",
                                        f"{who}: give the hours worked", field=f"hours_{app.pk}"))
            elif days is not None and bound_by_rule:
                age = age_on(app.applicant.birth_date, dt.date(year, month, 1))
                per_day = hours_a_day(params, age)
                if not 0 <= hours <= per_day * days:
                    problems.append(Problem(
                        ErrorCode.INVALID,
                        f"{who}: 근무시간은 0~{per_day * days}시간이어야 합니다 (임금 기준 하루 {per_day}시간"
                        f"{f'(만 {age}세)' if params.get('hours_by_age') else ''} × {days}일)",
                        f"{who}: hours worked must be 0 to {per_day * days} ({per_day} hours a day by the pay rule"
                        f" × {days} days)", field=f"hours_{app.pk}"))
            elif days is not None and not 0 <= hours <= 24 * days:
                problems.append(Problem(ErrorCode.INVALID,
                                        f"{who}: 근무시간은 0~{24 * days}시간이어야 합니다 (하루 24시간 × {days}일)",
                                        f"{who}: hours worked must be 0 to {24 * days}", field=f"hours_{app.pk}"))
        elif hours is not None:
            problems.append(Problem(ErrorCode.INVALID, f"{who}: 일급 사업은 근무일수만 적습니다",
                                    f"{who}: day-based pay takes days only", field=f"hours_{app.pk}"))
    if problems:
        raise ServiceError(problems)
    changed = {"created": 0, "changed": 0, "cleared": 0}
    with transaction.atomic():
        ids = [e["application"].pk for e in entries]
        current = {w.application_id: w for w in WorkRecord.objects.select_for_update()
                   .filter(application_id__in=ids, year=year, month=month)}
        stale = [e["application"] for e in entries
                 if (current[e["application"].pk].version if e["application"].pk in current else 0)
                 != int(e.get("version") or 0)]
        if stale:
            names = ", ".join(a.name or a.applicant.name for a in stale[:10])
            raise ConflictError(Problem(ErrorCode.CONFLICT,
                                        f"다른 사용자가 먼저 고친 행이 있습니다({names}). 새로 불러온 값을 확인하고 다시 저장하십시오",
                                        f"someone else changed some rows first ({names}); reload and save again"))
        for e in entries:
            app, days = e["application"], e.get("days")
            hours = e.get("hours") if basis == "hour" else None
            rec = current.get(app.pk)
            label = f"{app.name or app.applicant.name} {year}년 {month}월 근무"
            if days is None:
                if rec is not None:
                    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=rec,
                                 before=snapshot(rec, fields=_WORK_STATE), after=None, reason=reason,
                                 object_repr=label)
                    rec.delete()
                    changed["cleared"] += 1
                continue
            if rec is None:
                rec = WorkRecord.objects.create(application=app, year=year, month=month, days=days, hours=hours,
                                                updated_by=actor if getattr(actor, "pk", None) else None)
                audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=rec, before=None,
                             after=snapshot(rec, fields=_WORK_STATE), reason=reason, object_repr=label)
                changed["created"] += 1
            elif (rec.days, rec.hours) != (days, hours):
                before = snapshot(rec, fields=_WORK_STATE)
                rec.days, rec.hours, rec.version = days, hours, rec.version + 1
                rec.updated_by = actor if getattr(actor, "pk", None) else None
                rec.save()
                audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=rec, before=before,
                             after=snapshot(rec, fields=_WORK_STATE), reason=reason, object_repr=label)
                changed["changed"] += 1
        if any(changed.values()):
            from .benefits import sync_round_on_commit

            sync_round_on_commit(round.pk, actor=actor)  # the amounts paid follow the days entered
    return changed
