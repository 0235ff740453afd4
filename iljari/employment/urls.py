"""The job centres' officer pages (namespace `employment`, included into the shell's `web` namespace:
`web:employment:…`). Each slice of issue 15 keeps its routes in its own block."""

from django.urls import path

from . import code_views, registry_views, views, views_funnel

app_name = "employment"

urlpatterns: list = [
    # --- centre dashboard and the funnel's derivation (slice "funnel") ---
    path("centres/", views_funnel.centres_home, name="home"),
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
    path("centres/codes/occupations/", code_views.occupations, name="codes_occupations"),
    path("centres/codes/occupations/new/", code_views.occupation_new, name="codes_occupation_new"),
    path("centres/codes/occupations/<int:occupation_id>/active/", code_views.occupation_active,
         name="codes_occupation_active"),
    path("centres/codes/skills/", code_views.skills, name="codes_skills"),
    path("centres/codes/skills/new/", code_views.skill_new, name="codes_skill_new"),
    path("centres/codes/skills/<int:skill_id>/", code_views.skill_edit, name="codes_skill_edit"),
    path("centres/codes/minimum-wage/", code_views.minimum_wages, name="codes_minimum_wage"),
    path("centres/codes/minimum-wage/new/", code_views.minimum_wage_new, name="codes_minimum_wage_new"),
    # --- end "matching" ---
]
