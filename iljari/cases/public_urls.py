"""The applicants' pages (namespace `grants`, under /grants/; no officer login): open calls and subsidies to apply
for, applying, and an application's status by its reference and status code. Each slice keeps its block."""

from django.urls import path  # noqa: F401  (the slices' blocks use it)

app_name = "grants"

urlpatterns: list = [
    # --- subsidy: apply for a subsidy, status (slice "subsidy") ---
    # --- end "subsidy" ---
    # --- calls: announcements, apply, status (slice "calls") ---
    # --- end "calls" ---
]
