"""`iljari rotate-rrn-keys`: re-hash and re-encrypt every stored resident registration number with new keys.

The old keys are the ones the application runs with (`ILJARI_RRN_HASH_KEY`, `ILJARI_RRN_KEY`); the new ones come
from `ILJARI_NEW_RRN_HASH_KEY` and `ILJARI_NEW_RRN_KEY` (either may be left out to keep that key). Every number is
first decrypted with the old Fernet key and checked against its stored hash, so a wrong old key stops the command
before anything changes; then all rows are rewritten in one transaction, each with an audit row (no number, hash
or key in it). Afterwards the application must be restarted with the new keys. docs/security.md has the steps.
"""

from __future__ import annotations

import hmac
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from iljari.audit.models import AuditEntry
from iljari.audit.services import audit_record
from iljari.core.cli import actor_for
from iljari.core.context import change_context
from iljari.core.keys import rrn_hash_key_problems, rrn_key_problems

HASH_ENV, KEY_ENV = "ILJARI_NEW_RRN_HASH_KEY", "ILJARI_NEW_RRN_KEY"
REASON = "주민등록번호 키 교체 / resident number keys rotated"


class Command(BaseCommand):
    help = (f"Re-hash and re-encrypt every stored resident registration number with the keys in {HASH_ENV} and "
            f"{KEY_ENV} (the current keys are the old ones); one transaction, audited.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--actor", default="system", help="user the change is recorded under")
        parser.add_argument("--dry-run", action="store_true", help="check the keys and every row, change nothing")

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(1)

    def handle(self, *args: Any, **o: Any) -> None:
        from cryptography.fernet import Fernet, InvalidToken, MultiFernet

        from iljari.participants.models import Applicant
        from iljari.participants.rrn import Rrn, parse_rrn, rrn_hash

        new_hash_key = os.environ.get(HASH_ENV) or None
        new_key = os.environ.get(KEY_ENV) or None
        if not new_hash_key and not new_key:
            self._fail([f"새 키가 없습니다 / no new key: set {HASH_ENV} and/or {KEY_ENV} (docs/security.md)"])
        problems = []
        if new_hash_key:
            problems += rrn_hash_key_problems(new_hash_key, name=HASH_ENV, secret_key=settings.SECRET_KEY)
            if new_hash_key == settings.RRN_HASH_KEY:
                problems.append(f"{HASH_ENV} is the key in use now: give a new one")
        if new_key:
            problems += rrn_key_problems(new_key, name=KEY_ENV)
            if new_key == settings.RRN_ENCRYPTION_KEY:
                problems.append(f"{KEY_ENV} is the key in use now: give a new one")
        if problems:
            self._fail(["새 키를 쓸 수 없습니다 / the new keys cannot be used:", *[f"  - {p}" for p in problems]])

        old_fernet = Fernet(settings.RRN_ENCRYPTION_KEY.encode())
        rotate = MultiFernet([Fernet(new_key.encode()), old_fernet]) if new_key else None
        actor = actor_for(o["actor"])
        done = 0
        with change_context("cli"), transaction.atomic():
            applicants = list(Applicant.objects.select_for_update().order_by("pk"))
            bad: list[str] = []
            for a in applicants:
                try:
                    digits = old_fernet.decrypt(a.rrn_encrypted.encode()).decode()
                except InvalidToken:
                    bad.append(f"  - applicant {a.pk}: not encrypted with the current ILJARI_RRN_KEY")
                    continue
                rrn: Rrn = parse_rrn(digits)
                if not hmac.compare_digest(rrn_hash(rrn), a.rrn_hash):
                    bad.append(f"  - applicant {a.pk}: not hashed with the current ILJARI_RRN_HASH_KEY")
                    continue
                if new_hash_key:
                    a.rrn_hash = rrn_hash(rrn, key=new_hash_key)
                if rotate is not None:
                    a.rrn_encrypted = rotate.rotate(a.rrn_encrypted.encode()).decode()
            if bad:
                transaction.set_rollback(True)
                self._fail(["바꾸지 않았습니다: 지금 키가 저장된 번호와 맞지 않습니다 / nothing changed: the current "
                            "keys do not match the stored numbers", *bad[:20]])
            if o["dry_run"]:
                transaction.set_rollback(True)
            else:
                Applicant.objects.bulk_update(applicants, ["rrn_hash", "rrn_encrypted"], batch_size=500)
                what = {"rrn_hash": "새 키 / new key" if new_hash_key else "그대로 / unchanged",
                        "rrn_encrypted": "새 키 / new key" if new_key else "그대로 / unchanged"}
                for a in applicants:
                    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=a,
                                 before={k: "이전 키 / old key" for k in what}, after=what, reason=REASON)
            done = len(applicants)
        verb = "확인했습니다 (바꾸지 않음) / checked, nothing changed" if o["dry_run"] else "바꿨습니다 / rotated"
        self.stdout.write(f"주민등록번호 {done}건 {verb}: hash {'new' if new_hash_key else 'kept'}, "
                          f"encryption {'new' if new_key else 'kept'}. "
                          + ("" if o["dry_run"] else "이제 새 키로 다시 시작하십시오 / now restart with the new keys."))
