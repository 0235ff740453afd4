"""The dated booking rules and what every booking service checks with them (shared by rooms, programmes and suits).

- `rule_for(service, day)`: the rule in force on the day booked FOR (not the day the booking is made): a suit
  picked up on 2021-01-04 follows the 2021 rule (age up to 39) even when booked in December 2020.
- `eligibility_problems(person, rule, day)`: residency (a Seoul district) and the age window (만 나이 on that day;
  final-year high-school students under the lower bound when the rule lets them: self-declared).
- `penalty_problems(person, service, day)`: barred after a no-show or a late return until the penalty ends.
- `holiday_name(day)`: the Korean public holiday of a day (the `holidays` package, maintained), or "".
- `refuse(code, ko, en, field=..., **params)`: raise the one refusal shape (ServiceError with a Problem).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, NoReturn

from iljari.core.errors import ErrorCode, Problem, ServiceError

from .models import BookingRule, Penalty

SERVICE_NAMES_KO = {"study_room": "스터디룸", "ai_room": "AI 면접체험실", "programme": "프로그램", "suit": "면접 정장 대여"}
SERVICE_NAMES_EN = {"study_room": "study rooms", "ai_room": "the AI interview room", "programme": "programmes",
                    "suit": "interview suits"}


def josa(word: str, particle: str) -> str:
    """The word with the Korean particle that fits its last syllable (스터디룸은, 면접 정장 대여는: tossi)."""
    import tossi

    return str(tossi.postfix(word, particle))


WEEKDAYS_KO = "월화수목금토일"


def english() -> bool:
    """Is the page in English (Django's active language)?"""
    from django.utils import translation

    return (translation.get_language() or "ko").startswith("en")


def day_ko(day: dt.date) -> str:
    """3월 4일(수)"""
    return f"{day.month}월 {day.day}일({WEEKDAYS_KO[day.weekday()]})"


def day_en(day: dt.date) -> str:
    """Wed 4 March"""
    return f"{day:%a} {day.day} {day:%B}"


def day_label(day: dt.date) -> str:
    """A day as the pages show it, in the page's language."""
    return day_en(day) if english() else day_ko(day)


def when_ko(t: dt.datetime) -> str:
    from django.utils import timezone

    t = timezone.localtime(t)
    return f"{day_ko(t.date())} {t:%H:%M}"


def when_en(t: dt.datetime) -> str:
    from django.utils import timezone

    t = timezone.localtime(t)
    return f"{day_en(t.date())}, {t:%H:%M}"


def d_ko(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def d_en(day: dt.date) -> str:
    return f"{day:%d %B %Y}".lstrip("0")


def problem(code: ErrorCode, ko: str, en: str, *, field: str | None = None, **params: Any) -> Problem:
    return Problem(code, ko, en, field=field, params={k: _jsonable(v) for k, v in params.items()})


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date | dt.datetime) else v


def refuse(code: ErrorCode, ko: str, en: str, *, field: str | None = None, **params: Any) -> NoReturn:
    raise ServiceError(problem(code, ko, en, field=field, **params))


def rule_for(service: str, day: dt.date) -> BookingRule:
    """The rule of `service` in force on `day` (the latest `valid_from` on or before it)."""
    rule = (BookingRule.objects.filter(service=service, valid_from__lte=day).order_by("-valid_from").first())
    if rule is None:
        refuse(ErrorCode.NO_RULE, f"{d_ko(day)}에 적용되는 {SERVICE_NAMES_KO.get(service, service)} 이용 기준이 없습니다",
               f"no rule for {SERVICE_NAMES_EN.get(service, service)} applies on {d_en(day)}", service=service,
               day=day)
    return rule


def age_on(birth: dt.date, day: dt.date) -> int:
    """만 나이: full years lived on `day` (a birthday on 29 February counts from 1 March in other years)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def is_resident(person: Any) -> bool:
    """Lives in one of the city's districts (the person's district, self-declared or from a list)."""
    district = getattr(person, "district", None)
    return district is not None and district.kind == "district"


def eligibility_problems(*, person: Any, rule: BookingRule, day: dt.date,
                         final_year_student: bool = False) -> list[Problem]:
    """Who may book on `day` under `rule`: residency and the age window. Every problem, not only the first."""
    out: list[Problem] = []
    name_ko = SERVICE_NAMES_KO.get(rule.service, rule.service)
    name_en = SERVICE_NAMES_EN.get(rule.service, rule.service)
    if rule.residents_only and not is_resident(person):
        out.append(problem(ErrorCode.NOT_ELIGIBLE, f"{josa(name_ko, '는')} 서울시에 사는 분만 이용할 수 있습니다",
                           f"{name_en} are for Seoul residents only", field="district"))
    if rule.min_age is not None or rule.max_age is not None:
        birth = getattr(person, "birth_date", None)
        if birth is None:
            out.append(problem(ErrorCode.NOT_ELIGIBLE, "나이 기준이 있어 생년월일이 필요합니다",
                               "a date of birth is needed: this service has an age window", field="birth_date"))
        else:
            age = age_on(birth, day)
            if rule.max_age is not None and age > rule.max_age:
                out.append(problem(
                    ErrorCode.NOT_ELIGIBLE,
                    f"{d_ko(day)} 기준 만 {age}세로, {josa(name_ko, '는')} 만 {rule.max_age}세 이하만 이용할 수 있습니다"
                    f" ({rule.valid_from:%Y.%m.%d}부터의 기준)",
                    f"you are {age} on {d_en(day)}; {name_en} are for people aged {rule.max_age} or under"
                    f" (the rule from {d_en(rule.valid_from)})", field="birth_date", age=age, max_age=rule.max_age))
            if rule.min_age is not None and age < rule.min_age and not (rule.final_year_students
                                                                         and final_year_student):
                extra_ko = " (고교 졸업예정자는 이용할 수 있습니다)" if rule.final_year_students else ""
                extra_en = " (final-year high-school students may)" if rule.final_year_students else ""
                out.append(problem(
                    ErrorCode.NOT_ELIGIBLE,
                    f"{d_ko(day)} 기준 만 {age}세로, {josa(name_ko, '는')} 만 {rule.min_age}세 이상만 이용할 수 있습니다{extra_ko}",
                    f"you are {age} on {d_en(day)}; {name_en} are for people aged {rule.min_age} or over{extra_en}",
                    field="birth_date", age=age, min_age=rule.min_age))
    return out


def active_penalty(person: Any, service: str, day: dt.date) -> Penalty | None:
    """The person's (instance or id) penalty for `service` in force on `day`, the one ending last."""
    from .room_sql import penalty

    return penalty(getattr(person, "pk", person), service, day)


def penalty_problems(*, person: Any, service: str, day: dt.date) -> list[Problem]:
    p = active_penalty(person, service, day)
    if p is None:
        return []
    free = p.ends_on + dt.timedelta(days=1)
    reason_ko = "예약하고 오지 않으셔서" if p.reason == Penalty.Reason.NO_SHOW else "반납이 늦어"
    reason_en = "after a no-show" if p.reason == Penalty.Reason.NO_SHOW else "after a late return"
    return [problem(ErrorCode.PENALTY,
                    f"{reason_ko} {d_ko(p.ends_on)}까지 {josa(SERVICE_NAMES_KO.get(service, service), '를')} 예약할 수 없습니다."
                    f" {d_ko(free)}부터 다시 예약할 수 있습니다",
                    f"{reason_en}, you cannot book {SERVICE_NAMES_EN.get(service, service)} until {d_en(p.ends_on)};"
                    f" you can book again from {d_en(free)}", until=p.ends_on, free_from=free)]


@functools.lru_cache(maxsize=64)
def _kr_holidays(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("KR", years=year, language="ko"))


def holiday_name(day: dt.date) -> str:
    """The Korean public holiday on `day` (대체공휴일 included), or "" (the `holidays` package)."""
    return _kr_holidays(day.year).get(day, "")
