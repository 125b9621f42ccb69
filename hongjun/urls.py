from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import accounts, audit_views, views

accounts.install_admin_site()

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("accounts/login/", accounts.PortalLoginView.as_view(), name="login"),
    path("accounts/login/code/", accounts.login_code, name="login_code"),
    path("accounts/two-factor/", accounts.two_factor, name="two_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("branches.urls")),
    path("", include("hongjun.inbox_urls")),
    path("", include("initiatives.urls")),
    path("", include("safety.pledges.urls")),
    path("", include("safety.hazards.urls")),
    path("", include("safety.study.urls")),
    path("affairs/", include("branches.affairs_urls")),
    path("", include("hongjun.dashboard.urls")),
]

# The benchmark's floor (a page with no database work): only when BENCH_FLOOR is on.
if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

admin.site.site_header = admin.site.site_title = "红领·铝航"
