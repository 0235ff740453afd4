from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.participants"
    label = "participants"
    default_auto_field = "django.db.models.BigAutoField"
