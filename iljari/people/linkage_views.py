"""The linkage runs page (portfolio office and administrators): every run with its figures and the model's
parameters in words, and a button that starts a run in the background (django-tasks, `iljari db_worker`)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from iljari.access import policy
from iljari.access.decorators import gate

from .models import LinkageRun

# Comparison fields by the model's output column names (people.linkage.engine).
FIELDS = {"name": gettext_lazy("Name"), "birth_date": gettext_lazy("Birth date"), "phone": gettext_lazy("Phone"),
          "address": gettext_lazy("Address"), "sex": gettext_lazy("Sex"),
          "rrn_hash": gettext_lazy("Resident number (keyed hash)")}


def _office(request: HttpRequest) -> None:
    """Runs are the whole registry's: the portfolio office and administrators only (a local officer: 403)."""
    if not policy.grant(request.user, "view_person").everywhere:
        raise PermissionDenied


def _level_labels(name: str, n: int) -> list[str]:
    """The engine's words for the levels of one comparison, in the page's language."""
    from iljari.people.linkage import engine

    english = (get_language() or "ko").startswith("en")
    labels = getattr(engine, "LEVELS", {}).get(name) or []
    if len(labels) != n:
        return []
    return [en if english else ko for ko, en in labels]


def _backends() -> tuple[tuple[str, str], ...]:
    return (("duckdb", _("One server (DuckDB)")), ("spark", _("Distributed (Spark)")))


def params_in_words(params: dict[str, Any]) -> list[dict[str, Any]]:
    """For each comparison of a trained model: its levels with m, u and the weight log2(m/u) in bits."""
    out = []
    for comparison in params.get("comparisons", []) if isinstance(params, dict) else []:
        name = comparison.get("output_column_name", "")
        levels = [lv for lv in comparison.get("comparison_levels", []) if not lv.get("is_null_level")]
        words = _level_labels(name, len(levels))
        rows = []
        for i, lv in enumerate(levels):
            m, u = lv.get("m_probability"), lv.get("u_probability")
            weight = math.log2(m / u) if m and u else None
            rows.append({"label": words[i] if words else lv.get("label_for_charts") or "-", "m": m, "u": u,
                         "weight": weight})
        out.append({"field": FIELDS.get(name, name), "levels": rows})
    return out


@gate("view_person")
def linkage_runs(request: HttpRequest) -> HttpResponse:
    _office(request)
    runs = list(LinkageRun.objects.restrict(request.user, "view_person").select_related("actor")[:30])
    selected = runs[0] if runs else None
    if request.GET.get("run"):
        try:
            selected = get_object_or_404(LinkageRun.objects.restrict(request.user, "view_person"),
                                         pk=int(request.GET["run"]))
        except ValueError:
            selected = None
    shown = next((r for r in runs if r.status == LinkageRun.Status.DONE and r.params), None) \
        if selected is None or not selected.params else selected
    running = any(r.status == LinkageRun.Status.RUNNING for r in runs)
    lam = shown.params.get("probability_two_random_records_match") if shown else None
    return render(request, "people/linkage_runs.html", {
        "runs": runs, "shown": shown, "running": running, "words": params_in_words(shown.params if shown else {}),
        "lambda": lam, "backends": _backends()})


@gate("view_person", methods=("POST",))
def linkage_run_start_view(request: HttpRequest) -> HttpResponse:
    from django.db import transaction

    from .linkage.service import linkage_run_start
    from .linkage.tasks import linkage_run_task

    _office(request)
    backend = request.POST.get("backend", "")
    if backend not in ("duckdb", "spark"):
        messages.error(request, _("Choose DuckDB or Spark."))
        return render(request, "people/linkage_runs.html", {
            "runs": list(LinkageRun.objects.restrict(request.user, "view_person")[:30]), "shown": None,
            "words": [], "backends": _backends()}, status=400)
    retrain = request.POST.get("retrain", "1") != "0"
    since = timezone.now() - dt.timedelta(hours=6)  # an older "running" row is a worker that died
    if LinkageRun.objects.filter(status=LinkageRun.Status.RUNNING, started_at__gte=since).exists():
        messages.error(request, _("A linkage run is already running; wait for it to finish."))
        return redirect("web:people:linkage_runs")
    with transaction.atomic():
        run = linkage_run_start(actor=request.user, backend=backend, retrain=retrain)
        transaction.on_commit(lambda: linkage_run_task.enqueue(run.pk, retrain))
    messages.success(request, _("The linkage run has started in the background."))
    return redirect("web:people:linkage_runs")
