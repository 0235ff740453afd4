from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import report_views  # noqa: F401  (registers the ledger reports' builders for publishing)
        from .jobplans import report  # noqa: F401  (and the job plans of the disclosure)
