"""The person registry's pages (namespace `people`, included into the shell's `web` namespace: `web:people:…`).
Each slice of issue 14 keeps its routes in its own block."""

from django.urls import path

from . import alert_views, linkage_views, views

app_name = "people"

urlpatterns = [
    # --- persons and benefit history, participant lists (helper "benefits") ---
    path("people/", views.person_search, name="search"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("people/lists/", views.list_imports, name="lists"),
    path("people/lists/template/", views.list_template, name="list_template"),
    # --- end of the "benefits" block ---
    # --- the double-receipt check: alerts, link review, recovery, rules (people.alert_views) -----------------
    path("alerts/", alert_views.alerts, name="alerts"),
    path("alerts/export/", alert_views.alerts_export, name="alerts_export"),
    path("alerts/<int:alert_id>/", alert_views.alert_detail, name="alert"),
    path("links/", alert_views.links, name="links"),
    path("links/<int:link_id>/", alert_views.link_detail, name="link"),
    path("recoveries/", alert_views.recoveries, name="recoveries"),
    path("recoveries/<int:case_id>/", alert_views.recovery_detail, name="recovery"),
    path("benefit-rules/", alert_views.benefit_rules, name="benefit_rules"),
    # --- end of the double-receipt check's block -------------------------------------------------------------
    # --- record linkage: runs (people.linkage) ---------------------------------------------------------------
    path("linkage/", linkage_views.linkage_runs, name="linkage_runs"),
    path("linkage/start/", linkage_views.linkage_run_start_view, name="linkage_run_start"),
]
