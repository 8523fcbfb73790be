from django.contrib import admin

from .models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    """Administrators edit the schedule here; each run's state, duration and error are in
    the task results (django-tasks-db's admin)."""

    list_display = ("job", "every_minutes", "enabled", "next_run_at", "last_enqueued_at")
    list_editable = ("every_minutes", "enabled")
    readonly_fields = ("last_enqueued_at", "last_result_id")
