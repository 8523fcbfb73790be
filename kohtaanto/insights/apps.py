from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "kohtaanto.insights"
    label = "insights"
    verbose_name = "Insights"
