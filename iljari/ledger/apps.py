from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from .triggers import ensure_registry_triggers

    connection = connections[using]
    if "ledger_cachetoken" in connection.introspection.table_names():
        ensure_registry_triggers(connection)


class Config(AppConfig):
    name = "iljari.ledger"
    label = "ledger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="ledger_registry_triggers")
