"""Officers' pages of the employment episodes (namespace `episodes` inside the shell's `web`): the imports of
employment records (upload -> preview with its problems or counts -> import; the list of imports; a sample file)
for the portfolio office and administrators (`import_episodes`), and the "고용 이력" section of the registry's
person page (registered with `people.sections`) for whoever may open the person's history (`view_person`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation

from iljari.access.decorators import gate
from iljari.core.context import change_context
from iljari.core.errors import ServiceError

from .episodes import episode_rows, visible_episodes
from .models import EmploymentEpisode, EpisodeImport

SAMPLE = Path(__file__).resolve().parent / "samples" / "고용이력_반입_예시.csv"


def _en() -> bool:
    return (translation.get_language() or "ko").startswith("en")


def say(ko: str, en: str) -> str:
    return en if _en() else ko


class ImportForm(forms.Form):
    file = forms.FileField()
    kind = forms.ChoiceField(widget=forms.RadioSelect, initial=EmploymentEpisode.Source.INSURANCE)
    source = forms.CharField(max_length=100, required=False)
    as_of = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["file"].label = say("고용 이력 파일 (CSV 또는 xlsx)", "Employment records (CSV or xlsx)")
        f["kind"].label = say("자료 종류", "Kind of source")
        kind: Any = f["kind"]
        kind.choices = [(EmploymentEpisode.Source.INSURANCE, say("고용보험 연계", "Employment-insurance linkage")),
                        (EmploymentEpisode.Source.OTHER, say("기타 자료", "Another source"))]
        f["source"].label = say("자료 출처 (예: 고용보험 DB 연계 2023-06)", "Source (e.g. insurance linkage 2023-06)")
        f["as_of"].label = say("자료 기준일 (비우면 오늘)", "The file's day (empty: today)")
        for field in f.values():
            field.error_messages = {"required": say("필수 항목입니다.", "This field is required."),
                                    "invalid": say("올바른 값이 아닙니다.", "Enter a valid value."),
                                    "invalid_choice": say("목록에서 고르십시오.", "Choose from the list."),
                                    "max_length": say("너무 깁니다.", "Too long."),
                                    "empty": say("빈 파일입니다.", "The file is empty.")}


@gate("import_episodes", methods=("GET", "HEAD"))
def imports(request: HttpRequest) -> HttpResponse:
    """고용 이력 반입 목록: every file imported, newest first, with its episodes now."""
    rows = list(EpisodeImport.objects.restrict(request.user, "import_episodes").select_related("created_by")
                .annotate(episodes_now=Count("episodes")).order_by("-created_at")[:200])
    return render(request, "outcomes/episodes/imports.html", {"imports": rows, "total": EmploymentEpisode.objects.count(),
                                                             "by_source": _by_source()})


def _by_source() -> list[tuple[str, int]]:
    from iljari.core.labels import one_language

    counts = {r["source"]: r["n"] for r in EmploymentEpisode.objects.values("source").annotate(n=Count("pk"))}
    return [(one_language(label, translation.get_language()), counts.get(code, 0))
            for code, label in EmploymentEpisode.Source.choices]


@gate("import_episodes", methods=("GET", "HEAD", "POST"))
def import_new(request: HttpRequest) -> HttpResponse:
    """고용 이력 반입: upload a file; "check" shows its problems or what it would do (nothing saved), "import"
    imports it all or nothing."""
    from iljari.core.spreadsheets import read_upload

    from .episode_import import MAX_BYTES, episodes_import

    form = ImportForm(request.POST or None, request.FILES or None)
    status, result, problems, problem_summary = 200, None, [], ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = request.POST.get("action") != "import"
            try:
                data = read_upload(upload, MAX_BYTES)
                with change_context("web"):
                    result = episodes_import(actor=request.user, data=data, filename=upload.name or "",
                                             source=form.cleaned_data.get("source") or "",
                                             kind=form.cleaned_data["kind"],
                                             as_of=form.cleaned_data.get("as_of") or None, dry_run=dry_run)
            except ServiceError as exc:
                problems = [p.text() for p in exc.problems]
                more = exc.problems[-1].params.get("more", 0) if exc.problems else 0
                n = len(exc.problems) - (1 if more else 0) + more
                problem_summary = say(f"반입하지 않았습니다: 문제 {n:,}건", f"Nothing was imported: {n:,} problem"
                                      f"{'s' if n != 1 else ''}.")
            else:
                status = 200
                if not dry_run:
                    messages.success(request, say(
                        f"{result.rows:,}행을 반입했습니다: 새 이력 {result.created:,}건, 늘어난 이력 {result.extended:,}건.",
                        f"{result.rows:,} rows imported: {result.created:,} new episodes, {result.extended:,} "
                        "extended."))
                    return redirect("web:episodes:imports")
    preview = []
    if result is not None:
        for p in result.preview:
            band = str(EmploymentEpisode.WageBand(p["wage_band"]).label).partition(" / ")[2 if _en() else 0] \
                if p["wage_band"] else "-"
            preview.append({**p, "wage_band": band[:1].upper() + band[1:],
                            "period": _period(p["start"], p["end"], p["known_until"])})
    return render(request, "outcomes/episodes/import.html", {"form": form, "result": result, "problems": problems,
                                                            "problem_summary": problem_summary, "preview": preview, "today": timezone.localdate()},
                  status=status)


def _period(start: dt.date, end: dt.date | None, known: dt.date | None) -> str:
    if end:
        return f"{start:%Y.%m.%d} ~ {end:%Y.%m.%d}"
    return f"{start:%Y.%m.%d} ~ " + say(f"(재직, {known:%Y.%m.%d} 기준)", f"(still employed on {known:%Y.%m.%d})")


@gate("import_episodes", methods=("GET", "HEAD"))
def sample(request: HttpRequest) -> HttpResponse:
    """The sample file of the layout (docs/outcomes.md): UTF-8 with BOM, so that a spreadsheet opens it right."""
    from urllib.parse import quote

    resp = HttpResponse(SAMPLE.read_bytes(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(SAMPLE.name)}"
    return resp


# --- the person page's section ------------------------------------------------------------------------------------


def person_episodes_section(request: HttpRequest, person: Any, ids: list[int]) -> dict[str, Any] | None:
    """고용 이력 of the person's whole cluster, as far as the viewer may read them (`visible_episodes`)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    episodes = list(visible_episodes(user).filter(person_id__in=ids).select_related("batch")
                    .order_by("start", "pk"))
    n, private = len(episodes), sum(1 for e in episodes if e.private)
    summary = say(f"{n}건 · 민간 {private}건 · 공공 {n - private}건",
                  f"{n} episode{'s' if n != 1 else ''} · private {private} · public {n - private}") if n else ""
    return {"template": "outcomes/episodes/_person_section.html", "summary": summary,
            "episodes": episode_rows(episodes, translation.get_language())}


def connect() -> None:
    from iljari.people.sections import register_person_section

    register_person_section(person_episodes_section)
