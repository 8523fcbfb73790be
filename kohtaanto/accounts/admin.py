from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active")
    list_filter = ("role", "team__unit", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "Kohtaanto",
            {"fields": ("role", "staff_code", "unit", "team", "office", "languages", "preferred_language")},
        ),
    )
