"""The citizens' and employers' job pages (no login, slice "public"): job search, a vacancy, registering as a
seeker, an employer's vacancy form (`jobs:<name>`)."""

from django.urls import path

from . import public_views

app_name = "jobs"

urlpatterns: list = [
    path("", public_views.job_search, name="search"),
    path("<int:vacancy_id>/", public_views.vacancy_page, name="vacancy"),
    path("register/", public_views.seeker_register_page, name="register"),
    path("post/", public_views.vacancy_post_page, name="post"),
]
