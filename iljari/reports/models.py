"""Published reports (공표): the exact content of a report frozen as of its date.

A publication stores the report's printed body (HTML) and its figures (a flat mapping of labelled values) as
they were computed when it was published. Later corrections to the data never change it; a new publication
of the same report can be compared with the one before (what changed, by how much).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Publication(models.Model):
    class Kind(models.TextChoices):
        PLEDGE_CARD = "pledge_card", "공약사업 카드"
        TARGET_DISCLOSURE = "target_disclosure", "일자리 목표 공시"
        BUDGET_EXECUTION = "budget_execution", "단위사업별 예산 집행"
        WORK_REPORT = "work_report", "주요업무보고"

    slug = models.SlugField(max_length=120, unique=True)  # stable public address
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=60)  # the pledge number or org unit code the report is about
    sequence = models.PositiveIntegerField()  # 1, 2, ... per (kind, subject)
    title = models.CharField(max_length=300)
    as_of = models.DateField()
    params = models.JSONField(default=dict, blank=True)
    body_html = models.TextField()
    figures = models.JSONField(default=dict)
    data_sha256 = models.CharField(max_length=64)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    note = models.TextField(blank=True)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="next")

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "subject", "sequence"], name="publication_sequence")]

    def __str__(self) -> str:
        return f"{self.title} ({self.as_of}, 제{self.sequence}판)"
