from django.contrib import admin

from .models import Hazard, MentorPair, SafetyZone, StudyAttendance, StudySession


# Placeholder until the pledges branch lands: the lead keeps theirs.
@admin.register(SafetyZone)
class SafetyZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "location"]
    list_select_related = ["branch"]
    filter_horizontal = ["responsible"]


# --- Hazards and 三学 study ---


@admin.register(Hazard)
class HazardAdmin(admin.ModelAdmin):
    """Read mostly: state changes go through the workflow on the portal's pages."""

    list_display = ["pk", "zone", "severity", "status", "reported_by", "assignee", "deadline"]
    list_filter = ["status", "severity", "zone__branch"]
    search_fields = ["description", "location_detail"]
    list_select_related = ["zone", "reported_by", "assignee"]
    raw_id_fields = ["reported_by", "assignee", "zone"]
    readonly_fields = ["status"]


@admin.register(MentorPair)
class MentorPairAdmin(admin.ModelAdmin):
    list_display = ["mentor", "apprentice", "branch", "starts_on", "ends_on"]
    list_filter = ["branch"]
    list_select_related = ["mentor", "apprentice", "branch"]
    raw_id_fields = ["mentor", "apprentice"]


class StudyAttendanceInline(admin.TabularInline):
    model = StudyAttendance
    extra = 0
    raw_id_fields = ["member"]


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "mode", "starts_at", "branch", "host"]
    list_filter = ["mode", "branch"]
    search_fields = ["topic"]
    list_select_related = ["branch", "host"]
    raw_id_fields = ["host"]
    inlines = [StudyAttendanceInline]


@admin.register(StudyAttendance)
class StudyAttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "member", "attended", "quiz_score"]
    list_filter = ["attended", "session__mode"]
    list_select_related = ["session", "member"]
    raw_id_fields = ["session", "member"]
