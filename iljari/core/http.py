"""A file as an HTTP response: PDF shown in the browser, xlsx downloaded, Korean file names kept."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(data: bytes, fmt: str, name: str) -> HttpResponse:
    resp = HttpResponse(data, content_type="application/pdf" if fmt == "pdf" else XLSX)
    disposition = "inline" if fmt == "pdf" else "attachment"
    resp["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}.{fmt}"
    return resp
