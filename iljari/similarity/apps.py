from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.similarity"
    label = "similarity"
    default_auto_field = "django.db.models.BigAutoField"
