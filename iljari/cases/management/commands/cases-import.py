"""iljari cases-import --flow CODE --district CODE FILE.xlsx [--dry-run] [--template] [--actor NAME] [--format text|json]

Paper applications of a subsidy (the sheet "신청") as cases of the flow received by the district, all or nothing;
every problem is named with its sheet and cell in Korean and English (docs/cases.md, "Subsidy claims")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iljari.cases.models import Flow
from iljari.cases.subsidy_import import claims_import, template_workbook
from iljari.core.cli import actor_for, add_actor_arguments, fail
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Import paper subsidy applications from an xlsx workbook (all or nothing); --dry-run saves nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the filled workbook (xlsx); with --template, where to write the template")
        parser.add_argument("--flow", help="the subsidy's flow code, e.g. RETENTION-2021")
        parser.add_argument("--district", help="the code of the district that received the applications")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument("--template", action="store_true", help="write the empty template workbook to FILE")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["template"]:
            path.write_bytes(template_workbook())
            self.stdout.write(f"양식을 저장했습니다 / template written: {path}")
            return
        flow = Flow.objects.filter(code=options["flow"] or "", kind=Flow.Kind.SUBSIDY).first()
        district = OrgUnit.objects.filter(code=options["district"] or "", kind="district").first()
        if flow is None or district is None:
            self.stderr.write("지원금 흐름 코드(--flow)와 자치구 코드(--district)를 확인하십시오 / "
                              "check the subsidy flow code (--flow) and the district code (--district)")
            raise SystemExit(2)
        if not path.exists():
            self.stderr.write(f"파일이 없습니다 / no such file: {path}")
            raise SystemExit(2)
        try:
            with change_context("import"):
                report = claims_import(actor=actor_for(options["actor"]), flow=flow, district=district,
                                       data=path.read_bytes(), dry_run=options["dry_run"], file_name=path.name)
        except ServiceError as exc:
            if options["format"] == "json":
                self.stdout.write(json.dumps({"ok": False, "errors": [p.as_dict() for p in exc.problems]},
                                             ensure_ascii=False, indent=2))
                raise SystemExit(1) from None
            fail(exc)
            return
        if options["format"] == "json":
            self.stdout.write(json.dumps({"ok": True, **report.as_dict(), "references": list(report.references)},
                                         ensure_ascii=False, indent=2))
            return
        what = "확인만 했습니다(저장 안 함) / dry run, nothing saved" if report.dry_run else "저장했습니다 / saved"
        self.stdout.write(f"신청 / claims: {report.cases:,}건, 청구 월 / months: {report.months:,}, "
                          f"청구액 / amount: {report.amount:,}원 (won); {what}")
