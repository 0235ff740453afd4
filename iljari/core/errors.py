"""Validation errors with stable codes and messages in Korean and English (Saleor's error_codes pattern)."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import asdict, dataclass
from typing import Any


class ErrorCode(enum.StrEnum):
    REQUIRED = "required"
    INVALID = "invalid"
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_INTEGER = "not_an_integer"
    NEGATIVE_NOT_ALLOWED = "negative_not_allowed"
    UNKNOWN_PROGRAM = "unknown_program"
    UNKNOWN_ORG_UNIT = "unknown_org_unit"
    UNKNOWN_MEASURE = "unknown_measure"
    UNKNOWN_PERIOD = "unknown_period"
    UNKNOWN_FUNDING_SOURCE = "unknown_funding_source"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_KIND = "unknown_kind"
    INVALID_DATE = "invalid_date"
    DUPLICATE_ROW = "duplicate_row"
    DUPLICATE_CODE = "duplicate_code"
    CUMULATIVE_DECREASE = "cumulative_decrease"
    PERIOD_LOCKED = "period_locked"
    TOTAL_AND_SOURCES = "total_and_sources_mismatch"
    CYCLE = "cycle"
    CONFLICT = "conflict"
    BAD_HEADER = "bad_header"
    BAD_FILE = "bad_file"
    AS_OF_BEFORE_PERIOD = "as_of_before_period"
    PERMISSION_DENIED = "permission_denied"
    FIELD_NOT_ALLOWED = "field_not_allowed"  # the user may change the object, but not this field
    SAME_PERSON = "same_person"  # four eyes: who submitted a month does not approve or accept it
    NOT_FOUND = "not_found"
    PARTS_DO_NOT_ADD_UP = "parts_do_not_add_up"
    # Parameters and fields of API requests (iljari.api.params)
    INVALID_YEAR = "invalid_year"
    INVALID_MONTH = "invalid_month"
    INVALID_DATETIME = "invalid_datetime"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_CHOICE = "unknown_choice"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    NULL_CHARACTER = "null_character"
    NOT_A_LIST = "not_a_list"
    NOT_AUTHENTICATED = "not_authenticated"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    PARSE_ERROR = "parse_error"
    # Bookings (iljari.bookings): refusals a citizen reads
    NO_RULE = "no_rule"  # no booking rule in force for the service on that day
    NOT_ELIGIBLE = "not_eligible"  # residency or age window
    PLACE_CLOSED = "place_closed"  # outside opening hours, a closure or a public holiday
    FULL = "full"  # the seat, the slot, the session or the stock is taken
    CAP_REACHED = "cap_reached"  # minutes a day, rentals a year, future bookings at once
    PENALTY = "penalty"  # barred after a no-show or a late return
    TOO_LATE = "too_late"  # past the cancellation cut-off, or the time has passed
    TOO_EARLY = "too_early"  # beyond how far ahead one may book
    OFFER_EXPIRED = "offer_expired"  # a waiting list's offer was not taken in time
    DUPLICATE_BOOKING = "duplicate_booking"  # the same person already holds this
    # cases (issue 17)
    NOT_ALLOWED_NOW = "not_allowed_now"  # no such action from the case's current stage
    CONDITION_FAILED = "condition_failed"  # a transition's condition does not hold (documents, reviews, ...)
    REASON_REQUIRED = "reason_required"  # this action needs a reason
    OUTSIDE_WINDOW = "outside_window"  # a claim month outside the subsidy's leave window
    TOO_FEW_DAYS = "too_few_days"  # fewer leave days in a month than the rule asks
    TOO_MANY_MONTHS = "too_many_months"  # more months than the rule pays
    FIRM_TOO_LARGE = "firm_too_large"  # a firm at or above the size limit
    ALREADY_PAID = "already_paid"  # the worker was already paid for that month
    OVER_BUDGET = "over_budget"  # a payment batch beyond the district's budget
    DUPLICATE_BUSINESS_NUMBER = "duplicate_business_number"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"  # a document type the case does not take
    RECUSED = "recused"  # a reviewer with a conflict of interest


@dataclass
class Problem:
    """One problem with a piece of input; `line` is the 1-based line of a file (header = 1)."""

    code: ErrorCode
    message_ko: str
    message_en: str
    field: str | None = None
    line: int | None = None
    severity: str = "error"  # or "warning"
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    sheet: str | None = None  # workbook input: the sheet and the cell (e.g. '실적', 'C12')
    cell: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["code"] = str(self.code)
        d["message"] = self.message_en
        return d

    def __str__(self) -> str:
        if self.sheet:
            where = ""  # workbook messages begin with "Sheet '...', C12:"
        else:
            where = f"{self.line}행 / line {self.line}: " if self.line else ""
        col = f"[{self.field}] " if self.field else ""
        return f"{where}{col}{self.message_ko} / {self.message_en}"

    def text(self, language: str | None = None) -> str:
        """The message in one language, the page's (Django's active language) unless one is given: pages show
        one language in one shape; files, logs and the command line keep both (`str`)."""
        from django.utils import translation

        lang = (language or translation.get_language() or "ko")[:2]
        message = self.message_en if lang == "en" else self.message_ko
        if self.line and not self.sheet:
            where = f"line {self.line}: " if lang == "en" else f"{self.line}행: "
        else:
            where = ""
        return f"{where}{message}"


class ServiceError(Exception):
    """A write was refused; nothing was written. Carries every problem found, not only the first."""

    status = 400

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("; ".join(str(p) for p in self.problems))

    def text(self, language: str | None = None) -> str:
        """Every problem in the page's language (see Problem.text)."""
        return "; ".join(p.text(language) for p in self.problems)


class NotFoundError(ServiceError):
    """The thing asked for does not exist (or is outside what the user may see): a 404 at every door."""

    status = 404

    def __init__(self, message_ko: str, message_en: str):
        super().__init__(Problem(ErrorCode.NOT_FOUND, message_ko, message_en))


class ForbiddenError(ServiceError):
    """The user may not do this (403); the problems say why."""

    status = 403


class ConflictError(ServiceError):
    """Someone else changed the same thing at the same time."""

    status = 409
