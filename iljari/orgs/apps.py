from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.orgs"
    label = "orgs"
    default_auto_field = "django.db.models.BigAutoField"
