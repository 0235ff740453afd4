from django.contrib.auth import views as auth_views
from django.urls import path

from iljari.evaluation import views as evaluation_views
from iljari.participants import views as participant_views
from iljari.pledges import views as pledge_views
from iljari.reports import jobs as report_jobs
from iljari.reports import report_views as report_pages
from iljari.reports import views as report_views
from iljari.similarity import views as similarity_views

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
    path("programs/<str:code>/similar/", similarity_views.similar_to, name="program_similar"),
    path("duplicates/", similarity_views.duplicates, name="duplicates"),
    path("duplicates/decide/", similarity_views.decide, name="duplicates_decide"),
    path("planning/", similarity_views.planning, name="planning"),
    path("rounds/", participant_views.rounds, name="rounds"),
    path("rounds/<int:round_id>/", participant_views.round_detail, name="round"),
    path("rounds/<int:round_id>/action/", participant_views.round_action, name="round_action"),
    path("rounds/<int:round_id>/import/", participant_views.round_import, name="round_import"),
    path("rounds/<int:round_id>/rules/", participant_views.round_rules, name="round_rules"),
    path("rounds/<int:round_id>/enter/", participant_views.round_enter, name="round_enter"),
    path("rounds/<int:round_id>/applicants/<int:applicant_id>/", participant_views.applicant_edit,
         name="applicant_edit"),
    path("rounds/<int:round_id>/export/<str:kind>/", participant_views.round_export, name="round_export"),
    path("evaluation/", evaluation_views.evaluation, name="evaluation"),
    path("evaluation/weak/", evaluation_views.weak, name="evaluation_weak"),
    path("evaluation/scheme/", evaluation_views.scheme, name="evaluation_scheme"),
    path("programs/<str:code>/report-text/<int:year>/", report_views.program_note, name="program_note"),
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
    path("pledges/", pledge_views.pledge_list, name="pledges"),
    path("reports/publish/", report_views.publish, name="publish"),
    path("reports/coefficients/", report_views.coefficients, name="coefficients"),
    path("reports/jobs/<int:job_id>/", report_jobs.job_status, name="report_job"),
    path("reports/jobs/<int:job_id>/file/", report_jobs.job_file, name="report_job_file"),
    path("reports/<slug:slug>/", report_pages.report_page, name="report"),
    path("pledges/<str:number>/", pledge_views.pledge_detail, name="pledge"),
    path("pledges/<str:number>/update/", pledge_views.pledge_update, name="pledge_update"),
]
