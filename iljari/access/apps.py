from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.access"
    label = "access"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "역할과 권한 / Roles and permissions"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (installs the policy behind Model.objects.restrict)
