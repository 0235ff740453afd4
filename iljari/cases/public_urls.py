"""The applicants' pages (namespace `grants`, under /grants/; no officer login): open calls and subsidies to apply
for, applying, and an application's status by its reference and status code. Each slice keeps its block."""

from django.urls import path

from . import call_public_views, subsidy_public

app_name = "grants"

urlpatterns: list = [
    path("", subsidy_public.grants_index, name="index"),
    # --- subsidy: apply for a subsidy, status (slice "subsidy") ---
    path("subsidies/<str:code>/", subsidy_public.subsidy_page, name="subsidy"),
    path("subsidies/<str:code>/apply/", subsidy_public.apply_page, name="subsidy_apply"),
    path("status/", subsidy_public.status_page, name="status"),
    # --- end "subsidy" ---
    # --- calls: announcements, apply, status (slice "calls") ---
    path("calls/", call_public_views.calls_public, name="calls"),
    path("calls/status/", call_public_views.call_status_public, name="call_status"),
    path("calls/<str:code>/", call_public_views.call_public, name="call"),
    path("calls/<str:code>/apply/", call_public_views.call_apply_public, name="call_apply"),
    # --- end "calls" ---
]
