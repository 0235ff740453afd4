from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.pledges"
    label = "pledges"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import reports  # noqa: F401  (registers the pledge card as a publishable report)
