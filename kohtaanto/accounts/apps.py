from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kohtaanto.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_login_time

        user_logged_in.connect(stamp_login_time, dispatch_uid="kohtaanto-stamp-login-time")
