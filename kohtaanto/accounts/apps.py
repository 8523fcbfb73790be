from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kohtaanto.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import stamp_login_time

        user_logged_in.connect(stamp_login_time, dispatch_uid="kohtaanto-stamp-login-time")
