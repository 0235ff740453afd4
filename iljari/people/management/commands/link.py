"""`iljari link [--backend duckdb|spark] [--no-retrain] [--actor NAME]`: the full record linkage of the person
registry with a progress bar: read every person, train (or reuse the last run's parameters), score, write the
links and the clusters back (one transaction, audited). docs/linkage.md."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from iljari.core.cli import actor_for
from iljari.core.context import change_context


class Command(BaseCommand):
    help = "Link the person registry: train, score, write links and clusters (one audited run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", choices=["duckdb", "spark"], default="duckdb",
                            help="where Splink runs: DuckDB in this process (default) or Spark in local mode")
        parser.add_argument("--no-retrain", action="store_true",
                            help="reuse the parameters of the last run instead of estimating them again")
        parser.add_argument("--actor", default="system", help="user the run is recorded under")

    def handle(self, *args: Any, **o: Any) -> None:
        from iljari.people.linkage.service import STEPS, linkage_run

        bar = tqdm(total=STEPS, desc="연계 / linkage", unit="step", file=sys.stderr)

        def progress(done: int, total: int, what: str) -> None:
            bar.set_postfix_str(what)
            bar.update(done - bar.n)

        with change_context("cli"):
            try:
                run = linkage_run(actor=actor_for(o["actor"]), backend=o["backend"], retrain=not o["no_retrain"],
                                  progress=progress)
            finally:
                bar.close()
        recall = "-" if run.blocking_recall is None else f"{run.blocking_recall:.4f}"
        seconds = getattr(run, "timings", {})
        self.stdout.write(
            f"연계 실행 {run.pk} ({run.backend}): 기록 {run.records:,}건, 연계 {run.links:,}건, 묶음 {run.clusters:,}개, "
            f"학습일 {run.trained_on:%Y.%m.%d}, 기준 동일인 {run.thresholds['same']} / 확인 {run.thresholds['review']}, "
            f"차단 재현율 {recall}\n"
            f"run {run.pk} ({run.backend}): {run.records:,} records, {run.links:,} links, {run.clusters:,} clusters, "
            f"trained {run.trained_on:%Y-%m-%d}, blocking recall {recall}\n  {run.note}\n  "
            + " · ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
