"""The job centres' officer pages (namespace `employment`, included into the shell's `web` namespace:
`web:employment:…`). Each slice of issue 15 keeps its routes in its own block."""

from django.urls import path  # noqa: F401

app_name = "employment"

urlpatterns: list = [
    # --- centre dashboard and the funnel's derivation (slice "funnel") ---
    # --- end "funnel" ---
    # --- seekers, vacancies, employers: registration, approval (slice "registry") ---
    # --- end "registry" ---
    # --- counselling, referrals, placements, follow-ups, job fairs (slice "casework") ---
    # --- end "casework" ---
    # --- matching pages if any; occupations, skills, minimum wage code lists (slice "matching") ---
    # --- end "matching" ---
]
