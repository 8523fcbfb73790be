from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ("time", "actor_name", "actor_role", "action", "target_type", "target_id", "purpose")
    list_filter = ("action", "actor_role", "target_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
