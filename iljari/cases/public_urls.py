"""The applicants' pages (namespace `grants`, under /grants/; no officer login): open calls and subsidies to apply
for, applying, and an application's status by its reference and status code. Each slice keeps its block."""

from django.urls import path

from . import call_public_views  # slice "calls"

app_name = "grants"

urlpatterns: list = [
    # --- subsidy: apply for a subsidy, status (slice "subsidy") ---
    # --- end "subsidy" ---
    # --- calls: announcements, apply, status (slice "calls") ---
    path("calls/", call_public_views.calls_public, name="calls"),
    path("calls/status/", call_public_views.call_status_public, name="call_status"),
    path("calls/<str:code>/", call_public_views.call_public, name="call"),
    path("calls/<str:code>/apply/", call_public_views.call_apply_public, name="call_apply"),
    # --- end "calls" ---
]
