"""The activity list's filters: kind, theme, status, date range and a topic search."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hongjun.themes import Theme

from .models import Activity, ActivityKind


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search topics"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    theme = django_filters.ChoiceFilter(label=_("Theme"), choices=Theme.choices)
    status = django_filters.ChoiceFilter(
        label=Activity._meta.get_field("status").verbose_name, choices=Activity.Status.choices
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="starts_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Activity
        fields = ["q", "kind", "theme", "status", "date_from", "date_to"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(topic__icontains=value) | Q(first_topic_text__icontains=value))
