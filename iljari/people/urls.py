"""The person registry's pages (namespace "people"), included by the shell at the site's root.

Each part of issue 14 keeps its routes in its own block below."""

from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    # --- persons and benefit history, participant lists (helper "benefits") ---
    path("people/", views.person_search, name="search"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("people/lists/", views.list_imports, name="lists"),
    path("people/lists/template/", views.list_template, name="list_template"),
    # --- end of the "benefits" block ---
]
