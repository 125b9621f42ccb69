"""The list page's filters: theme, status, kind and branch."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from hongjun.themes import Theme

from .models import Initiative


class InitiativeFilter(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label=_("theme"))
    status = django_filters.ChoiceFilter(
        choices=Initiative.Status.choices, label=_("project status")
    )
    kind = django_filters.ChoiceFilter(choices=Initiative.Kind.choices, label=_("kind"))
    branch = django_filters.ModelChoiceFilter(
        queryset=Branch.objects.order_by("order", "name"), label=_("branch")
    )

    class Meta:
        model = Initiative
        fields = ["theme", "status", "kind", "branch"]
