"""The code lists iljari is seeded with (Korean labels from the domain brief). Administrators edit them."""

SEED_CODES: dict[str, list[tuple[str, str, str, str | None]]] = {
    # list: [(code, label_ko, label_en, parent code)]
    "job_type": [
        ("direct", "직접일자리", "Direct jobs", None),
        ("indirect", "간접일자리", "Indirect jobs", None),
    ],
    "subtype": [
        ("training", "직업훈련", "Vocational training", "indirect"),
        ("employment_service", "고용서비스", "Employment services", "indirect"),
        ("employment_subsidy", "고용장려금", "Employment subsidies", "indirect"),
        ("startup", "창업지원", "Start-up support", "indirect"),
        ("private_support", "민간지원", "Private-sector support", "indirect"),
        ("construction", "공사인력", "Construction labour", "indirect"),
    ],
    "target_group": [
        ("youth", "청년", "Youth", None),
        ("women", "여성", "Women", None),
        ("middle_aged", "중장년", "Middle-aged", None),
        ("seniors", "어르신", "Seniors", None),
        ("disabled", "장애인", "Disabled", None),
        ("low_income", "저소득", "Low-income", None),
        ("general", "일반시민", "General citizens", None),
    ],
    "policy_field": [
        ("public_jobs", "공공일자리를 통한 고용안전망 구축", "Public jobs and safety net", None),
        ("private_linkage", "민간기업 취업연계", "Private-sector employment linkage", None),
        ("startup_space", "창업기업 지원 및 산업공간 제공", "Start-ups and industrial space", None),
        ("skills", "전문인력 양성", "Skilled workforce training", None),
        ("livelihood", "민생경제 보호 및 활성화", "Livelihood economy", None),
        ("construction_works", "대규모 관급공사", "Large public construction", None),
    ],
    "funding_source": [
        ("national", "국비", "National", None),
        ("city", "시비", "City", None),
        ("district", "구비", "District", None),
        ("other", "기타", "Other", None),
        ("total", "재원 미구분", "Not split by source", None),
    ],
    "delivery_mode": [
        ("direct_operation", "직영", "Run directly", None),
        ("contracted", "민간위탁", "Contracted out", None),
        ("subsidy", "보조", "Subsidy", None),
    ],
}

# Korean labels offices also write for the same codes.
CODE_ALIASES: dict[str, dict[str, str]] = {
    "funding_source": {"사비": "city", "시비": "city", "국비": "national", "구비": "district", "민간": "other",
                       "기타": "other", "계": "total", "합계": "total"},
    "target_group": {"일반": "general", "신중년": "middle_aged", "노인": "seniors"},
    "job_type": {"직접": "direct", "간접": "indirect"},
}

SEED_MEASURES = [
    # code, name_ko, name_en, kind, unit, aggregation, by_funding_source
    ("job_target", "일자리 목표", "Job target", "target", "jobs", "stock", False),
    ("job_result", "일자리 실적", "Job result", "result", "jobs", "cumulative", False),
    ("budget", "예산현액", "Budget", "budget", "won", "stock", True),
    ("commitment", "원인행위액", "Commitments", "commitment", "won", "cumulative", True),
    ("expenditure", "지출액", "Expenditure", "expenditure", "won", "cumulative", True),
    ("people_trained", "교육 인원", "People trained", "indicator", "people", "cumulative", False),
    ("people_placed", "취업 인원", "People placed in jobs", "indicator", "people", "cumulative", False),
    ("counselling_cases", "상담 건수", "Counselling cases", "indicator", "cases", "cumulative", False),
    ("times_operated", "운영 횟수", "Times operated", "indicator", "times", "cumulative", False),
]


def seed_code_lists(code_model, measure_model) -> None:  # type: ignore[no-untyped-def]
    """Create or refresh the seeded codes and measures (used by the data migration and by tests)."""
    for list_name, entries in SEED_CODES.items():
        for order, (code, ko, en, parent) in enumerate(entries):
            parent_obj = code_model.objects.get(list="job_type", code=parent) if parent else None
            code_model.objects.update_or_create(list=list_name, code=code, defaults={
                "label_ko": ko, "label_en": en, "parent": parent_obj, "sort_order": order})
    for order, (code, ko, en, kind, unit, agg, by_source) in enumerate(SEED_MEASURES):
        measure_model.objects.update_or_create(code=code, defaults={
            "name_ko": ko, "name_en": en, "kind": kind, "unit": unit, "aggregation": agg,
            "by_funding_source": by_source, "builtin": kind != "indicator", "sort_order": order})
