from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "org_unit", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "org_unit__code", "org_unit__name_ko")
    raw_id_fields = ("org_unit", "user")
