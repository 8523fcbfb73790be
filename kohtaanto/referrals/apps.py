from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kohtaanto.referrals"
    label = "referrals"
    verbose_name = "Referrals"
