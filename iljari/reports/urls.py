"""Officers' report pages: reports from the ledger, publishing, background jobs, report texts, coefficients."""

from django.urls import path

from . import jobs, report_views, views
from .jobplans import views as plans

urlpatterns = [
    path("programs/<str:code>/report-text/<int:year>/", views.program_note, name="program_note"),
    path("reports/publish/", views.publish, name="publish"),
    path("reports/coefficients/", views.coefficients, name="coefficients"),
    path("reports/jobs/<int:job_id>/", jobs.job_status, name="report_job"),
    path("reports/jobs/<int:job_id>/file/", jobs.job_file, name="report_job_file"),
    path("reports/<slug:slug>/", report_views.report_page, name="report"),
    # 지역일자리 공시제: the job plans (published through reports/publish/)
    path("job-plans/", plans.job_plans, name="job_plans"),
    path("job-plans/<str:org>/<str:kind>/<int:year>/", plans.job_plan, name="job_plan"),
    path("job-plans/<str:org>/<str:kind>/<int:year>/edit/", plans.job_plan_edit, name="job_plan_edit"),
]
