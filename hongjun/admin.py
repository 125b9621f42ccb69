from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import reminders
from .models import (
    AuditEntry,
    ExportJob,
    GreenPowerShare,
    Reminder,
    ReminderPreference,
    ScoreWeight,
)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services and never edited."""

    list_display = ["at", "actor", "action", "object_repr", "ip_address"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action", "actor__username"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The outbox: what was sent, what waits, what failed and why; failed rows can be retried.

    Rows are written by services and scans only; here they are read, retried or deleted.
    """

    list_display = ["due_on", "kind_label", "recipient", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "due_on", "emailed"]
    search_fields = ["subject", "recipient__username", "recipient__member__name"]
    list_select_related = ["recipient"]
    date_hierarchy = "due_on"
    actions = ["retry"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return reminders.kind_label(obj.kind)

    @admin.action(description=_("Retry delivery of the selected failed reminders"))
    def retry(self, request, queryset):
        count = reminders.retry_failed(queryset, by=request.user)
        self.message_user(request, _("%(count)d reminders queued again.") % {"count": count})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email_enabled"]
    list_filter = ["kind", "email_enabled"]
    search_fields = ["user__username"]
    list_select_related = ["user"]


# The dashboard's settings and jobs: entered on the committee's own pages, which check the
# weights add up to 100 and write the audit log; here they are read.


@admin.register(GreenPowerShare)
class GreenPowerShareAdmin(admin.ModelAdmin):
    list_display = ["month", "percent", "note", "entered_by", "entered_at"]
    date_hierarchy = "month"
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(ScoreWeight)
class ScoreWeightAdmin(admin.ModelAdmin):
    """Read-only: a change here could break the sum of 100; the dashboard's page checks it."""

    list_display = ["indicator", "weight"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["created_at", "year", "state", "progress", "requested_by", "finished_at"]
    list_filter = ["state", "year"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
