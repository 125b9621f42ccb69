"""The project package is also an app: it owns the audit log (`AuditEntry`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HongjunConfig(AppConfig):
    name = "hongjun"
    verbose_name = _("Portal")
