from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.interchange"
    label = "interchange"
    default_auto_field = "django.db.models.BigAutoField"
