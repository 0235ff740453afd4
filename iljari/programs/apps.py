from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.programs"
    label = "programs"
    default_auto_field = "django.db.models.BigAutoField"
