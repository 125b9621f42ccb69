"""The safety app (党建+安全生产): the pledge, hazards and 三学 study, one sub-package each."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Safety")

    def ready(self):
        from hongjun import integrity

        # Importing them registers their scans with the outbox.
        from .hazards import reminders as _hazards  # noqa: F401
        from .pledges import reminders as _pledges  # noqa: F401
        from .pledges.chain import current_head
        from .study import reminders as _study  # noqa: F401

        # The chain's head joins the daily witness kept outside the database.
        integrity.register_head("pledges", current_head)
