from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tabulate import tabulate

from iljari.core.dates import DateParseError, parse_date
from iljari.core.spreadsheets import csv_writer
from iljari.ledger.rollup import DIM_LABELS, DIMENSIONS, RollupError, RollupResult, rollup
from iljari.orgs.models import OrgUnit


def result_table(result: RollupResult) -> tuple[list[str], list[list[str]]]:
    unit = result.unit.label_ko
    headers = [f"{DIM_LABELS[d][0]}" for d in result.by] or ["구분"]
    headers += ["사업수", "목표(개)", "실적(개)", "달성률(%)", f"예산({unit})", f"집행({unit})", "집행률(%)",
                "개당 집행(원)", "목표 전년대비", f"예산 전년대비({unit})"]
    body = []
    for r in [result.total, *[x for x in result.rows if x.level > 0]]:
        d = r.as_dict(result.rounding, result.unit)["display"]
        if r.level == 0:
            labels = ["계"] + [""] * (max(len(result.by), 1) - 1)
        elif r.level == 1 and len(result.by) == 2:
            labels = [r.labels[0], "소계"]
        elif r.level == 2:
            labels = ["", r.labels[1]]
        else:
            labels = list(r.labels)
        body.append([*labels, str(r.current.program_count), d["target"], d["result"], d["achievement_rate"],
                     d["budget"], d["expenditure"], d["execution_rate"], d["cost_per_job"], d["target_change"],
                     d["budget_change"]])
    return headers, body


class Command(BaseCommand):
    help = ("Roll the ledger up by up to two dimensions for a year as of a date: target, result, achievement "
            "rate, budget, expenditure, execution rate, cost per job and the change from the year before.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: end of the year, or today)")
        parser.add_argument("--by", action="append", default=[], choices=DIMENSIONS, help="dimension (twice for two)")
        parser.add_argument("--org", help="org unit code: restrict to its subtree; --by org groups by its children")
        parser.add_argument("--where", action="append", default=[], metavar="DIM=CODE",
                            help="drill down: keep only this group (repeatable), e.g. --where job_type=direct")
        parser.add_argument("--rounding", choices=["half-up", "truncate"], help="percentages: 반올림 or 절사")
        parser.add_argument("--unit", default="million", choices=["won", "thousand", "million", "hundred_million"],
                            help="display unit of amounts (원, 천원, 백만원, 억원)")
        parser.add_argument("--recorded-before", help="as the ledger stood at this time (ISO date or datetime)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--limit", type=int, help="only this many groups of the first dimension")
        parser.add_argument("--offset", type=int, default=0, help="skip this many groups first")
        parser.add_argument("--as-user", help="export what this user may see (their roles and unit decide the scope)")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            as_of = parse_date(o["as_of"]) if o["as_of"] else None
        except DateParseError:
            raise CommandError(f"날짜가 아닙니다 / not a date: {o['as_of']}") from None
        org = None
        if o["org"]:
            org = OrgUnit.objects.filter(code=o["org"]).first()
            if org is None:
                raise CommandError(f"알 수 없는 조직 / unknown org unit: {o['org']}")
        if o.get("as_user"):
            from django.contrib.auth import get_user_model

            from iljari.access import policy

            user = get_user_model().objects.filter(username=o["as_user"]).first()
            if user is None or not policy.allows(user, "view"):
                raise CommandError(f"열람 권한이 없습니다 / no read access: {o['as_user']}")
            try:
                org = policy.rollup_scope(user, org)
            except policy.OutOfScope:
                raise CommandError(f"알 수 없는 조직 / unknown org unit: {o['org']}") from None
        filters = {}
        for w in o["where"]:
            if "=" not in w:
                raise CommandError(f"--where needs DIM=CODE, not {w}")
            k, v = w.split("=", 1)
            filters[k.strip()] = v.strip()
        recorded_before = None
        if o["recorded_before"]:
            recorded_before = dt.datetime.fromisoformat(o["recorded_before"])
            if recorded_before.tzinfo is None:
                from django.utils import timezone
                recorded_before = timezone.make_aware(recorded_before)
        try:
            result = rollup(year=o["year"], as_of=as_of, by=o["by"], org=org, filters=filters,
                            rounding=o["rounding"], unit=o["unit"], recorded_before=recorded_before,
                            limit=o["limit"], offset=o["offset"])
        except RollupError as exc:
            raise CommandError(str(exc)) from None
        if o["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        headers, body = result_table(result)
        if o["format"] == "csv":
            w = csv_writer(sys.stdout)
            w.writerow(headers)
            w.writerows(body)
            return
        scope = f" · {org.name_ko}" if org else ""
        self.stdout.write(f"{result.year}년 일자리 사업 집계{scope} ({result.as_of:%Y.%m.%d} 기준, "
                          f"전년 {result.previous_as_of:%Y.%m.%d} 기준)  (단위 : {result.unit.label_ko}, "
                          f"{'반올림' if str(result.rounding) == 'half_up' else '절사'})")
        self.stdout.write(tabulate(body, headers=headers, disable_numparse=True,
                                   colalign=["left"] * max(len(result.by), 1) + ["right"] * 10))
        for n in result.notes:
            self.stdout.write(f"※ {n}")
