"""The officers' pages of subsidy and open-call cases (namespace `cases`, included into the shell's `web`
namespace: `web:cases:…`), all under /cases/. Each slice of issue 17 keeps its routes in its own block."""

from django.urls import path

from . import subsidy_views  # slice "subsidy"

app_name = "cases"

urlpatterns: list = [
    # --- flows, work queue, case page, overviews (slice "flows") ---
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
    # --- end "money" ---
    # --- open calls: calls, applications, reviews, ranking, decisions, agreements (slice "calls") ---
    # --- end "calls" ---
]
