"""iljari cases-rescreen --flow CODE [--district CODE] [--all] [--actor NAME]

Screen a subsidy's claims again by its dated rules (after a rule was added or corrected): every month's result,
words and amount, the cases' claimed amounts, a history row per case whose months changed and one audit row
(docs/cases.md, "Subsidy claims"). Open cases only unless --all."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iljari.cases.models import Case, Flow
from iljari.cases.subsidy import claims_screen
from iljari.core.cli import actor_for, add_actor_arguments
from iljari.core.context import change_context


class Command(BaseCommand):
    help = "Screen a subsidy's claims again by its dated rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--flow", required=True, help="the subsidy's flow code, e.g. RETENTION-2021")
        parser.add_argument("--district", help="only the claims this district received (its code)")
        parser.add_argument("--all", action="store_true", help="closed cases too")
        add_actor_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        flow = Flow.objects.filter(code=options["flow"], kind=Flow.Kind.SUBSIDY).first()
        if flow is None:
            self.stderr.write("지원금 흐름 코드를 확인하십시오 / check the subsidy flow code")
            raise SystemExit(2)
        cases = Case.objects.filter(flow=flow)
        if options["district"]:
            cases = cases.filter(district__code=options["district"])
        if not options["all"]:
            cases = cases.filter(outcome="")
        with change_context("cli"):
            r = claims_screen(actor=actor_for(options["actor"]), cases=cases, reason="cases-rescreen")
        self.stdout.write(f"청구 월 / months {r['months']:,}, 바뀜 / changed {r['changed']:,}, "
                          f"지원 대상 / eligible {r['eligible']:,}, 지원액 / amount {r['amount']:,}원 (won)")
