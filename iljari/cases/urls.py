"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path, re_path

from . import money_views, views_flows

app_name = "cases"

urlpatterns: list = [
    # --- flows, work queue, case page, overviews (slice "flows") ---
    path("cases/", views_flows.queue, name="queue"),
    path("cases/flows/", views_flows.flows, name="flows"),
    path("cases/flows/<str:code>/", views_flows.flow_page, name="flow"),
    path("cases/flows/<str:code>/stages/<int:stage_id>/", views_flows.stage_edit, name="stage_edit"),
    path("cases/flows/<str:code>/transitions/<int:transition_id>/", views_flows.transition_edit,
         name="transition_edit"),
    path("cases/overview/", views_flows.overview, name="overview"),
    path("cases/overview.xlsx", views_flows.overview_xlsx, name="overview_xlsx"),
    # a case by its reference (연도-흐름코드-일련번호): a pattern no other /cases/ page's address matches
    re_path(r"^cases/(?P<reference>\d{4}-[A-Za-z0-9-]{1,60}-\d{1,9})/$", views_flows.case_page, name="case"),
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
