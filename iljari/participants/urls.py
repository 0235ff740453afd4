"""Officers' round pages (included into the `web` namespace by the shell)."""

from django.urls import path

from . import round_views, rule_views, views

urlpatterns = [
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/action/", views.round_action, name="round_action"),
    path("rounds/<int:round_id>/import/", views.round_import, name="round_import"),
    path("rounds/<int:round_id>/rules/", rule_views.round_rules, name="round_rules"),
    path("rounds/<int:round_id>/enter/", views.round_enter, name="round_enter"),
    path("rounds/<int:round_id>/applicants/<int:applicant_id>/", views.applicant_edit, name="applicant_edit"),
    path("rounds/<int:round_id>/export/<str:kind>/", views.round_export, name="round_export"),
    path("rounds/new/", round_views.round_new, name="round_new"),
    path("rounds/<int:round_id>/edit/", round_views.round_edit, name="round_edit"),
    path("rounds/<int:round_id>/payroll/", rule_views.round_payroll, name="round_payroll"),
]
