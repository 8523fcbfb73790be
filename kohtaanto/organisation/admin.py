from django.contrib import admin

from .models import Municipality, Office, ServiceUnit, Team


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "address")


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "municipality", "planned_clients", "person_years")
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "segment", "planned_experts", "planned_social_workers")
    list_filter = ("unit",)
