from importlib import import_module

from django.apps import AppConfig


class Config(AppConfig):
    name = "iljari.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "지원금·공모 사례 / subsidy and open-call cases"

    def ready(self) -> None:
        # the modules that register flow conditions (cases.conditions.CONDITIONS) and signal handlers
        # --- slice blocks (issue 17): import the modules that register conditions or connect signals ---
        # --- slice money: the staged payments' scheduling (case_moved) and the still_employed condition ---
        from . import (
            conditions,  # noqa: F401
            staged,  # noqa: F401
        )
        # --- end money ---
        import_module("iljari.cases.subsidy_views")  # slice "subsidy": the case page's subsidy panel
        # --- slice calls ---
        for module in ("ranking", "call_panels"):  # above_cutoff, within_quota; the call panel
            __import__(f"iljari.cases.{module}")
        # --- end calls ---
