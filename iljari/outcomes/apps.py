from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.outcomes"
    label = "outcomes"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "성과 지표 / outcomes"

    def ready(self) -> None:
        from . import episode_signals, episode_views

        episode_signals.connect()  # placements and follow-ups keep their employment episodes current
        episode_views.connect()  # the person page's "고용 이력" section
