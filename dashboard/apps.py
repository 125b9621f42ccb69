"""The committee's dashboard (党建看板): indicators, the branches' score, tables and exports."""

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = pgettext_lazy("dashboard", "Dashboard")
