"""Citizens' own accounts for booking (slice "accounts"): register, check a password at login (with a lockout after
repeated failures), change phone / district / password, deactivate. A citizen is never a Django user.

- `phone_digits(text)`: a Korean mobile number as digits (010…), or None (the `phonenumbers` package).
- `account_register(...)`: a `people.Person` (source "booking") and its `CitizenAccount` in one transaction; the
  person registry checks the new person after commit (as the job centres' seeker registration does).
- `account_authenticate(phone=, password=, now=)`: the account, or a refusal (wrong details, locked until …).
- `account_update(...)`, `account_deactivate(...)`: the citizen's own changes, audited and versioned.

Identity is self-declared: a national identity check (본인확인: PASS, 공동·금융인증서) would set `verified`; it is an
integration point not connected (docs/bookings/accounts.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from iljari.audit.services import audit_change, check_version, snapshot
from iljari.core.errors import ConflictError, ErrorCode, Problem, ServiceError
from iljari.orgs.models import OrgUnit
from iljari.people.models import Person

from .models import CitizenAccount

MAX_FAILED_LOGINS = 5  # wrong passwords in a row before the account is locked
LOCK_MINUTES = 15
ACCOUNT_FIELDS = ["phone", "person", "verified", "active", "final_year_student", "consented_at"]
_PERSON_FIELDS = ["name", "birth_date", "phone", "district", "source", "source_ref"]


def phone_digits(text: str) -> str | None:
    """A Korean mobile number (010-1234-5678, +82 10 1234 5678) as its eleven digits, or None."""
    text = (text or "").strip()
    if not text or len(text) > 20:
        return None
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 82 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    digits = "0" + str(number.national_number)
    return digits if len(digits) in (10, 11) else None


def _phone_problem() -> Problem:
    return Problem(ErrorCode.INVALID, "휴대전화 번호를 확인하십시오 (예: 010-1234-5678)",
                   "check the mobile number (e.g. 010-1234-5678)", field="phone")


def _password_problems(password: str, *, name: str = "", phone: str = "") -> list[Problem]:
    class _Who:  # what UserAttributeSimilarityValidator compares the password with
        def __init__(self) -> None:
            self.username, self.first_name = phone, name

    try:
        validate_password(password, user=_Who())
    except ValidationError as exc:
        from django.utils import translation

        with translation.override("ko"):
            ko = [str(m) for m in exc.messages]
        with translation.override("en"):
            try:
                validate_password(password, user=_Who())
            except ValidationError as again:
                en = [str(m) for m in again.messages]
            else:  # pragma: no cover
                en = ko
        return [Problem(ErrorCode.INVALID, k, e, field="password") for k, e in zip(ko, en, strict=False)]
    return []


def _district(value: Any) -> OrgUnit | None:
    if isinstance(value, OrgUnit):
        return value if value.kind == "district" else None
    return OrgUnit.objects.filter(code=str(value or ""), kind="district").first()


def _taken() -> ConflictError:
    return ConflictError(Problem(ErrorCode.DUPLICATE_CODE, "이미 이 휴대전화 번호로 가입한 계정이 있습니다. 로그인하십시오",
                                 "an account with this mobile number already exists: please log in", field="phone"))


def account_register(*, phone: str, password: str, name: str, birth_date: dt.date | None, district: Any,
                     final_year_student: bool = False, consent: bool = False, actor: Any = None
                     ) -> CitizenAccount:
    """A new citizen account with its person record. Every problem at once; nothing saved on any."""
    problems: list[Problem] = []
    digits = phone_digits(phone)
    if digits is None:
        problems.append(_phone_problem())
    name = (name or "").strip()
    if not name:
        problems.append(Problem(ErrorCode.REQUIRED, "이름을 적으십시오", "enter your name", field="name"))
    elif len(name) > 50:
        problems.append(Problem(ErrorCode.TOO_LONG, "이름은 50자까지 적을 수 있습니다", "the name is 50 characters at most",
                                field="name"))
    today = timezone.localdate()
    if birth_date is None:
        problems.append(Problem(ErrorCode.REQUIRED, "생년월일을 적으십시오", "enter your date of birth",
                                field="birth_date"))
    elif birth_date > today or birth_date.year < 1900:
        problems.append(Problem(ErrorCode.INVALID_DATE, "생년월일을 확인하십시오", "check the date of birth",
                                field="birth_date"))
    unit = _district(district) if district not in (None, "") else None  # None: lives outside Seoul
    if unit is None and district not in (None, ""):
        problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, "사는 자치구를 목록에서 고르십시오",
                                "choose the district you live in from the list", field="district"))
    problems += _password_problems(password or "", name=name, phone=digits or "")
    if not consent:
        problems.append(Problem(ErrorCode.REQUIRED, "개인정보 수집·이용에 동의해야 가입할 수 있습니다",
                                "you can sign up only if you agree to the collection and use of personal information",
                                field="consent"))
    if problems:
        raise ServiceError(problems)
    assert digits is not None
    if CitizenAccount.objects.filter(phone=digits).exists():
        raise _taken()
    from iljari.people.services import person_create

    try:
        with transaction.atomic():
            person = person_create(actor=actor, source=Person.Source.BOOKING, source_ref="booking:new", audit=False,
                                   name=name, birth_date=birth_date, phone=digits, district=unit)
            account = CitizenAccount.objects.create(phone=digits, password=make_password(password), person=person,
                                                    final_year_student=bool(final_year_student),
                                                    consented_at=timezone.now())
            person.source_ref = f"booking:{account.pk}"
            person.save(update_fields=["source_ref"])
            audit_change(actor=actor, obj=person, before=None, after=snapshot(person, fields=_PERSON_FIELDS))
            audit_change(actor=actor, obj=account, before=None, after=snapshot(account, fields=ACCOUNT_FIELDS))
            _check_person_on_commit(person.pk)
    except IntegrityError:  # the same phone registered at the same moment
        raise _taken() from None
    return account


def _check_person_on_commit(person_id: int) -> None:
    """The person registry's incremental check of a new person, after commit; never fails the registration."""

    def run() -> None:
        import logging

        try:
            from iljari.people.linkage.service import check_new_persons

            check_new_persons([person_id], actor=None)
        except Exception:
            logging.getLogger(__name__).exception("incremental registry check failed for person %s", person_id)

    transaction.on_commit(run, robust=True)


def _login_refused() -> ServiceError:
    return ServiceError(Problem(ErrorCode.INVALID, "휴대전화 번호나 비밀번호가 맞지 않습니다",
                                "the mobile number or the password is not right"))


def _hm(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def account_authenticate(*, phone: str, password: str, now: dt.datetime | None = None) -> CitizenAccount:
    """The active account of `phone` if `password` is right. Wrong passwords are counted; after
    MAX_FAILED_LOGINS in a row the account is locked for LOCK_MINUTES (even the right password is refused then).
    An unknown number is answered like a wrong password (no telling which numbers have accounts)."""
    now = now or timezone.now()
    digits = phone_digits(phone)
    account = CitizenAccount.objects.filter(phone=digits, active=True).first() if digits else None
    if account is None:
        check_password(password or "", make_password(None))  # the same time as a real check
        raise _login_refused()
    if account.locked_until and account.locked_until > now:
        raise ServiceError(Problem(
            ErrorCode.INVALID, f"비밀번호를 여러 번 틀려 {_hm(account.locked_until)}까지 로그인할 수 없습니다",
            f"too many wrong passwords: you can log in again at {_hm(account.locked_until)}",
            params={"locked_until": account.locked_until.isoformat()}))
    if not check_password(password or "", account.password):
        with transaction.atomic():
            current = CitizenAccount.objects.select_for_update().get(pk=account.pk)
            current.failed_logins += 1
            fields = ["failed_logins"]
            if current.failed_logins >= MAX_FAILED_LOGINS:
                current.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                current.failed_logins = 0
                fields.append("locked_until")
            current.save(update_fields=fields)
        if "locked_until" in fields:
            raise ServiceError(Problem(
                ErrorCode.INVALID,
                f"비밀번호를 {MAX_FAILED_LOGINS}번 틀려 {_hm(current.locked_until)}까지 로그인할 수 없습니다",  # type: ignore[arg-type]
                f"{MAX_FAILED_LOGINS} wrong passwords: you can log in again at {_hm(current.locked_until)}",  # type: ignore[arg-type]
                params={"locked_until": current.locked_until.isoformat()}))  # type: ignore[union-attr]
        raise _login_refused()
    if account.locked_until:
        CitizenAccount.objects.filter(pk=account.pk).update(locked_until=None)
    return account


def account_update(*, account: CitizenAccount, version: int, phone: str | None = None, district: Any = None,
                   current_password: str = "", new_password: str = "") -> CitizenAccount:
    """The citizen changes their mobile number, district or password (the current password confirms any
    change). The person record follows the new phone and district."""
    problems: list[Problem] = []
    with transaction.atomic():
        current = CitizenAccount.objects.select_for_update().select_related("person").get(pk=account.pk)
        check_version(current, version, what_ko="계정을", what_en="the account")
        if not check_password(current_password or "", current.password):
            problems.append(Problem(ErrorCode.INVALID, "지금 쓰는 비밀번호가 맞지 않습니다", "the current password is not right",
                                    field="current_password"))
        digits = current.phone
        if phone is not None and phone.strip():
            digits = phone_digits(phone) or ""
            if not digits:
                problems.append(_phone_problem())
            elif digits != current.phone and CitizenAccount.objects.filter(phone=digits).exists():
                problems.append(Problem(ErrorCode.DUPLICATE_CODE, "이 번호로 가입한 다른 계정이 있습니다",
                                        "another account uses this number", field="phone"))
        unit = current.person.district
        if district not in (None, ""):
            unit = _district(district)
            if unit is None:
                problems.append(Problem(ErrorCode.UNKNOWN_ORG_UNIT, "자치구를 목록에서 고르십시오",
                                        "choose a district from the list", field="district"))
        if new_password:
            problems += [Problem(p.code, p.message_ko, p.message_en, field="new_password")
                         for p in _password_problems(new_password, name=current.person.name, phone=digits)]
        if problems:
            raise ServiceError(problems)
        before = snapshot(current, fields=ACCOUNT_FIELDS, extra={"district": current.person.district_id})
        person = current.person
        person_before = snapshot(person, fields=_PERSON_FIELDS)
        current.phone = digits
        if new_password:
            current.password = make_password(new_password)
        person.phone, person.district = digits, unit
        after = snapshot(current, fields=ACCOUNT_FIELDS, extra={"district": unit.pk if unit else None})
        if after == before and not new_password:
            return current
        current.version += 1
        current.save()
        if snapshot(person, fields=_PERSON_FIELDS) != person_before:
            person.version += 1
            person.save()
            audit_change(actor=None, obj=person, before=person_before, after=snapshot(person, fields=_PERSON_FIELDS),
                         reason="citizen account")
        audit_change(actor=None, obj=current, before=before,
                     after={**after, "password_changed": bool(new_password)}, reason="citizen account")
    return current


def account_deactivate(*, account: CitizenAccount, version: int, password: str) -> CitizenAccount:
    """Delete my account: deactivated, never erased (bookings and rentals are kept for the record); the phone
    number is freed for a new account (the old one stays in the audit trail)."""
    with transaction.atomic():
        current = CitizenAccount.objects.select_for_update().get(pk=account.pk)
        check_version(current, version, what_ko="계정을", what_en="the account")
        if not check_password(password or "", current.password):
            raise ServiceError(Problem(ErrorCode.INVALID, "비밀번호가 맞지 않습니다", "the password is not right",
                                       field="password"))
        before = snapshot(current, fields=ACCOUNT_FIELDS)
        current.active = False
        current.phone = f"D{current.pk:010d}"[-11:]
        current.password = make_password(None)  # unusable
        current.version += 1
        current.save()
        audit_change(actor=None, obj=current, before=before, after=snapshot(current, fields=ACCOUNT_FIELDS),
                     reason="deleted by the citizen")
    return current
