"""Documents an applicant (or a district officer at the desk) hands in with a call application: each file is
checked by its type code (`cases.codes.DOC_TYPES`: the extensions it takes and the largest size) AND by its
content's signature (a PDF begins with %PDF-, a PNG with its 8-byte header, a JPEG with FF D8 FF, a HWP with the
OLE compound-file header, HWPX / DOCX / XLSX are ZIP containers), so a renamed executable is refused whatever its
name says. The content's sha256 is kept with the document.

The subsidy slice may keep its own `document_add`; this one is the calls' (same checks), so the two never clash.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile

from iljari.audit.services import audit_change, snapshot
from iljari.core.errors import ErrorCode, Problem, ServiceError

from .codes import DOC_TYPES, MB
from .flows import case_note
from .models import Case, Document

MAX_FILES = 12  # documents at once on one application
MAX_NAME = 150

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "hwp": (_OLE,),
    "hwpx": (_ZIP,),
    "docx": (_ZIP,),
    "xlsx": (_ZIP,),
}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                 "hwp": "application/x-hwp", "hwpx": "application/hwp+zip",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def document_problems(doc_type: str, name: str, content: bytes, field: str = "documents") -> list[Problem]:
    """Why this file cannot be kept as a `doc_type` document (empty: it can)."""
    d = DOC_TYPES.get(doc_type)
    if d is None:
        return [Problem(ErrorCode.FILE_TYPE, "알 수 없는 서류 종류입니다", "unknown document type", field=field,
                        params={"doc_type": doc_type[:40]})]
    shown = name[:60]
    ext = _extension(name)
    if ext not in d.extensions:
        allowed = ", ".join(e.upper() for e in d.extensions)
        return [Problem(ErrorCode.FILE_TYPE, f"{d.label_ko}({shown})는 {allowed} 파일만 받습니다",
                        f"the {d.label_en} ({shown}) must be a {allowed} file", field=field,
                        params={"allowed": list(d.extensions)})]
    if len(content) > d.max_bytes:
        return [Problem(ErrorCode.FILE_TOO_LARGE,
                        f"{d.label_ko}({shown})가 {d.max_bytes // MB}MB를 넘습니다",
                        f"the {d.label_en} ({shown}) is larger than {d.max_bytes // MB} MB", field=field,
                        params={"max_bytes": d.max_bytes})]
    if not content:
        return [Problem(ErrorCode.BAD_FILE, f"{d.label_ko}({shown}) 파일이 비어 있습니다",
                        f"the {d.label_en} ({shown}) is empty", field=field)]
    if not any(content.startswith(sig) for sig in SIGNATURES.get(ext, ())):
        return [Problem(ErrorCode.FILE_TYPE,
                        f"{d.label_ko}({shown})의 내용이 {ext.upper()} 파일이 아닙니다",
                        f"the content of the {d.label_en} ({shown}) is not a {ext.upper()} file", field=field)]
    return []


def read_upload(upload: Any, doc_type: str) -> bytes:
    """The upload's bytes, read no further than the type's limit plus one byte (a larger file is refused without
    reading it all)."""
    d = DOC_TYPES.get(doc_type)
    limit = (d.max_bytes if d else 10 * MB) + 1
    upload.seek(0)
    return upload.read(limit)


def documents_check(files: list[tuple[str, Any]]) -> tuple[list[tuple[str, str, bytes]], list[Problem]]:
    """(doc_type, upload) pairs → (doc_type, name, content) triples, with every problem of every file."""
    problems: list[Problem] = []
    if len(files) > MAX_FILES:
        return [], [Problem(ErrorCode.TOO_MANY, f"서류는 한 번에 {MAX_FILES}개까지 낼 수 있습니다",
                            f"at most {MAX_FILES} documents at once", field="documents")]
    out = []
    for doc_type, upload in files:
        name = str(getattr(upload, "name", "") or "file")[-MAX_NAME:]
        content = read_upload(upload, doc_type)
        found = document_problems(doc_type, name, content)
        problems.extend(found)
        if not found:
            out.append((doc_type, name, content))
    return out, problems


def documents_keep(*, actor: Any, case: Case, checked: list[tuple[str, str, bytes]], actor_label: str = ""
                   ) -> list[Document]:
    """Keep checked files with the case (inside the caller's transaction), one history row for them all."""
    docs = []
    for doc_type, name, content in checked:
        digest = hashlib.sha256(content).hexdigest()
        doc = Document(case=case, doc_type=doc_type, name=name, size=len(content),
                       content_type=CONTENT_TYPES.get(_extension(name), "application/octet-stream"), sha256=digest,
                       uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
                       uploaded_by_label=actor_label)
        doc.file.save(f"{digest[:16]}.{_extension(name)}", ContentFile(content), save=False)
        doc.save()
        audit_change(actor=actor, obj=doc, before=None,
                     after=snapshot(doc, fields=["case", "doc_type", "name", "size", "sha256"]))
        docs.append(doc)
    if docs:
        case_note(actor=actor, case=case, kind="document", actor_label=actor_label,
                  data={"documents": [{"type": d.doc_type, "name": d.name, "sha256": d.sha256} for d in docs]})
    return docs


def call_document_add(*, actor: Any, case: Case, doc_type: str, upload: Any, actor_label: str = "") -> Document:
    """One more document for a case (refused with the reason: type, size, content)."""
    from django.db import transaction

    checked, problems = documents_check([(doc_type, upload)])
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        return documents_keep(actor=actor, case=case, checked=checked, actor_label=actor_label)[0]
