"""The default double-benefit rules (이중수급 점검 기준) as dated data; the portfolio office edits them on the rules
page (`people:benefit_rules`). Each label cites the seed it comes from: 참고자료 002 is seed 002 (영등포구 공공근로,
선발대상 "※ 배제대상 : ... 2년간 10개월 초과 근무자 등"), 참고자료 001 is seed 001 (고용유지지원금: "이중․부정수급 점검
및 통보", "이중 및 부정수급 여부 확인 및 환수")."""

import datetime as dt

from django.db import migrations

RULES = [
    ("overlap", {"kinds": ["paid"]},
     "사업 간 유급 참여 기간 중복 (직접일자리 참여 중 다른 사업 유급 참여)"),
    ("months_cap", {"months": 10, "years": 2, "kinds": ["paid"]},
     "2년간 10개월 초과 근무자 (참고자료 002 영등포구 공공근로 선발대상 \"※ 배제대상 : 국민기초생활수급자, 실업급여대상자, "
     "2년간 10개월 초과 근무자 등\")"),
    ("subsidy_while_paid", {},
     "고용유지지원금 이중·부정수급 점검 (참고자료 001 고용유지지원금 추진계획 \"이중 및 부정수급 여부 확인 및 환수\")"),
    ("two_districts", {}, "한 사업 두 자치구 중복 참여 (같은 사업, 다른 자치구, 기간 중복)"),
]


def add_rules(apps, schema_editor):
    Rule = apps.get_model("people", "DoubleBenefitRule")
    for kind, params, label in RULES:
        if not Rule.objects.filter(kind=kind).exists():
            Rule.objects.create(kind=kind, params=params, label=label[:200], valid_from=dt.date(2015, 1, 1),
                                active=True)


def remove_rules(apps, schema_editor):
    Rule = apps.get_model("people", "DoubleBenefitRule")
    Rule.objects.filter(alerts__isnull=True, label__in=[label[:200] for _k, _p, label in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
