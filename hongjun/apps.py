"""The project package is also an app: it owns the audit log (`AuditEntry`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HongjunConfig(AppConfig):
    name = "hongjun"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
