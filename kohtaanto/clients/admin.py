"""Admin for clients shows only organisational fields (unit, team, worker, status).

Client content (names, identity code, plan, meetings) is not in the admin: administrators
open it through the client page with a recorded reason. Opening a client here is audited.
"""

from django.contrib import admin

from kohtaanto.audit.services import audit_record

from .models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = (
        "external_id",
        "unit",
        "team",
        "responsible_worker",
        "job_search_status",
        "registration_date",
    )
    list_filter = ("unit", "team", "job_search_status")
    search_fields = ("external_id",)
    fields = ("external_id", "unit", "team", "office", "responsible_worker", "job_search_status")
    readonly_fields = ("external_id", "job_search_status")
    list_select_related = ("unit", "team", "responsible_worker")
    raw_id_fields = ("responsible_worker",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            audit_record(
                actor=request.user,
                action="read",
                target_type="client.admin",
                target_id=obj.pk,
                subject_client_id=obj.pk,
                purpose="administration: organisational fields",
                request_id=getattr(request, "request_id", ""),
            )
        return obj

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="update",
            target_type="client.admin",
            target_id=obj.pk,
            subject_client_id=obj.pk,
            purpose="administration: reassignment",
            request_id=getattr(request, "request_id", ""),
            detail={"changed": form.changed_data},
        )
