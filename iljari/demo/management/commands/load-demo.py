from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.access.services import membership_grant, superuser_set
from iljari.core.cli import actor_for, fail
from iljari.core.context import change_context
from iljari.core.errors import ServiceError
from iljari.interchange.canonical import facts_import, orgs_import, programs_import, staffing_import
from iljari.orgs.models import OrgUnit

DEMO_DIR = Path(__file__).resolve().parents[3] / "demo" / "data"
PLEDGE_DIR = Path(__file__).resolve().parents[3] / "pledges" / "demo"
DEMO_USERS = [
    # username, password, superuser, role, org unit
    ("admin", "iljari-admin-2026", True, "admin", None),
    ("portfolio", "iljari-demo-2026", False, "portfolio", None),
    ("women", "iljari-demo-2026", False, "program_officer", "SEOUL-WOMEN"),
    ("ydp", "iljari-demo-2026", False, "district_officer", "YDP"),
    ("gwanak", "iljari-demo-2026", False, "district_officer", "GWANAK"),
    ("council", "iljari-demo-2026", False, "reviewer", None),
    # a counsellor of the Seoul Job Centre (issue 15); 관악구's `gwanak` also works its district's centre
    ("jobcentre", "iljari-demo-2026", False, "program_officer", "SEOUL-JOBCENTRE"),
    # issue 16: an officer of 서울시청년일자리센터 (a job café) and of 열린옷장 (a suit operator)
    ("cafe", "iljari-demo-2026", False, "program_officer", "SEOUL-OP-YOUTHJOB"),
    ("suit", "iljari-demo-2026", False, "program_officer", "SEOUL-OP-OPENCLOSET"),
    # issue 17: the city office of the retention subsidy (경제정책실: 서울시 심사·선정) and of the village-enterprise
    # call (노동민생정책관: calls, the second review's record, the ministry's decision); the reviewers come with the
    # call's demo (reviewer1..3)
    ("subsidy", "iljari-demo-2026", False, "program_officer", "SEOUL-ECON"),
    ("village", "iljari-demo-2026", False, "program_officer", "SEOUL-LABOUR"),
]


class Command(BaseCommand):
    help = "Load the demo dataset built from the seed documents (docs/demo-data.md) and the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(DEMO_DIR), help="folder with orgs.csv, programs.csv, facts.csv")
        parser.add_argument("--no-users", action="store_true", help="do not create the demo logins")
        parser.add_argument("--users-only", action="store_true",
                            help="only (re)create the demo logins and give each a new API token")

    def handle(self, *args: Any, **o: Any) -> None:
        folder = Path(o["dir"])
        actor = actor_for("demo-loader")
        if o["users_only"]:
            self.demo_logins(actor)
            return
        steps = [("orgs", orgs_import), ("programs", programs_import), ("facts", facts_import),
                 ("staffing", staffing_import)]
        with tqdm(total=len(steps), desc="demo data", unit="file") as bar:
            for name, fn in steps:
                try:
                    report = fn(actor=actor, path=folder / f"{name}.csv", file_name=f"demo/{name}.csv",
                                reason="시드 문서로 만든 데모 자료")
                except ServiceError as exc:
                    bar.close()
                    fail(exc)
                    return
                bar.write(f"  {name}: {report.rows} rows, {report.created} created, {report.changed} changed, "
                          f"{report.unchanged} unchanged")
                bar.update(1)
        from iljari.pledges.services import pledge_save

        for path in sorted(PLEDGE_DIR.glob("*.json")):
            try:
                pledge = pledge_save(actor=actor, data=json.loads(path.read_text(encoding="utf-8")),
                                     reason="시드 문서 003으로 만든 데모 자료")
            except ServiceError as exc:
                fail(exc)
                return
            self.stdout.write(f"  pledge {pledge.number} {pledge.title}")
        from iljari.demo.rounds import load_demo_rounds

        try:
            for line in load_demo_rounds(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        from iljari.demo.people import load_demo_people

        try:
            for line in load_demo_people(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        from iljari.demo.employment import load_demo_employment

        try:
            for line in load_demo_employment(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        from iljari.demo.bookings import load_demo_bookings

        try:
            for line in load_demo_bookings(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        from iljari.demo.cases import load_demo_cases

        try:
            for line in load_demo_cases(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        from iljari.demo.jobplans import load_demo_job_plans

        try:
            for line in load_demo_job_plans(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        from iljari.demo.episodes import load_demo_episodes

        try:
            for line in load_demo_episodes(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        # --- outcomes (issue 18): computed last, over every list and employment record above ---
        from iljari.demo.outcome_runs import load_demo_outcome_runs

        try:
            for line in load_demo_outcome_runs(actor=actor):
                self.stdout.write(line)
        except ServiceError as exc:
            fail(exc)
            return
        # --- end outcomes ---
        from iljari.similarity.selectors import registry_index

        # the programs' meaning is embedded once here (and cached), not on the first visit to 비슷한 사업
        self.stdout.write(f"  similar programs: {len(registry_index().records)} programs indexed")
        if o["no_users"]:
            return
        self.demo_logins(actor)

    def demo_logins(self, actor: Any) -> None:
        """The demo logins, each with a new API token printed once (only its digest is stored; the tokens the
        previous run printed are revoked)."""
        from iljari.access.tokens import api_token_create, api_token_revoke, live_tokens

        User = get_user_model()
        self.stdout.write("데모 로그인 / demo logins:")
        with change_context("cli"):
            for username, password, superuser, role, unit in DEMO_USERS:
                user, _ = User.objects.get_or_create(username=username)
                user.set_password(password)
                user.save(update_fields=["password"])
                org = OrgUnit.objects.get(code=unit) if unit else None
                superuser_set(actor=actor, user=user, superuser=superuser, reason="시연용 로그인 / demo login")
                membership_grant(actor=actor, user=user, role=role, org_unit=org, reason="시연용 로그인 / demo login")
                for previous in live_tokens(user):
                    api_token_revoke(actor=actor, user=user, prefix=previous.token_key, reason="시연용 로그인 다시 만듦 / demo login reloaded")
                _, token = api_token_create(actor=actor, user=user, reason="시연용 로그인 / demo login")
                where = f" @ {unit}" if unit else ""
                self.stdout.write(f"  {username} / {password}   {role}{where}   (API token: {token})")
