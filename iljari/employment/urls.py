"""The job centres' officer pages (namespace `employment`, included into the shell's `web` namespace:
`web:employment:…`). Each slice of issue 15 keeps its routes in its own block."""

from django.urls import path

from . import registry_views, views

app_name = "employment"

urlpatterns: list = [
    # --- centre dashboard and the funnel's derivation (slice "funnel") ---
    # --- end "funnel" ---
    # --- seekers, vacancies, employers: registration, approval (slice "registry") ---
    path("centres/seekers/", registry_views.seeker_list, name="seekers"),
    path("centres/seekers/new/", registry_views.seeker_new, name="seeker_new"),
    path("centres/vacancies/", registry_views.vacancy_list, name="vacancies"),
    path("centres/vacancies/new/", registry_views.vacancy_new, name="vacancy_new"),
    path("centres/vacancies/approvals/", registry_views.vacancy_approvals, name="vacancy_approvals"),
    path("centres/vacancies/<int:vacancy_id>/decide/", registry_views.vacancy_decide, name="vacancy_decide"),
    path("centres/employers/", registry_views.employer_list, name="employers"),
    path("centres/employers/new/", registry_views.employer_new, name="employer_new"),
    path("centres/employers/<int:employer_id>/", registry_views.employer_edit, name="employer"),
    # --- end "registry" ---
    # --- counselling, referrals, placements, follow-ups, job fairs (slice "casework") ---
    path("centres/seekers/<int:seeker_id>/", views.seeker_detail, name="seeker"),
    path("centres/vacancies/<int:vacancy_id>/", views.vacancy_detail, name="vacancy"),
    # --- end "casework" ---
    # --- matching pages if any; occupations, skills, minimum wage code lists (slice "matching") ---
    # --- end "matching" ---
]
