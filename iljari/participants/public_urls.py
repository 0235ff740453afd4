"""The citizens' application pages (no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.open_rounds, name="apply_list"),
    path("<int:round_id>/", views.apply, name="apply"),
]
