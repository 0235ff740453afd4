"""Similar and duplicate programs, review decisions, next year's planning list."""

from django.urls import path

from . import views

urlpatterns = [
    path("programs/<str:code>/similar/", views.similar_to, name="program_similar"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/decide/", views.decide, name="duplicates_decide"),
    path("planning/", views.planning, name="planning"),
]
