from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.pledges"
    label = "pledges"
    default_auto_field = "django.db.models.BigAutoField"
