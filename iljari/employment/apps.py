from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.employment"
    label = "employment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()
