"""The admin of the shared models, and `AuditedModelAdmin`, which every writable admin of
the portal's apps uses so that a change made here leaves an audit entry like any other."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import audit, reminders
from .models import (
    AuditEntry,
    ExportJob,
    GreenPowerShare,
    Reminder,
    ReminderPreference,
    ScoreWeight,
)


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose adds, changes and deletes (inline rows included) are audited.

    The entry's action is `<model>.admin_created`, `.admin_changed` or `.admin_deleted`;
    its changes hold the changed fields' old and new values and the admin's own summary.
    It is written where Django writes its admin log, inside the same transaction. Set
    `audited_by_services = True` when `save_model` calls a service that audits already:
    then only deletions are recorded here.
    """

    audited_by_services = False

    def save_model(self, request, obj, form, change):
        before = type(obj)._base_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            obj._audit_changes = audit.diff(before, form.cleaned_data, form.changed_data)
        else:
            obj._audit_changes = {
                name: [None, audit._jsonable(form.cleaned_data.get(name))]
                for name in form.changed_data
            }

    def save_formset(self, request, form, formset, change):
        removed = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in removed:
            self._record(request, obj, "deleted")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, obj, "created")
        for obj, fields in formset.changed_objects:
            self._record(request, obj, "changed", {"fields": fields})

    def log_addition(self, request, obj, message):
        if not self.audited_by_services:
            self._record(request, obj, "created", getattr(obj, "_audit_changes", {}), message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not self.audited_by_services:
            self._record(request, obj, "changed", getattr(obj, "_audit_changes", {}), message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, "deleted")
        return super().log_deletions(request, queryset)

    @staticmethod
    def _record(request, obj, verb, changes=None, message=None):
        details = {**(changes or {}), "via": "admin"}
        if message:
            details["admin_message"] = message
        audit.record(f"{obj._meta.model_name}.admin_{verb}", obj, request.user, details)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the portal's services or the database's triggers write: to look at, never to
    edit (the audit log, signatures, party-affairs history, the summaries)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is written by services and never edited."""

    list_display = ["at", "actor", "action", "object_repr", "ip_address"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "action", "actor__username"]
    list_select_related = ["actor", "content_type"]


class ReminderKindFilter(admin.SimpleListFilter):
    """The kinds the portal knows, without asking the outbox for its distinct values."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(code, kind.label) for code, kind in reminders.KINDS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Reminder)
class ReminderAdmin(AuditedModelAdmin):
    """The outbox: what was sent, what waits, what failed and why; failed rows can be retried.

    Rows are written by services and scans only; here they are read, retried or deleted.
    """

    list_display = ["due_on", "kind_label", "recipient", "subject", "state", "attempts", "sent_at"]
    # No date hierarchy: its month links cost a scan of the whole outbox on every page.
    list_filter = ["state", ReminderKindFilter, "due_on", "emailed"]
    search_fields = ["subject", "recipient__username", "recipient__member__name"]
    list_select_related = ["recipient"]
    show_full_result_count = False
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
class ReminderPreferenceAdmin(AuditedModelAdmin):
    list_display = ["user", "kind", "email_enabled"]
    list_filter = ["kind", "email_enabled"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


# The dashboard's settings and jobs: entered on the committee's own pages, which check the
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
    list_display = ["created_at", "year", "state", "progress", "requested_by", "finished_at"]
    list_filter = ["state", "year"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
