"""The shell's routes: its own pages (dashboard, programs, pivot, monthly entry, org tree, code lists, audit) and
each feature app's own urls.py, all in the `web` namespace the templates reverse."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import tokens, views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("programs/", views.programs, name="programs"),
    path("programs/<str:code>/", views.program_detail, name="program"),
    path("programs/<str:code>/edit/", views.program_edit, name="program_edit"),
    path("pivot/", views.pivot, name="pivot"),
    path("entry/", views.entry, name="entry"),
    path("entry/template/", views.entry_template, name="entry_template"),
    path("entry/upload/", views.entry_upload, name="entry_upload"),
    path("entry/workflow/", views.entry_workflow, name="entry_workflow"),
    path("orgs/", views.orgs, name="orgs"),
    path("codes/", views.codes, name="codes"),
    path("codes/edit/", views.code_edit, name="code_edit"),
    path("orgs/<str:code>/", views.org_edit, name="org_edit"),
    path("audit/", views.audit, name="audit"),
    path("quality/", views.quality, name="quality"),
    path("", include("iljari.similarity.urls")),
    path("", include("iljari.participants.urls")),
    path("", include("iljari.evaluation.urls")),
    path("", include("iljari.pledges.urls")),
    path("", include("iljari.reports.urls")),
    path("", include("iljari.people.urls")),
    path("", include("iljari.employment.urls")),
    path("", include("iljari.bookings.urls")),
    path("", include("iljari.cases.urls")),
    path("", include("iljari.outcomes.urls")),
    path("", include("iljari.outcomes.episode_urls")),
]
