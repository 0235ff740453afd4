from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.evaluation"
    label = "evaluation"
    default_auto_field = "django.db.models.BigAutoField"
