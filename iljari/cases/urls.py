"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path, re_path

from . import views_flows

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
    # --- end "money" ---
    # --- open calls: calls, applications, reviews, ranking, decisions, agreements (slice "calls") ---
    # --- end "calls" ---
]
