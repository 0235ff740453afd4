from django.conf import settings
from django.db import models

from iljari.core.scoping import RestrictedManager


class AuditEntry(models.Model):
    """변경 이력: who changed what, when, from what to what, and why — from any door."""

    class Action(models.TextChoices):
        CREATE = "create", "생성 / create"
        UPDATE = "update", "수정 / update"
        DELETE = "delete", "삭제 / delete"
        IMPORT = "import", "일괄 등록 / import"
        REVEAL = "reveal", "개인정보 열람 / reveal"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=60, db_index=True)  # "programs.program"
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=10, default="web")  # web, api, cli, import, task
    batch_id = models.CharField(max_length=32, blank=True, db_index=True)

    objects = RestrictedManager()

    class Scope:
        global_only = True

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
