"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path

from . import call_views  # slice "calls"

app_name = "cases"

urlpatterns: list = [
    # --- flows, work queue, case page, overviews (slice "flows") ---
    # --- end "flows" ---
    # --- subsidy claims: intake, screening, documents, checks, import (slice "subsidy") ---
    # --- end "subsidy" ---
    # --- money: budgets, reallocation, payment batches, recoveries, staged payments (slice "money") ---
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
