"""The portal's URLs: the kernel's few pages, then each app's under its own prefix."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.admin_site import install_admin_site

from . import audit_views, views

install_admin_site()

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("branches.urls")),
    path("", include("reminders.urls")),
    path("", include("initiatives.urls")),
    path("", include("safety.pledges.urls")),
    path("", include("safety.hazards.urls")),
    path("", include("safety.study.urls")),
    path("affairs/", include("affairs.urls")),
    path("", include("dashboard.urls")),
    path("import/", include("onboarding.urls")),
]

# The benchmark's floor (a page with no database work): only when BENCH_FLOOR is on.
if settings.BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

admin.site.site_header = admin.site.site_title = "红领·铝航"
