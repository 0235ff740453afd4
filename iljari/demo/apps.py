from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "데모 자료 / Demo data"
