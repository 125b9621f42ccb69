"""The Django admin behind two-factor sign-in (django-otp's site, with the portal's login)."""

from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.admin import OTPAdminSite

from .views import safe_next


class PortalAdminSite(OTPAdminSite):
    """The Django admin, open only to staff verified by a TOTP device in this session.

    Its login goes through the portal's own two steps instead of the admin's form.
    """

    def login(self, request, extra_context=None):
        target = safe_next(request, reverse("admin:index"))
        if not request.user.is_authenticated:
            return redirect_to_login(target)
        messages.warning(request, _("The administration requires two-factor sign-in."))
        return redirect(f"{reverse('two_factor')}?{REDIRECT_FIELD_NAME}={target}")


def install_admin_site():
    """Make `django.contrib.admin.site` require two-factor (django-otp's documented way)."""
    admin.site.__class__ = PortalAdminSite
