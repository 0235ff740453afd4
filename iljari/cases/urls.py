"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path

from . import money_views  # slice "money"

app_name = "cases"

urlpatterns: list = [
    # --- flows, work queue, case page, overviews (slice "flows") ---
    # --- end "flows" ---
    # --- subsidy claims: intake, screening, documents, checks, import (slice "subsidy") ---
    # --- end "subsidy" ---
    # --- money: budgets, reallocation, payment batches, recoveries, staged payments (slice "money") ---
    path("cases/money/budgets/", money_views.budgets, name="money_budgets"),
    path("cases/money/batches/", money_views.batches, name="money_batches"),
    path("cases/money/batches/<int:pk>/", money_views.batch, name="money_batch"),
    path("cases/money/batches/<int:pk>/file/", money_views.batch_file, name="money_batch_file"),
    path("cases/money/recoveries/", money_views.recoveries, name="money_recoveries"),
    path("cases/money/recoveries/<int:pk>/", money_views.recovery, name="money_recovery"),
    path("cases/money/cases/<int:pk>/", money_views.case_money, name="money_case"),
    # --- end "money" ---
    # --- open calls: calls, applications, reviews, ranking, decisions, agreements (slice "calls") ---
    # --- end "calls" ---
]
