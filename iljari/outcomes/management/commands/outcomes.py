"""`iljari outcomes --year Y [--as-of YYYY-MM-DD] [--grade] [--publish]`: compute every outcome indicator in force on
the as-of day for every program of the year (outcomes.runs.outcomes_run), print a summary per indicator; with
--grade grade every program with the scheme in force that day (outcomes.grading.grades_compute) and print the
grades' counts and the sunset review list; with --publish freeze the run and its grades (the council may read
them). docs/outcomes.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.outcomes import grades as g
from iljari.outcomes.grading import grades_compute
from iljari.outcomes.models import Grade
from iljari.outcomes.runs import default_as_of, outcomes_run, run_publish, run_summary
from iljari.outcomes.trace import value_words


class Command(BaseCommand):
    help = "Compute the outcome indicators of a year's programs (and publish the run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", help="the day the indicators are read (YYYY-MM-DD; default 31 December of the "
                                            "following year, or today while that is ahead)")
        parser.add_argument("--grade", action="store_true", help="grade the programs (the scheme in force that day)")
        parser.add_argument("--publish", action="store_true", help="freeze the run: its figures never change")
        parser.add_argument("--actor", default="system", help="user the run is recorded under")
        parser.add_argument("--reason", default="", help="why: kept in the audit trail")

    def handle(self, *args: Any, **o: Any) -> None:
        year = o["year"]
        as_of = None
        if o.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(o["as_of"])
            except ValueError:
                raise CommandError(f"날짜는 YYYY-MM-DD로 적으십시오 / write the date as YYYY-MM-DD: {o['as_of']!r}") \
                    from None
        actor = actor_for(o["actor"])
        try:
            with change_context("cli"):
                run = outcomes_run(actor=actor, year=year, as_of=as_of or default_as_of(year), reason=o["reason"])
                if o["grade"]:
                    grades_compute(actor=actor, run=run, reason=o["reason"])
                if o["publish"]:
                    run = run_publish(actor=actor, run=run, reason=o["reason"])
        except ServiceError as exc:
            raise CommandError(str(exc)) from None
        state = "확정·공개 / published" if run.status == "published" else "산출 / draft (not published)"
        self.stdout.write(f"{run.year}년 성과 지표 / outcome indicators, 기준일 / as of {run.as_of:%Y-%m-%d}: "
                          f"산출 / run {run.pk}, {state}")
        self.stdout.write(f"사업 / programs {run.programs:,} · {run.seconds:.1f} s "
                          f"({', '.join(f'{k} {v:.1f}' for k, v in run.timings.items())})")
        import tabulate as tab

        tab.WIDE_CHARS_MODE = True  # Korean is two columns wide (wcwidth)
        rows = []
        for s in run_summary(run):
            v, ind = s["version"], s["indicator"]
            standard = v.minimum is not None
            rows.append([f"{ind.name_ko} / {ind.name_en}", f"{v.valid_from:%Y-%m-%d}", f"{s['programs']:,}",
                         f"{s['with_value']:,}", value_words(s["median"], ind.unit, "ko"),
                         f"{s['meets']:,}" if standard else "-", f"{s['below']:,}" if standard else "-"])
        self.stdout.write(tab.tabulate(rows, headers=["지표 / indicator", "정의 / from", "사업 / programs",
                                                      "값 있음 / with a value", "중앙값 / median", "충족 / meet",
                                                      "미달 / below"],
                                       colalign=("left", "left", "right", "right", "right", "right", "right")))
        if o["grade"]:
            self._grades(run, tab)

    def _grades(self, run: Any, tab: Any) -> None:
        grades = Grade.objects.filter(run=run).select_related("program")
        counts = {k: 0 for k in g.GRADE_WORDS}
        ungraded = 0
        for x in grades:
            if x.grade in counts:
                counts[x.grade] += 1
            else:
                ungraded += 1
        self.stdout.write("등급 / grades: " + ", ".join(f"{ko} / {en} {counts[k]:,}" for k, (ko, en)
                                                      in g.GRADE_WORDS.items()) + f", 등급 없음 / not graded {ungraded:,}")
        sunset = grades.filter(sunset=True).order_by("score", "program__code")
        if not sunset:
            self.stdout.write("일몰 검토 대상 없음 / no program for a sunset review")
            return
        rows = [[x.program.code, x.program.name_ko, "-" if x.score is None else f"{x.score:.1f}",
                 g.grade_words(x.grade) if x.grade else "-",
                 "-" if x.proposed_cut_percent is None else f"{x.proposed_cut_percent.normalize():f}%",
                 g.sunset_words(x.sunset_reason)] for x in sunset]
        self.stdout.write(f"일몰 검토 대상 / sunset review: {len(rows):,}")
        self.stdout.write(tab.tabulate(rows, headers=["코드 / code", "사업 / program", "점수 / score", "등급 / grade",
                                                      "감액 제안 / cut", "사유 / why"],
                                       colalign=("left", "left", "right", "left", "right", "left"), disable_numparse=True))
