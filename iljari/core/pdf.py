"""Reports as PDF: the report's own HTML printed by WeasyPrint on A4, in Noto CJK (Debian's fonts-noto-cjk).

The same templates serve the page and the PDF; `reports/print.html` adds the print stylesheet (page size,
running header and page numbers). Nothing is fetched: the stylesheet is read from the static files and
charts are inline SVG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def print_css() -> str:
    path = finders.find("reports/print.css")
    return Path(str(path)).read_text(encoding="utf-8") if path else ""


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "printing": True})
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(stylesheets=[CSS(string=print_css())])
