"""The job centres' officer pages (namespace `employment`, included into the shell's `web` namespace:
`web:employment:…`). Each slice of issue 15 keeps its routes in its own block."""

from django.urls import path

from . import views

app_name = "employment"

urlpatterns: list = [
    # --- centre dashboard and the funnel's derivation (slice "funnel") ---
    # --- end "funnel" ---
    # --- seekers, vacancies, employers: registration, approval (slice "registry") ---
    # --- end "registry" ---
    # --- counselling, referrals, placements, follow-ups, job fairs (slice "casework") ---
    path("centres/seekers/<int:seeker_id>/", views.seeker_detail, name="seeker"),
    path("centres/vacancies/<int:vacancy_id>/", views.vacancy_detail, name="vacancy"),
    path("centres/seekers/<int:seeker_id>/sessions/", views.seeker_session, name="seeker_session"),
    path("centres/seekers/<int:seeker_id>/refer/", views.seeker_refer, name="seeker_refer"),
    path("centres/seekers/<int:seeker_id>/placements/", views.seeker_placement, name="seeker_placement"),
    path("centres/referrals/<int:referral_id>/outcome/", views.referral_outcome, name="referral_outcome"),
    path("centres/vacancies/<int:vacancy_id>/refer/", views.vacancy_refer, name="vacancy_refer"),
    path("centres/follow-ups/", views.follow_ups, name="follow_ups"),
    path("centres/follow-ups/<int:follow_up_id>/", views.follow_up_done, name="follow_up"),
    path("centres/job-fairs/", views.job_fairs, name="job_fairs"),
    path("centres/job-fairs/<int:fair_id>/", views.job_fair_detail, name="job_fair"),
    # --- end "casework" ---
    # --- matching pages if any; occupations, skills, minimum wage code lists (slice "matching") ---
    # --- end "matching" ---
]
