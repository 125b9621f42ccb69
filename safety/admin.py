"""The Django admin of the safety models: pledge drafts editable; signatures, tallies read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hongjun.admin import AuditedModelAdmin, ReadOnlyAdmin
from hongjun.dates import AdminDateBounds

from .models import (
    Hazard,
    MentorPair,
    PledgeChain,
    PledgeSignature,
    PledgeTally,
    PledgeVersion,
    SafetyZone,
    StudyAttendance,
    StudySession,
    StudyTally,
    Violation,
)


@admin.register(PledgeVersion)
class PledgeVersionAdmin(AuditedModelAdmin):
    """Drafts are edited here or in the portal; a published version is read-only everywhere."""

    audited_by_services = True  # saved through the services, which audit; deletes here

    list_display = ["title", "year", "published_at", "published_by"]
    list_filter = ["year"]
    fields = ["year", "title", "text", "published_at", "published_by"]
    readonly_fields = ["published_at", "published_by"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def save_model(self, request, obj, form, change):
        # Drafts through the services, so the audit log has them as well.
        from .pledges import services

        data = {f: form.cleaned_data[f] for f in services.VERSION_FIELDS}
        if change:
            services.update_version(obj, data, by=request.user)
        else:
            obj.pk = services.create_version(data, by=request.user).pk


@admin.register(PledgeSignature)
class PledgeSignatureAdmin(ReadOnlyAdmin):
    """Read-only: signatures are appended by members and never changed or removed."""

    list_display = ["seq", "member", "version", "signed_at", "code", "ip_address"]
    list_filter = ["version"]
    search_fields = ["member__name", "code", "digest"]
    list_select_related = ["member", "version"]


@admin.register(PledgeChain)
class PledgeChainAdmin(ReadOnlyAdmin):
    list_display = ["length", "head_digest"]


class ViolationInline(AdminDateBounds, admin.TabularInline):
    model = Violation
    extra = 0
    fields = ["occurred_on", "severity", "description", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(SafetyZone)
class SafetyZoneAdmin(AuditedModelAdmin):
    list_display = ["name", "branch", "location", "established_on"]
    list_filter = ["branch"]
    search_fields = ["name", "location"]
    list_select_related = ["branch"]
    autocomplete_fields = ["responsible"]
    inlines = [ViolationInline]


@admin.register(Violation)
class ViolationAdmin(AuditedModelAdmin):
    list_display = ["occurred_on", "zone", "severity", "recorded_by"]
    list_filter = ["severity"]
    list_select_related = ["zone", "recorded_by"]
    raw_id_fields = ["zone"]
    autocomplete_fields = ["recorded_by"]


# --- Hazards and 三学 study ---


@admin.register(Hazard)
class HazardAdmin(AuditedModelAdmin):
    """Read mostly: state changes go through the workflow on the portal's pages."""

    list_display = ["pk", "zone", "severity", "status", "reported_by", "assignee", "deadline"]
    list_filter = ["status", "severity", "zone__branch"]
    search_fields = ["description", "location_detail"]
    list_select_related = ["zone", "reported_by", "assignee"]
    raw_id_fields = ["reported_by", "assignee", "zone"]
    readonly_fields = ["status"]


@admin.register(MentorPair)
class MentorPairAdmin(AuditedModelAdmin):
    list_display = ["mentor", "apprentice", "branch", "starts_on", "ends_on"]
    list_filter = ["branch"]
    list_select_related = ["mentor", "apprentice", "branch"]
    raw_id_fields = ["mentor", "apprentice"]


@admin.register(StudySession)
class StudySessionAdmin(AuditedModelAdmin):
    list_display = ["topic", "mode", "starts_at", "branch", "host"]
    list_filter = ["mode", "branch"]
    search_fields = ["topic"]
    list_select_related = ["branch", "host"]
    raw_id_fields = ["host"]
    readonly_fields = ["invitations"]

    # Not an inline: a committee-led session invites thousands, and the admin would render
    # a form row for each. The invitations are a filtered list, a page at a time.
    @admin.display(description=_("invitations"))
    def invitations(self, session):
        if session.pk is None:
            return "-"
        url = reverse("admin:safety_studyattendance_changelist")
        return format_html(
            '<a href="{}?session__id__exact={}">{}</a>',
            url,
            session.pk,
            _("%(count)d invited, %(present)d present")
            % {
                "count": session.attendances.count(),
                "present": session.attendances.filter(attended=True).count(),
            },
        )


@admin.register(StudyAttendance)
class StudyAttendanceAdmin(AuditedModelAdmin):
    list_display = ["session", "member", "attended", "quiz_score"]
    list_filter = ["attended", "session__mode"]
    list_select_related = ["session", "member"]
    raw_id_fields = ["session", "member"]
    # Newest first by the primary key: sorting 160,000 rows by session and name took 85 ms.
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(StudyTally)
class StudyTallyAdmin(ReadOnlyAdmin):
    list_display = ["session", "branch", "invited", "present"]
    list_select_related = ["session", "branch"]
    ordering = ["-session__starts_at", "branch__order"]


@admin.register(PledgeTally)
class PledgeTallyAdmin(ReadOnlyAdmin):
    list_display = ["version", "branch", "signed"]
    list_select_related = ["version", "branch"]
    list_filter = ["version"]
