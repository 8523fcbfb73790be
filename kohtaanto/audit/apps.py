from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kohtaanto.audit"
    label = "audit"
    verbose_name = "Audit log"
