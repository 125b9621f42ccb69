"""The committee's view of the audit log: browse and filter, never edit."""

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hongjun.dates import BoundedForm

from . import access
from .models import AuditEntry

OUR_APPS = ["hongjun", "branches", "initiatives", "safety", "auth"]


class AuditFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="startswith")
    actor = django_filters.CharFilter(label=_("Actor (account)"), field_name="actor__username")
    record = django_filters.CharFilter(
        label=_("Record contains"), field_name="object_repr", lookup_expr="icontains"
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Record type"),
        queryset=ContentType.objects.filter(app_label__in=OUR_APPS).order_by("app_label", "model"),
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


@login_required
def audit_log(request):
    access.require(access.can_read_audit_log(request.user))
    entries = AuditEntry.objects.select_related("actor", "content_type").order_by("-at", "-id")
    filtered = AuditFilter(request.GET or None, queryset=entries)
    page = Paginator(filtered.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit_log.html", {"filter": filtered, "page": page, "query": query.urlencode()}
    )
