from django.contrib import admin

from hongjun.admin import AuditedModelAdmin, ReadOnlyAdmin

from .models import (
    Activity,
    ActivityAttachment,
    ActivityMonth,
    ActivityTally,
    Attendance,
    Branch,
    Cadence,
    CalendarToken,
    Committee,
    CommitteeElection,
    GeneralBranch,
    Member,
    ModelPost,
    PartyGroup,
    Role,
    ShockTeam,
    TrainingRecord,
)


@admin.register(Committee)
class CommitteeAdmin(AuditedModelAdmin):
    list_display = ["name"]


@admin.register(GeneralBranch)
class GeneralBranchAdmin(AuditedModelAdmin):
    list_display = ["name", "committee", "order"]


class PartyGroupInline(admin.TabularInline):
    model = PartyGroup
    extra = 0
    raw_id_fields = ["leader"]


@admin.register(Branch)
class BranchAdmin(AuditedModelAdmin):
    list_display = ["name", "general_branch", "unit", "order"]
    list_filter = ["general_branch"]
    search_fields = ["name", "unit"]
    list_select_related = ["general_branch"]
    inlines = [PartyGroupInline]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    raw_id_fields = ["election"]


@admin.register(Member)
class MemberAdmin(AuditedModelAdmin):
    list_display = ["name", "employee_no", "branch", "status", "post", "is_active"]
    list_filter = ["status", "is_active", "branch__general_branch", "branch"]
    search_fields = ["name", "employee_no", "post"]
    list_select_related = ["branch"]
    raw_id_fields = ["user", "party_group"]
    # The sealed 身份证号 is set through the portal's form (checked, sealed, audited masked);
    # its token is of no use to anyone here.
    exclude = ["id_number_sealed"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(AuditedModelAdmin):
    list_display = ["member", "kind", "branch", "title"]
    list_filter = ["kind"]
    list_select_related = ["member", "branch"]
    raw_id_fields = ["member", "election"]


class ElectedInline(admin.TabularInline):
    model = Role
    extra = 0
    raw_id_fields = ["member"]
    fields = ["member", "kind", "branch", "title"]


@admin.register(CommitteeElection)
class CommitteeElectionAdmin(AuditedModelAdmin):
    list_display = ["branch", "held_on", "term_years", "ends_on"]
    list_filter = ["branch__general_branch"]
    list_select_related = ["branch"]
    date_hierarchy = "ends_on"
    inlines = [ElectedInline]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(AuditedModelAdmin):
    list_display = ["member", "kind", "title", "started_on", "hours"]
    list_filter = ["kind"]
    search_fields = ["member__name", "title"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]


@admin.register(PartyGroup)
class PartyGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "branch", "leader"]
    list_select_related = ["branch", "leader"]
    raw_id_fields = ["leader"]


@admin.register(ModelPost)
class ModelPostAdmin(AuditedModelAdmin):
    list_display = ["name", "branch", "established_on"]
    autocomplete_fields = ["members"]


@admin.register(ShockTeam)
class ShockTeamAdmin(AuditedModelAdmin):
    list_display = ["name", "branch", "leader", "established_on"]
    autocomplete_fields = ["members"]
    raw_id_fields = ["leader"]


# Activities ---------------------------------------------------------------------------


@admin.register(Cadence)
class CadenceAdmin(AuditedModelAdmin):
    """The committee changes the required cadence here; the compliance pages read it."""

    list_display = ["kind", "period", "minimum", "order"]
    list_editable = ["period", "minimum", "order"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member"]


class ActivityAttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    extra = 0
    fields = ["kind", "original_name", "size", "uploaded_at"]
    readonly_fields = fields


class ActivityTallyInline(admin.StackedInline):
    """The attendance counts, kept by the database's triggers: shown, never edited."""

    model = ActivityTally
    fields = readonly_fields = ["present", "excused", "absent"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    """For looking things up; changes go through the portal's pages so they are audited."""

    list_display = ["topic", "branch", "kind", "theme", "status", "starts_at"]
    # A date filter rather than a date hierarchy, whose year links scan every activity.
    list_filter = ["kind", "theme", "status", "starts_at", "branch"]
    search_fields = ["topic"]
    list_select_related = ["branch"]
    show_full_result_count = False
    raw_id_fields = ["host", "party_group", "created_by"]
    inlines = [ActivityTallyInline, AttendanceInline, ActivityAttachmentInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(AuditedModelAdmin):
    list_display = ["member", "created_at", "revoked_at"]
    list_select_related = ["member"]
    fields = ["member", "created_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(ActivityMonth)
class ActivityMonthAdmin(ReadOnlyAdmin):
    list_display = [
        "branch",
        "month",
        "kind",
        "theme",
        "held",
        "first_topic",
        "present",
        "excused",
        "absent",
    ]
    list_select_related = ["branch"]
    list_filter = ["kind", "theme", "branch__general_branch"]
    date_hierarchy = "month"
    ordering = ["-month", "branch__order"]
