"""The job centres' officer pages (namespace `employment`, included into the shell's `web` namespace:
`web:employment:…`). Each slice of issue 15 keeps its routes in its own block."""

from django.urls import path

from . import views, views_funnel

app_name = "employment"

urlpatterns: list = [
    # --- centre dashboard and the funnel's derivation (slice "funnel") ---
    path("centres/", views_funnel.centres_home, name="home"),
    # --- end "funnel" ---
    # --- seekers, vacancies, employers: registration, approval (slice "registry") ---
    # --- end "registry" ---
    # --- counselling, referrals, placements, follow-ups, job fairs (slice "casework") ---
    path("centres/seekers/<int:seeker_id>/", views.seeker_detail, name="seeker"),
    path("centres/vacancies/<int:vacancy_id>/", views.vacancy_detail, name="vacancy"),
    # --- end "casework" ---
    # --- matching pages if any; occupations, skills, minimum wage code lists (slice "matching") ---
    # --- end "matching" ---
]
