"""Documents kept with a case (서류), whoever hands them in: a district officer at the desk, an applicant on the
public pages (a subsidy claim or a call application), the demo. One check for all of them: each file is checked
by its type code (`cases.codes.DOC_TYPES`: the extensions it takes and the largest size) AND by its content's
signature (a PDF begins with %PDF-, a PNG with its 8-byte header, a JPEG with FF D8 FF, a HWP with the OLE
compound-file header, HWPX / DOCX / XLSX are ZIP containers), so a renamed executable is refused whatever its name
says. A file is read no further than its type's limit plus one byte. The content's sha256 is kept with it.

- `documents_check`: (doc_type, upload) pairs → the checked files and every problem of every file;
- `documents_keep`: keep checked files with a case inside the caller's transaction (audit row each, one history
  row for them all), so an application and its documents are saved together or not at all;
- `document_add`: one more document for an existing case.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

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


def safe_name(name: str) -> str:
    """The file's own name without any folder part or characters a file system or a header would trip on, at most
    150 characters (keeping the extension)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f<>:\"|?*]", "", base).strip() or "file"
    if len(base) > MAX_NAME:
        stem, _, ext = base.rpartition(".")
        base = f"{stem[:140]}.{ext[:8]}" if stem else base[:MAX_NAME]
    return base


def document_problems(doc_type: str, name: str, content: bytes, field: str = "documents") -> list[Problem]:
    """Why this file cannot be kept as a `doc_type` document (empty: it can)."""
    d = DOC_TYPES.get(doc_type)
    if d is None:
        return [Problem(ErrorCode.FILE_TYPE, "서류 종류를 고르십시오", "choose the kind of document", field="doc_type",
                        params={"doc_type": str(doc_type)[:40]})]
    shown = name[:60]
    ext = _extension(name)
    if ext not in d.extensions:
        allowed = ", ".join(e.upper() for e in d.extensions)
        return [Problem(ErrorCode.FILE_TYPE, f"{d.label_ko}({shown}): {allowed} 파일만 받습니다",
                        f"the {d.label_en} ({shown}) must be a {allowed} file", field=field,
                        params={"allowed": list(d.extensions)})]
    if len(content) > d.max_bytes:
        return [Problem(ErrorCode.FILE_TOO_LARGE, f"{d.label_ko}({shown}): 파일이 너무 큽니다 (최대 {d.max_bytes // MB}MB)",
                        f"the {d.label_en} ({shown}) is too large (at most {d.max_bytes // MB} MB)", field=field,
                        params={"max_bytes": d.max_bytes})]
    if not content:
        return [Problem(ErrorCode.BAD_FILE, f"{d.label_ko}({shown}): 빈 파일입니다",
                        f"the {d.label_en} ({shown}) is empty", field=field)]
    if not any(content.startswith(sig) for sig in SIGNATURES.get(ext, ())):
        return [Problem(ErrorCode.FILE_TYPE, f"{d.label_ko}({shown}): 내용이 {ext.upper()} 파일이 아닙니다",
                        f"the content of the {d.label_en} ({shown}) is not a {ext.upper()} file", field=field)]
    return []


def read_upload(upload: Any, doc_type: str) -> bytes:
    """The upload's bytes, read no further than the type's limit plus one byte (a larger file is refused without
    reading it all)."""
    d = DOC_TYPES.get(doc_type)
    limit = (d.max_bytes if d else 10 * MB) + 1
    upload.seek(0)
    return upload.read(limit)


def documents_check(files: list[tuple[str, Any]], field: str = "documents"
                    ) -> tuple[list[tuple[str, str, bytes]], list[Problem]]:
    """(doc_type, upload) pairs → (doc_type, name, content) triples, with every problem of every file."""
    problems: list[Problem] = []
    if len(files) > MAX_FILES:
        return [], [Problem(ErrorCode.TOO_MANY, f"서류는 한 번에 {MAX_FILES}개까지 낼 수 있습니다",
                            f"at most {MAX_FILES} documents at once", field=field)]
    out = []
    for doc_type, upload in files:
        name = safe_name(str(getattr(upload, "name", "") or "file"))
        content = read_upload(upload, doc_type) if doc_type in DOC_TYPES else b""
        found = document_problems(doc_type, name, content, field=field)
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
                       uploaded_by_label=actor_label[:100])
        doc.file.save(f"{digest[:24]}.{_extension(name)}", ContentFile(content), save=False)
        doc.save()
        # the trail reads the kind in words, not its code
        audit_change(actor=actor, obj=doc, before=None, after=snapshot(
            doc, fields=["case", "name", "size", "sha256"], extra={"doc_type": DOC_TYPES[doc_type].label_ko}))
        docs.append(doc)
    if docs:
        case_note(actor=actor, case=case, kind="document", actor_label=actor_label,
                  data={"documents": [{"type": d.doc_type, "name": d.name, "size": d.size, "sha256": d.sha256}
                                      for d in docs]})
    return docs


def document_add(*, actor: Any, case: Case, doc_type: str, upload: Any, actor_label: str = "",
                 field: str = "file") -> Document:
    """One more document for a case; refused with the reason (type, size, content), nothing kept."""
    checked, problems = documents_check([(doc_type, upload)], field=field)
    if problems:
        raise ServiceError(problems)
    with transaction.atomic():
        return documents_keep(actor=actor, case=case, checked=checked, actor_label=actor_label)[0]
