"""The citizens' and employers' job pages (no login; slice "registry"): job search, a vacancy, registering as a
seeker, an employer's vacancy form."""

from django.urls import path  # noqa: F401

urlpatterns: list = [
]
