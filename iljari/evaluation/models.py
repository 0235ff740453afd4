"""Program evaluation schemes (사업 평가 기준): weights of the measures and grade bands, valid from a year."""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class EvaluationScheme(models.Model):
    """How a year's programs are graded. The scheme with the latest `valid_from` on or before the year applies."""

    valid_from = models.SmallIntegerField(unique=True)
    weight_achievement = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(40))
    weight_execution = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(20))
    weight_cost = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(20))
    weight_transition = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(20))
    excellent_from = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(85))  # 우수
    adequate_from = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(65))  # 보통; below: 미흡
    note = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"evaluation scheme from {self.valid_from}"
