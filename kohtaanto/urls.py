from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kohtaanto.accounts import oidc
from kohtaanto.accounts import views as account_views
from kohtaanto.api import api
from kohtaanto.pages import views as pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    # Single sign-on; both answer 404 unless KOHTAANTO_OIDC_CLIENT_ID is set.
    path("accounts/oidc/start/", oidc.login_start, name="oidc_authentication_init"),
    path("accounts/oidc/callback/", oidc.login_callback, name="oidc_authentication_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("kohtaanto.pages.urls")),
    path("", include("kohtaanto.clients.urls")),
    path("", include("kohtaanto.outcomes.urls")),
    path("", include("kohtaanto.jobs.urls")),
    path("", include("kohtaanto.accesslog.urls")),
    path("", include("kohtaanto.catalogue.urls")),
    path("", include("kohtaanto.referrals.urls")),
    path("", include("kohtaanto.portal.urls")),
    path("", include("kohtaanto.insights.urls")),
    path("", include("kohtaanto.market.urls")),
    path("", include("kohtaanto.employers.urls")),
    path("", include("kohtaanto.procurement.urls")),
    path("", include("kohtaanto.typ.urls")),
    path("", include("kohtaanto.ohjaamo.urls")),
    path("", include("kohtaanto.subsidies.urls")),
]

# 403 and 404 use Django's views with our templates (403.html, 404.html); 500 needs the
# request for the layout, so it has its own view.
handler500 = "kohtaanto.web.errors.server_error"
handler403 = "kohtaanto.web.errors.forbidden"
