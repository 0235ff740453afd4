"""Outcome pages (namespace `outcomes`, included into the shell's `web` namespace: `web:outcomes:…`). Each slice of
issue 18 keeps its routes in its own block."""

from django.urls import path

from . import grade_views, history_views, views

app_name = "outcomes"

urlpatterns = [
    # --- indicators and runs (slice "indicators") ---
    path("outcomes/", views.runs, name="runs"),
    path("outcomes/run/", views.run_start, name="run_start"),
    path("outcomes/indicators/", views.indicators, name="indicators"),
    path("outcomes/indicators/<str:code>/", views.indicator, name="indicator"),
    path("outcomes/<int:run_id>/", views.run_detail, name="run"),
    path("outcomes/<int:run_id>/publish/", views.run_publish_view, name="run_publish"),
    path("outcomes/<int:run_id>/<str:code>/<str:indicator>/", views.trace, name="trace"),
    # --- end of "indicators" ---
    # --- grades (slice "grades") ---
    path("outcomes/<int:run_id>/grades/", grade_views.grades, name="grades"),
    path("outcomes/<int:run_id>/grade/", grade_views.grades_compute_view, name="grades_compute"),
    path("outcomes/<int:run_id>/sunset/", grade_views.sunset, name="sunset"),
    path("outcomes/<int:run_id>/grades.xlsx", grade_views.grades_xlsx, name="grades_xlsx"),
    path("outcomes/<int:run_id>/grades/<str:code>/cut/", grade_views.grade_cut, name="grade_cut"),
    # --- end of "grades" ---
    # --- history (slice "history": the council's five years) ---
    path("outcomes/history/", history_views.history, name="history"),
    path("outcomes/history.xlsx", history_views.history_xlsx, name="history_xlsx"),
    path("outcomes/programs/<str:code>/", history_views.program_outcomes, name="program"),
    # --- end of "history" ---
]
