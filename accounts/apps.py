"""Signing in and two-factor authentication (accounts are Django's users; the one model
here is the one-time code a staff account needs to enrol its first device)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
