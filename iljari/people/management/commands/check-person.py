"""`iljari check-person <person id> [--actor NAME]`: check one person against the whole registry with the last
run's parameters (the links are written and the person's cluster updated, audited) and print the matches with
their probability and what each field contributed, in words."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.cli import actor_for
from iljari.core.context import change_context


def describe(contributions: list[dict[str, Any]]) -> list[str]:
    """One line per field: its level in Korean and English and its weight (+ for, - against the same person)."""
    lines = []
    for c in contributions:
        weight = c.get("weight")
        w = "-" if weight is None else f"{weight:+.2f}"
        lines.append(f"{c.get('field', '?')}: {c.get('level', '?')} / {c.get('level_en', '')} ({w})")
    return lines


class Command(BaseCommand):
    help = "Check one person against the registry and print the matches with each field's contribution."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument("--actor", default="system", help="user the check is recorded under")

    def handle(self, *args: Any, **o: Any) -> None:
        from iljari.people.linkage.service import person_check, thresholds
        from iljari.people.models import Person

        person = Person.objects.filter(pk=o["person_id"]).first()
        if person is None:
            raise CommandError(f"사람 {o['person_id']}번이 없습니다 / no person {o['person_id']}")
        with change_context("cli"):
            links = person_check(person=person, actor=actor_for(o["actor"]), backend=o["backend"])
        person.refresh_from_db()
        th = thresholds()
        self.stdout.write(f"{person.pk} {person.name} {person.birth_date or '-'}: 묶음 / cluster "
                          f"{person.cluster_id or person.pk}")
        if not links:
            self.stdout.write(f"  같은 사람 후보 없음 (확인 기준 {th['review']}) / no match at or above {th['review']}")
        for link in links:
            other = link.right if link.left_id == person.pk else link.left
            decided = f" · 결정 / decided: {link.get_decision_display()}" if link.decision else ""
            self.stdout.write(f"  {other.pk} {other.name} {other.birth_date or '-'}  확률 / probability "
                              f"{link.probability:.4f}  가중치 / weight "
                              f"{'-' if link.match_weight is None else f'{link.match_weight:.2f}'}  "
                              f"[{link.get_band_display()}]{decided}")
            for line in describe(link.contributions):
                self.stdout.write(f"      · {line}")
