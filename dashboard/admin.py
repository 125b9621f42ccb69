"""The dashboard's settings and jobs in the admin."""

from django.contrib import admin

from hongjun.admin import AuditedModelAdmin

from .models import ExportJob, GreenPowerShare, ScoreWeight

# Entered on the committee's own pages, which check the
# weights add up to 100 and write the audit log; here they are read.


@admin.register(GreenPowerShare)
class GreenPowerShareAdmin(AuditedModelAdmin):
    list_display = ["month", "percent", "note", "entered_by", "entered_at"]
    list_select_related = ["entered_by"]
    date_hierarchy = "month"
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(ScoreWeight)
class ScoreWeightAdmin(AuditedModelAdmin):
    """Read-only: a change here could break the sum of 100; the dashboard's page checks it."""

    list_display = ["indicator", "weight"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(AuditedModelAdmin):
    list_display = ["created_at", "kind", "branch", "year", "state", "progress", "requested_by"]
    list_filter = ["kind", "state", "year"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
