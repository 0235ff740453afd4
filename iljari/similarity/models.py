"""The portfolio office's decisions on flagged pairs (중복 검토): what the pair is, what to do, and why.

A decision holds a fingerprint of both programs as they were; while they are unchanged the pair is not asked
again, and once either changes the pair comes back for review beside the old decision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from iljari.core.scoping import RestrictedManager
from iljari.programs.models import Program


class PairReview(models.Model):
    class Relation(models.TextChoices):
        DUPLICATE = "duplicate", "중복"
        OVERLAPPING = "overlapping", "일부 중복"
        COMPLEMENTARY = "complementary", "상호보완"
        UNRELATED = "unrelated", "관련 없음"

    class Decision(models.TextChoices):
        MERGE = "merge", "통합"
        KEEP_BOTH = "keep_both", "모두 유지"
        REDUCE = "reduce", "축소"
        ABOLISH = "abolish", "폐지"

    program_a = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")  # the smaller id
    program_b = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(max_length=15, choices=Relation.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    target = models.ForeignKey(Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="the program to reduce or abolish (either of the pair); empty for both")
    reason = models.TextField()
    fingerprint_a = models.CharField(max_length=64)
    fingerprint_b = models.CharField(max_length=64)
    score = models.FloatField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        # a pair is seen by whoever may see both programs of it
        paths = ("program_a__owner_org__path",)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program_a", "program_b"], name="pair_review_once"),
            models.CheckConstraint(condition=models.Q(program_a__lt=models.F("program_b")), name="pair_review_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.program_a.name_ko} ~ {self.program_b.name_ko}"
