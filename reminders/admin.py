"""The outbox in the admin: what was sent (and by which channels), what waits, what failed;
and the members' choices of channels."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun.admin import AuditedModelAdmin

from . import services
from .models import Reminder, ReminderPreference


class ReminderKindFilter(admin.SimpleListFilter):
    """The kinds the portal knows, without asking the outbox for its distinct values."""

    title = pgettext_lazy("reminder", "kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(code, kind.label) for code, kind in services.KINDS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Reminder)
class ReminderAdmin(AuditedModelAdmin):
    """The outbox: what was sent, what waits, what failed and why; failed rows can be retried.

    Rows are written by services and scans only; here they are read, retried or deleted.
    """

    list_display = [
        "due_on",
        "kind_label",
        "recipient",
        "subject",
        "state",
        "attempts",
        "delivered_by",
        "sent_at",
    ]
    # No date hierarchy: its month links cost a scan of the whole outbox on every page.
    list_filter = ["state", ReminderKindFilter, "due_on", "emailed"]
    search_fields = ["subject", "recipient__username", "recipient__member__name"]
    list_select_related = ["recipient"]
    show_full_result_count = False
    actions = ["retry"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    @admin.display(description=pgettext_lazy("reminder", "kind"), ordering="kind")
    def kind_label(self, obj):
        return services.kind_label(obj.kind)

    @admin.action(description=_("Retry delivery of the selected failed reminders"))
    def retry(self, request, queryset):
        count = services.retry_failed(queryset, by=request.user)
        self.message_user(request, _("%(count)d reminders queued again.") % {"count": count})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(AuditedModelAdmin):
    list_display = ["user", "kind", "email_enabled", "wecom_enabled", "dingtalk_enabled"]
    list_filter = ["kind", "email_enabled", "wecom_enabled", "dingtalk_enabled"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
