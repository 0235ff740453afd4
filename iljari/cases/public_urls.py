"""The applicants' pages (namespace `grants`, under /grants/; no officer login): open calls and subsidies to apply
for, applying, and an application's status by its reference and status code. Each slice keeps its block."""

from django.urls import path

from . import subsidy_public  # slice "subsidy"

app_name = "grants"

urlpatterns: list = [
    # --- subsidy: apply for a subsidy, status (slice "subsidy") ---
    path("subsidies/<str:code>/", subsidy_public.subsidy_page, name="subsidy"),
    path("subsidies/<str:code>/apply/", subsidy_public.apply_page, name="subsidy_apply"),
    path("status/", subsidy_public.status_page, name="status"),
    # --- end "subsidy" ---
    # --- calls: announcements, apply, status (slice "calls") ---
    # --- end "calls" ---
]
