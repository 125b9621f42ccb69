"""The committee's view of the audit log: browse and filter, never edit."""

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from hongjun.dates import BoundedForm

from . import access, audit_words
from .forms import QuickSelect
from .models import AuditEntry


class AuditFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(label=_("Person"), method="filter_person")
    branch = django_filters.ModelChoiceFilter(
        label=_("Branch"),
        queryset=Branch.objects.order_by("order", "name"),
        method="filter_branch",
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(key, label) for key, (label, _prefixes) in audit_words.KINDS.items()],
        method="filter_kind",
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = BoundedForm
        model = AuditEntry
        fields = []

    def filter_person(self, queryset, name, value):
        """Who acted (name or account) or whom the record names."""
        return queryset.filter(
            Q(actor__member__name__icontains=value)
            | Q(actor__username__iexact=value)
            | Q(object_repr__icontains=value)
        )

    def filter_branch(self, queryset, name, value):
        return queryset.filter(audit_words.branch_filter(value))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(audit_words.kind_filter(value))


@login_required
def audit_log(request):
    access.require(access.can_read_audit_log(request.user))
    entries = AuditEntry.objects.select_related("actor__member").order_by("-at", "-id")
    filtered = AuditFilter(request.GET or None, queryset=entries)
    page = Paginator(filtered.qs, 50).get_page(request.GET.get("page"))
    page.object_list = audit_words.describe(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit_log.html", {"filter": filtered, "page": page, "query": query.urlencode()}
    )
