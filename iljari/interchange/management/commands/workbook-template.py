"""iljari workbook-template --unit CODE --month 2021-05 [--money-unit 원|천원|백만원|억원] -o FILE.xlsx"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.interchange.workbook import UNIT_DIVISORS, template_workbook
from iljari.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Write the monthly entry workbook of an org unit, prefilled with its programs and last values."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="org unit code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--money-unit", default="원", choices=list(UNIT_DIVISORS))
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **o: Any) -> None:
        unit = OrgUnit.objects.filter(code=o["unit"]).first()
        if unit is None:
            raise CommandError(f"알 수 없는 조직 / unknown org unit: {o['unit']}")
        try:
            year, month = int(o["month"][:4]), int(o["month"][5:7])
        except ValueError:
            raise CommandError("--month is YYYY-MM") from None
        Path(o["output"]).write_bytes(template_workbook(unit=unit, year=year, month=month,
                                                        money_unit=o["money_unit"]))
        self.stdout.write(f"{o['output']}: {unit.code} {year}-{month:02d}")
