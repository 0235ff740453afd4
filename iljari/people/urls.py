"""The person registry's officer pages (included into the `web` namespace by the shell as `web:people:...`).

Each part of issue 14 keeps its routes in its own block below."""

from django.urls import path

from . import linkage_views

app_name = "people"

urlpatterns: list = []

# --- record linkage: runs (people.linkage) ------------------------------------------------------------------------
urlpatterns += [
    path("linkage/", linkage_views.linkage_runs, name="linkage_runs"),
    path("linkage/start/", linkage_views.linkage_run_start_view, name="linkage_run_start"),
]
