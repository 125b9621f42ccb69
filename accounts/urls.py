"""Signing in and out, two-factor and the password change.

No `app_name`: Django's auth views and settings (LOGIN_URL) reverse these names bare
("login", "password_change_done"), as they always were.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/login/code/", views.login_code, name="login_code"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("profile/", views.profile, name="profile"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
