"""The list page's filters: theme, status, kind, branch or 党总支, and the dates it runs."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch
from hongjun.dates import BoundedForm
from hongjun.forms import QuickSelect
from hongjun.themes import Theme

from .models import Initiative


def _select():
    """A select that sends the form when it changes (`QuickSelect`, for long lists)."""
    return QuickSelect(attrs={"class": "form-select form-select-sm", "data-autosubmit": True})


class InitiativeFilter(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(
        choices=Theme.choices,
        label=pgettext_lazy("project", "theme"),
        empty_label=pgettext_lazy("project", "all"),
        widget=_select(),
    )
    status = django_filters.ChoiceFilter(
        choices=Initiative.Status.choices,
        label=pgettext_lazy("project", "project status"),
        empty_label=pgettext_lazy("project", "all"),
        widget=_select(),
    )
    kind = django_filters.ChoiceFilter(
        choices=Initiative.Kind.choices,
        label=pgettext_lazy("project", "kind"),
        empty_label=pgettext_lazy("project", "all"),
        widget=_select(),
    )
    # Its choices come from plain rows in `__init__`, not 150 Branch instances; an id
    # outside them is refused by the form and the filter ignored, as for any choice.
    branch = django_filters.ChoiceFilter(
        label=_("branch"), empty_label=pgettext_lazy("project", "all"), widget=_select()
    )

    # A 党总支's projects, as the dashboard links to them (hidden: the list has no picker).
    general_branch = django_filters.NumberFilter(
        field_name="branch__general_branch", widget=forms.HiddenInput
    )
    # Projects running at some time in [period_from, period_to]: the dashboard's period.
    period_from = django_filters.DateFilter(
        field_name="ends_on",
        lookup_expr="gte",
        label=_("Running on or after"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    period_to = django_filters.DateFilter(
        field_name="starts_on",
        lookup_expr="lte",
        label=_("Running on or before"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = BoundedForm
        model = Initiative
        fields = ["theme", "status", "kind", "branch", "general_branch", "period_from", "period_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the form's own field: a choice given to the filter is deep-copied into it.
        self.form.fields["branch"].choices = list(
            Branch.objects.order_by("order", "name").values_list("pk", "name")
        )
