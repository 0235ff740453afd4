"""검증 규칙: validation rules as data (DHIS2's validation rules are the model).

A comparison rule has a left expression, an operator and a right expression over the month-end values of one
program at one org unit (`expenditure <= budget`, `job_result <= 1.5 * job_target`, `budget.city +
budget.national == budget.total`, `job_result >= job_result.prev`, `children(job_result) == job_result`), a
missing-value strategy, a severity and a message. A missing-report rule lists active programs with no result
for a month once its deadline has passed.
"""

from __future__ import annotations

from django.db import models


class ValidationRule(models.Model):
    class Kind(models.TextChoices):
        COMPARE = "compare", "비교 / comparison"
        MISSING_REPORT = "missing_report", "미제출 / missing report"

    class Operator(models.TextChoices):
        LE = "<=", "<="
        LT = "<", "<"
        EQ = "==", "=="
        NE = "!=", "!="
        GE = ">=", ">="
        GT = ">", ">"

    class Missing(models.TextChoices):
        SKIP_IF_ANY = "skip_if_any_missing", "하나라도 없으면 건너뜀 / skip if any value is missing"
        SKIP_IF_ALL = "skip_if_all_missing", "모두 없으면 건너뜀 / skip if all values are missing"
        NEVER_SKIP = "never_skip", "없으면 0으로 / missing counts as 0"

    class Severity(models.TextChoices):
        ERROR = "error", "오류 / error"
        WARNING = "warning", "경고 / warning"

    code = models.SlugField(max_length=60, unique=True)
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPARE)
    left = models.CharField(max_length=500, blank=True)
    operator = models.CharField(max_length=2, choices=Operator.choices, default=Operator.LE)
    right = models.CharField(max_length=500, blank=True)
    # Per side, as DHIS2 does: e.g. sources may be partly missing while the total must be there.
    left_missing = models.CharField(max_length=20, choices=Missing.choices, default=Missing.SKIP_IF_ANY)
    right_missing = models.CharField(max_length=20, choices=Missing.choices, default=Missing.SKIP_IF_ANY)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.ERROR)
    message_ko = models.CharField(max_length=300)
    message_en = models.CharField(max_length=300, blank=True)
    deadline_day = models.PositiveSmallIntegerField(default=10, help_text="missing report: day of the next month")
    active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
