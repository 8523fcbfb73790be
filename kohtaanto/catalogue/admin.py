"""Admin for providers, provider members and services. State changes go through the
workflow (services.service_transition), so the admin shows the state read-only."""

from django import forms
from django.contrib import admin

from kohtaanto.audit.services import audit_record

from .formats.record import RecordError, normalize_record
from .models import Provider, ProviderMember, Service
from .records import CONTENT_FIELDS


class ServiceAdminForm(forms.ModelForm):
    """Checks the edited JSON fields with the same rules as every other way in."""

    class Meta:
        model = Service
        fields = ("provider", "ptv_id", *CONTENT_FIELDS)

    def clean(self):
        data = super().clean()
        rec = {f: data.get(f) for f in CONTENT_FIELDS if f in data}
        for f in ("charge_type", "benefit_effect", "required_finnish_level", "required_swedish_level"):
            if f in rec:
                rec[f] = rec[f] or None
        try:
            normalize_record({"id": "admin-check", "name": {}, **rec})
        except RecordError as exc:
            field = exc.field.split(".")[0].split("[")[0]
            raise forms.ValidationError(
                {field if field in self.fields else None: f"{exc.field}: {exc.message}"}
            ) from None
        return data


class MemberInline(admin.TabularInline):
    model = ProviderMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "business_id", "email")
    search_fields = ("name", "business_id")
    inlines = [MemberInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceAdminForm
    list_display = ("name_fi", "provider", "kind", "state", "reviewed_at", "external_id")
    list_filter = ("state", "kind", "provider")
    search_fields = ("name_fi", "external_id", "ptv_id")
    readonly_fields = ("external_id", "state", "reviewed_at", "updated_by", "created_at", "updated_at")
    list_select_related = ("provider",)

    def save_model(self, request, obj, form, change):
        from .records import search_text

        obj.name_fi = (obj.name or {}).get("fi", "")[:200]
        obj.search_text = search_text(obj)
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="update" if change else "create",
            target_type="catalogue.service.admin",
            target_id=obj.pk,
            purpose="catalogue administration",
            request_id=getattr(request, "request_id", ""),
            detail={"changed": form.changed_data},
        )
