"""The admin of the audit log, and `AuditedModelAdmin`, which every writable admin of
the portal's apps uses so that a change made here leaves an audit entry like any other."""

from django.contrib import admin

from . import audit
from .dates import AdminDateBounds
from .models import AuditEntry


class AuditedModelAdmin(AdminDateBounds, admin.ModelAdmin):
    """A ModelAdmin whose adds, changes and deletes (inline rows included) are audited.

    The entry's action is `<model>.admin_created`, `.admin_changed` or `.admin_deleted`;
    its changes hold the changed fields' old and new values and the admin's own summary.
    It is written where Django writes its admin log, inside the same transaction. Set
    `audited_by_services = True` when `save_model` calls a service that audits already:
    then only deletions are recorded here. Its date fields keep `hongjun.dates`' bounds.
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
