from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from iljari.core.scoping import RestrictedManager


class OrgKind(models.TextChoices):
    CITY = "city", "시 / city"
    OFFICE = "office", "실·국·본부 / office"
    DIVISION = "division", "과·담당관 / division"
    TEAM = "team", "팀 / team"
    DISTRICT = "district", "자치구 / district"
    AGENCY = "agency", "투자출연기관 / agency"
    OPERATOR = "operator", "민간위탁 운영기관 / contracted operator"


class OrgUnit(models.Model):
    """조직: a unit of the organisation tree (city, office, division, team, district, agency, operator).

    `path` is a materialised path of zero-padded ids ("000001.000004.") so a subtree is one prefix match on
    SQLite and PostgreSQL alike; `district` is the unit itself or its nearest district ancestor.
    """

    code = models.CharField(max_length=40, unique=True)
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=OrgKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    district = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 editable=False)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    predecessors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="successors")
    rounding = models.CharField(max_length=10, blank=True, default="",
                                choices=[("", "상위 조직 설정 / as the parent"), ("half_up", "반올림 / half-up"),
                                         ("truncate", "절사 / truncate")],
                                help_text="how percentages are rounded in this unit's reports (inherited if blank)")
    sort_order = models.IntegerField(default=0)
    # 행정구역코드: the official code of a city or district (시군구 code of the 행정표준코드, e.g. 11110 종로구), blank
    # for offices, divisions and the like. Kept beside `code`, which other files and logins already use.
    admin_code = models.CharField(max_length=10, blank=True, default="")
    version = models.PositiveIntegerField(default=1)

    objects = RestrictedManager()

    class Scope:
        paths = ("path",)

    class Meta:
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["admin_code"], condition=~models.Q(admin_code=""),
                                               name="admin_code_once")]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.code})"

    def effective_rounding(self) -> str:
        """The unit's own rounding setting or the nearest ancestor's; half-up if nobody set one."""
        if self.rounding:
            return self.rounding
        ids = [int(x) for x in self.path.strip(".").split(".") if x]
        settings = dict(OrgUnit.objects.filter(pk__in=ids).exclude(rounding="").values_list("pk", "rounding"))
        for pk in reversed(ids):
            if pk in settings:
                return settings[pk]
        return "half_up"

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class OrgUnitName(models.Model):
    """명칭 이력: the name a unit had between two dates, so old reports show the old names."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="names")
    name_ko = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["org_unit", "valid_from"]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.valid_from or '…'} ~ {self.valid_to or '…'})"


class StaffingFigure(models.Model):
    """인력 현황: authorised posts (정원) and staff in post (현원) of a unit by grade, as of a date."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="staffing")
    as_of = models.DateField()
    grade = models.CharField(max_length=20)  # 3급이상, 4급, 5급, 6급, 7급이하, 임기제, 관리운영계, 공무직 ...
    authorized = models.PositiveIntegerField()
    current = models.PositiveIntegerField()
    sort_order = models.IntegerField(default=0)

    objects = RestrictedManager()

    class Scope:
        paths = ("org_unit__path",)

    class Meta:
        ordering = ["org_unit__path", "sort_order", "grade"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "as_of", "grade"], name="staffing_once")]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.as_of} {self.grade}: {self.authorized}/{self.current}"

    @classmethod
    def latest_for(cls, org: OrgUnit, as_of: Any) -> list[StaffingFigure]:
        """The unit's staffing (정원·현원) of the latest date on or before `as_of`: its own and its sub-units'
        figures, leaving out those of districts below it (a district is a government of its own: Yeongdeungpo's
        table is not Seoul's). Empty when none was filed."""
        qs = cls.objects.filter(org_unit__path__startswith=org.path, as_of__lte=as_of)
        for district in OrgUnit.objects.filter(path__startswith=org.path, kind=OrgKind.DISTRICT).exclude(pk=org.pk):
            qs = qs.exclude(org_unit__path__startswith=district.path)
        last = qs.order_by("-as_of").values_list("as_of", flat=True).first()
        return list(qs.filter(as_of=last).select_related("org_unit")) if last else []
