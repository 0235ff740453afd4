from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.bookings"
    label = "bookings"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "일자리카페·정장 대여 / job cafés and suit rental"

    def ready(self) -> None:
        from . import signals

        signals.connect()
