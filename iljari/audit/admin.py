from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "object_repr", "source", "reason"]
    list_filter = ["action", "object_type", "source"]
    search_fields = ["object_repr", "object_id", "actor_label", "reason", "batch_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):  # the trail is written by services only
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
