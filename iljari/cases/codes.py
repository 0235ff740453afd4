"""Code lists of the cases: document types (with the file types and sizes each takes) and words for them."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class DocType:
    code: str
    label_ko: str
    label_en: str
    extensions: tuple[str, ...] = ("pdf", "jpg", "jpeg", "png")
    max_bytes: int = 10 * MB


DOC_TYPES: dict[str, DocType] = {d.code: d for d in (
    DocType("application", "신청서", "application form"),
    DocType("leave_proof", "무급휴직 확인서", "proof of unpaid leave"),
    DocType("insurance", "고용보험 가입 확인서", "employment insurance record"),
    DocType("business_registration", "사업자등록증", "business registration certificate"),
    DocType("bank_account", "통장 사본", "copy of the bank book"),
    DocType("employment_contract", "근로계약서", "employment contract"),
    DocType("business_plan", "사업계획서", "business plan", ("pdf", "hwp", "hwpx", "docx")),
    DocType("articles", "정관", "articles of association"),
    DocType("members", "출자자·구성원 명부", "list of members", ("pdf", "xlsx", "jpg", "jpeg", "png")),
    DocType("agreement", "약정서", "signed agreement"),
    DocType("other", "기타 서류", "other document", ("pdf", "jpg", "jpeg", "png", "hwp", "hwpx", "docx", "xlsx")),
)}


def doc_type_label(code: str, language: str = "ko") -> str:
    d = DOC_TYPES.get(code)
    if d is None:
        return code if language == "en" else "기타 서류"
    return d.label_en if language == "en" else d.label_ko
