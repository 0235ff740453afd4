"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path  # noqa: F401  (the slices' blocks use it)

app_name = "cases"

urlpatterns: list = [
    # --- flows, work queue, case page, overviews (slice "flows") ---
    # --- end "flows" ---
    # --- subsidy claims: intake, screening, documents, checks, import (slice "subsidy") ---
    # --- end "subsidy" ---
    # --- money: budgets, reallocation, payment batches, recoveries, staged payments (slice "money") ---
    # --- end "money" ---
    # --- open calls: calls, applications, reviews, ranking, decisions, agreements (slice "calls") ---
    # --- end "calls" ---
]
