from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only delivery log for administrators (bodies are never stored)."""

    list_display = ("created_at", "kind", "recipient", "channel", "status", "sent_at")
    list_filter = ("kind", "status", "channel")
    raw_id_fields = ("recipient",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
