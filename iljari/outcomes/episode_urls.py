"""The employment episodes' pages (namespace `episodes`, included into the shell's `web` namespace:
`web:episodes:…`)."""

from django.urls import path

from . import episode_views

app_name = "episodes"

urlpatterns = [
    path("episodes/imports/", episode_views.imports, name="imports"),
    path("episodes/imports/new/", episode_views.import_new, name="import"),
    path("episodes/imports/sample/", episode_views.sample, name="sample"),
]
