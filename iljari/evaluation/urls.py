"""Program evaluation pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation/weak/", views.weak, name="evaluation_weak"),
    path("evaluation/scheme/", views.scheme, name="evaluation_scheme"),
]
