"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path, re_path

from . import call_views, money_views, subsidy_views, views_flows

app_name = "cases"

urlpatterns: list = [
    # --- flows, work queue, case page, overviews (slice "flows") ---
    path("cases/", views_flows.queue, name="queue"),
    path("cases/search/", views_flows.case_search, name="search"),
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
    path("cases/subsidy/<str:flow>/new/", subsidy_views.claim_new, name="subsidy_new"),
    path("cases/subsidy/<str:flow>/import/", subsidy_views.claims_import_page, name="subsidy_import"),
    path("cases/subsidy/import/template/", subsidy_views.claims_import_template, name="subsidy_import_template"),
    path("cases/subsidy/claims/<int:case_id>/", subsidy_views.claim_page, name="subsidy_claim"),
    path("cases/subsidy/claims/<int:case_id>/documents/", subsidy_views.document_upload,
         name="subsidy_document_upload"),
    path("cases/subsidy/documents/<int:document_id>/", subsidy_views.document_download, name="subsidy_document"),
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
    path("cases/calls/", call_views.calls_page, name="calls"),
    path("cases/calls/new/", call_views.call_new, name="call_new"),
    path("cases/calls/reviews/", call_views.reviews_page, name="reviews"),
    path("cases/calls/reviews/<int:case_id>/", call_views.review_page, name="review"),
    path("cases/calls/reviews/<int:case_id>/recuse/", call_views.review_recuse, name="review_recuse"),
    path("cases/calls/documents/<int:document_id>/", call_views.call_document, name="call_document"),
    path("cases/calls/cases/<int:case_id>/interview/", call_views.case_interview, name="call_interview"),
    path("cases/calls/cases/<int:case_id>/decision/", call_views.case_decision, name="call_decision"),
    path("cases/calls/cases/<int:case_id>/agreement/", call_views.case_agreement, name="call_agreement"),
    path("cases/calls/cases/<int:case_id>/payment/", call_views.case_payment, name="call_payment"),
    path("cases/calls/<str:code>/", call_views.call_page, name="call"),
    path("cases/calls/<str:code>/edit/", call_views.call_edit, name="call_edit"),
    path("cases/calls/<str:code>/publish/", call_views.call_publish, name="call_publish"),
    path("cases/calls/<str:code>/reviewers/", call_views.call_reviewers, name="call_reviewers"),
    path("cases/calls/<str:code>/desk/", call_views.call_desk, name="call_desk"),
    # --- end "calls" ---
]
