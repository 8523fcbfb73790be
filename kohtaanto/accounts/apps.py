from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kohtaanto.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
