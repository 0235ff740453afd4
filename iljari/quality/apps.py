from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.quality"
    label = "quality"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "자료 검증 / Data quality"
