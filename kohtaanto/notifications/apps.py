from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kohtaanto.notifications"
    label = "notifications"
    verbose_name = "Notifications"
