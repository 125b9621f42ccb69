"""Admin for projects: for looking things up; changes go through the portal's pages."""

from django.contrib import admin

from hongjun.admin import AuditedModelAdmin
from hongjun.dates import AdminDateBounds

from .models import Application, Evidence, Initiative, Milestone, OutcomeFigure, ProgressReport


class MilestoneInline(AdminDateBounds, admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(AuditedModelAdmin):
    list_display = ["title", "kind", "theme", "status", "branch", "lead", "starts_on", "ends_on"]
    list_filter = ["kind", "theme", "status"]
    search_fields = ["title"]
    list_select_related = ["branch", "lead"]
    readonly_fields = ["status", "percent_done", "rating"]
    raw_id_fields = ["lead", "team", "branch"]
    inlines = [MilestoneInline]


@admin.register(Application)
class ApplicationAdmin(AuditedModelAdmin):
    list_display = ["initiative", "branch", "team_kind", "created_at"]
    list_select_related = ["initiative", "branch"]
    raw_id_fields = ["team", "lead", "submitted_by"]
    autocomplete_fields = ["initiative"]


class OutcomeFigureInline(admin.TabularInline):
    model = OutcomeFigure
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    raw_id_fields = ["initiative", "uploaded_by"]


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedModelAdmin):
    list_display = ["initiative", "percent", "reported_by", "created_at"]
    list_select_related = ["initiative", "reported_by"]
    raw_id_fields = ["initiative", "reported_by"]
    inlines = [OutcomeFigureInline, EvidenceInline]
