"""Helpers for the calls' tests: a published village-enterprise call taking 관악구 and 영등포구, three reviewers
(program officers of 복지정책실: outside the owning office), and applications with their documents."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

PDF = b"%PDF-1.4\n% test\n"


def brn(nine: str) -> str:
    """A valid business registration number from nine digits (the National Tax Service's check digit)."""
    d = [int(c) for c in nine]
    t = sum(a * b for a, b in zip(d, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + d[8] * 5 // 10
    return nine + str((10 - t % 10) % 10)


def upload(name: str, content: bytes = PDF) -> BytesIO:
    f = BytesIO(content)
    f.name = name
    return f


def all_documents() -> list[tuple[str, Any]]:
    return [("application", upload("신청서.pdf")), ("business_plan", upload("사업계획서.pdf")),
            ("articles", upload("정관.pdf")), ("members", upload("명부.pdf"))]


def setup_call(case_world: dict[str, Any], make_user: Any, blind: bool = False, quotas: dict | None = None
               ) -> dict[str, Any]:
    from iljari.cases.calls import call_publish, call_save, default_categories, reviewer_assign

    flow = case_world["flows"]["VILLAGE-ENT"]
    city = case_world["users"]["city"]
    review = flow.stages.get(code="second_review")
    if blind or quotas:
        rubric = review.rubric
        rubric.blind = blind
        rubric.quotas = quotas or {}
        rubric.save()
    call = call_save(actor=city, flow=flow, code="VILLAGE-2021", year=2021, title_ko="2021년 서울시 마을기업 공모",
                     title_en="Village enterprises 2021", summary_ko="마을기업 지정·지원", opens_on=dt.date(2021, 1, 4),
                     closes_on=dt.date(2021, 1, 29), categories=default_categories(flow),
                     districts=[case_world["units"]["GWANAK"], case_world["units"]["YDP"]])
    call = call_publish(actor=city, call=call, version=call.version)
    reviewers = [make_user(f"rev{n}", "program_officer", "WELFARE") for n in (1, 2, 3)]
    for r in reviewers:
        reviewer_assign(actor=city, call=call, stage=review, reviewer=r)
    return {"call": call, "flow": flow, "review": review, "reviewers": reviewers, "city": city}


def apply(call: Any, district: Any, name: str, nine: str, category: str = "new", on: dt.date = dt.date(2021, 1, 15),
          **kw: Any) -> tuple[Any, str]:
    from iljari.cases.calls import call_apply

    return call_apply(actor=None, call=call, organisation={"name": name, "business_number": brn(nine),
                                                           "legal_form": "협동조합", "representative": "대표자",
                                                           "phone": "02-000-0000"},
                      district=district, category_code=category, title=kw.pop("title", f"{name} 사업"),
                      summary="마을 공동체 사업", contact_name="담당자", documents=kw.pop("documents", all_documents()),
                      consent=kw.pop("consent", True), on=on, **kw)


def to_review(case: Any, officer: Any) -> Any:
    from iljari.cases.flows import case_move

    case = case_move(actor=officer, case=case, transition="accept", version=case.version)
    return case_move(actor=officer, case=case, transition="eligible", version=case.version)


def score(reviewer: Any, case: Any, *marks: int) -> Any:
    from iljari.cases.calls import review_submit

    codes = ["community", "public", "local", "business"]
    return review_submit(actor=reviewer, case=case, scores=dict(zip(codes, marks, strict=True)))
