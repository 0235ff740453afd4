"""`iljari outcomes-effect --program CODE --year Y`: the program's effect on its participants whose participation
ended in the year — the share in a private-sector job within 6 months against matched people of the registry — in
Korean words (English with --lang en), with the rates before and after matching, the balance of each covariate
and who was left out (outcomes.effect; docs/outcomes.md, "Effect estimates")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iljari.core.dates import parse_date

_EXCLUDED = {
    "no_birth_date": ("생년월일 없음", "no birth date"),
    "employed_at_start": ("시작일에 민간 일자리 재직", "in a private job on the start day"),
    "other_participation_at_start": ("시작일에 다른 유급 참여 중", "in another paid participation on the start day"),
}


def report_lines(e: Any, lang: str = "ko") -> list[str]:
    """The estimate as lines of text: the sentence, the rates, the error's method, the balance, who was left out."""
    from iljari.outcomes.effect import effect_words

    en = lang == "en"
    c = e.context
    lines = []
    if "program" in c:
        name = c.get("program_name_en" if en else "program_name_ko", c["program"])
        lines.append(f"{name}: participations ended in {c['year']} (as of {c['as_of']})" if en
                     else f"{name}: {c['year']}년 참여 종료자 (기준일 {c['as_of']})")
    lines.append(effect_words(e, lang))
    if e.ok:
        se = (f"bootstrap, {e.bootstrap} replicates (seed {e.seed})" if e.se_method == "bootstrap"
              else "Abadie-Imbens variance") if en else (
              f"붓스트랩 {e.bootstrap}회(시드 {e.seed})" if e.se_method == "bootstrap" else "Abadie-Imbens 분산")
        lines.append(
            f"Matched participants {e.treated_rate_pct:.1f}%, their comparisons {e.comparison_rate_pct:.1f}%; "
            f"before matching {e.raw_treated_rate_pct:.1f}% vs {e.raw_pool_rate_pct:.1f}% of the pool "
            f"({e.raw_difference_pp:+.1f} pp). Standard error {e.se_pp:.1f} pp ({se})." if en else
            f"매칭된 참여자 {e.treated_rate_pct:.1f}%, 매칭된 비교 집단 {e.comparison_rate_pct:.1f}%; 매칭 전 단순 비교 "
            f"참여자 {e.raw_treated_rate_pct:.1f}% 대 비교 후보 {e.raw_pool_rate_pct:.1f}% "
            f"({e.raw_difference_pp:+.1f}%p). 표준오차 {e.se_pp:.1f}%p ({se}).")
    if e.balance:
        lines.append("Balance (standardised mean difference, before → after matching):" if en
                     else "균형 (표준화 평균차, 매칭 전 → 후):")
        for b in e.balance:
            after = "-" if b.after is None else f"{b.after:+.2f}"
            lines.append(f"  {b.label_en if en else b.label_ko}: {b.before:+.2f} → {after}")
    if "excluded" in c:
        parts = []
        for why, n in c["excluded"].items():
            ko, en_ = _EXCLUDED.get(why, (why, why))
            if n["treated"] or n["pool"]:
                parts.append(f"{en_}: {n['treated']:,} participants, {n['pool']:,} in the pool" if en
                             else f"{ko} 참여자 {n['treated']:,}명·비교 후보 {n['pool']:,}명")
        if c.get("window_open"):
            parts.append(f"{c['window_months']} months not yet passed: {c['window_open']:,} participants" if en
                         else f"{c['window_months']}개월이 지나지 않은 참여자 {c['window_open']:,}명")
        pool = (f"Pool: {c['pool_sampled']:,} drawn from {c['pool_candidates']:,} people of the registry without "
                f"this program in {c['year']}" if en else
                f"비교 후보: 그해 이 사업에 참여하지 않은 등록 인원 {c['pool_candidates']:,}명 중 {c['pool_sampled']:,}명 추출")
        if parts:
            pool += (". Left out: " + "; ".join(parts)) if en else (". 제외: " + ", ".join(parts))
        lines.append(pool + ".")
    return lines


class Command(BaseCommand):
    help = ("A program's effect on the share of its participants in a private-sector job within 6 months after "
            "the participation ended, against matched people of the registry (propensity-score matching).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="program code")
        parser.add_argument("--year", type=int, required=True, help="participations that ended in this year")
        parser.add_argument("--as-of", default=None, help="the day the records are read as of (default: today)")
        parser.add_argument("--window", type=int, default=6, help="months after the end (default 6)")
        parser.add_argument("--pool-size", type=int, default=5000, help="comparison pool sampled at most")
        parser.add_argument("--neighbours", type=int, default=4, help="comparisons per participant at most")
        parser.add_argument("--se", choices=["abadie-imbens", "bootstrap"], default="abadie-imbens")
        parser.add_argument("--replicates", type=int, default=200, help="bootstrap replicates (with --se bootstrap)")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--lang", choices=["ko", "en"], default="ko")

    def handle(self, *args: Any, **o: Any) -> None:
        from iljari.outcomes.effect import DEFAULT_SEED, program_effect
        from iljari.programs.models import Program

        program = Program.objects.filter(code=o["program"]).first()
        if program is None:
            raise CommandError(f"사업 코드 {o['program']}이(가) 없습니다 / no program {o['program']}")
        as_of = None
        if o["as_of"]:
            as_of = parse_date(o["as_of"])
            if as_of is None:
                raise CommandError(f"기준일을 읽을 수 없습니다 / not a date: {o['as_of']}")
        e = program_effect(program, o["year"], as_of=as_of, window_months=o["window"], pool_size=o["pool_size"],
                           neighbours=o["neighbours"], se_method=o["se"], bootstrap=o["replicates"],
                           seed=DEFAULT_SEED if o["seed"] is None else o["seed"])
        for line in report_lines(e, o["lang"]):
            self.stdout.write(line)
