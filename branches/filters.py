"""The activity list's filters: kind, theme, status, date range and a topic search."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
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
    # Local days as a range of `starts_at`, which its indexes can read; `starts_at__date`
    # converted every activity's time to a date first (all 60,000 of a company's).
    date_from = django_filters.DateFilter(
        label=_("From"), method="starts_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("To"), method="starts_until", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Activity
        fields = ["q", "kind", "theme", "status", "date_from", "date_to"]

    def starts_from(self, queryset, name, value):
        return queryset.filter(starts_at__gte=_midnight(value))

    def starts_until(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_midnight(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(topic__icontains=value) | Q(first_topic_text__icontains=value))


def _midnight(day):
    """The start of a local day, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
