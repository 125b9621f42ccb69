from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffairsConfig(AppConfig):
    """发展党员, 党费, 组织关系转接 and 民主评议党员: the everyday party affairs."""

    name = "affairs"
    verbose_name = _("Party affairs")

    def ready(self):
        from . import reminders  # noqa: F401 (registers the scans with the outbox)
