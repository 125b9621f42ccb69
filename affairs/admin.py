"""The party affairs in the admin: read mostly; records are corrected by new rows in the portal."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from affairs.models import (
    Applicant,
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    BranchMembership,
    DuesBase,
    DuesPayment,
    DuesYear,
    RecruitmentPlan,
    RecruitmentRecord,
    SelfAssessment,
    Talk,
    Transfer,
    VoteCount,
)
from hongjun.admin import AuditedModelAdmin, ReadOnlyAdmin
from hongjun.dates import AdminDateBounds


class RecruitmentRecordInline(AdminDateBounds, admin.TabularInline):
    model = RecruitmentRecord
    extra = 0
    can_delete = False
    fields = ["step", "done_on", "note", "corrects", "reverses", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Applicant)
class ApplicantAdmin(AuditedModelAdmin):
    list_display = ["name", "branch", "stage", "employee_no"]
    list_filter = ["stage", "branch"]
    search_fields = ["name", "employee_no"]
    list_select_related = ["branch"]
    raw_id_fields = ["user", "member"]
    readonly_fields = ["stage", "member"]
    inlines = [RecruitmentRecordInline]


@admin.register(RecruitmentRecord)
class RecruitmentRecordAdmin(ReadOnlyAdmin):
    list_display = ["applicant", "step", "done_on", "reverses", "recorded_at"]
    list_filter = ["step"]
    list_select_related = ["applicant"]


@admin.register(RecruitmentPlan)
class RecruitmentPlanAdmin(ReadOnlyAdmin):
    """Set on the recruitment list, audited there; read here."""

    list_display = ["branch", "year", "candidates", "admissions", "set_by"]
    list_filter = ["year"]
    list_select_related = ["branch", "set_by"]


@admin.register(DuesBase)
class DuesBaseAdmin(ReadOnlyAdmin):
    list_display = ["member", "category", "income", "monthly_dues", "valid_from"]
    list_filter = ["category"]
    list_select_related = ["member"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(ReadOnlyAdmin):
    list_display = ["member", "month", "amount", "method", "proxy", "branch", "reverses"]
    # No date hierarchy: its links scan every payment (half a million in a company).
    list_filter = ["method", "month", "branch"]
    list_select_related = ["member", "branch", "reverses"]
    raw_id_fields = ["member"]
    search_fields = ["member__name", "member__employee_no"]
    # Newest first by the primary key: sorting half a million rows by member took 250 ms.
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(DuesYear)
class DuesYearAdmin(ReadOnlyAdmin):
    """Kept by database triggers on the payments (migration 0009); read here."""

    list_display = ["member", "year", "months_paid", "amount"]
    list_filter = ["year"]
    list_select_related = ["member"]
    search_fields = ["member__name", "member__employee_no"]
    show_full_result_count = False

    @admin.display(description=_("months paid"))
    def months_paid(self, summary):
        return " ".join(str(n) for n in range(1, 13) if summary.paid_months >> (n - 1) & 1)


@admin.register(BranchMembership)
class BranchMembershipAdmin(ReadOnlyAdmin):
    list_display = ["member", "branch", "start", "end"]
    list_select_related = ["member", "branch"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["member", "kind", "from_branch", "to_branch", "letter_no", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["member", "from_branch", "to_branch"]


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdmin):
    list_display = ["branch", "year", "status", "opened_on"]
    list_filter = ["year", "status"]


@admin.register(AppraisalResult)
class AppraisalResultAdmin(ReadOnlyAdmin):
    list_display = ["appraisal", "member", "rating"]
    list_filter = ["rating"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["appraisal", "member", "rating"]


@admin.register(BallotReceipt)
class BallotReceiptAdmin(ReadOnlyAdmin):
    list_display = ["appraisal", "voter"]


@admin.register(VoteCount)
class VoteCountAdmin(ReadOnlyAdmin):
    """The votes exist only as these counts."""

    list_display = ["appraisal", "subject", "rating", "ballots"]
    list_select_related = ["appraisal__branch", "subject"]
    ordering = ["appraisal", "subject", "rating"]


@admin.register(Talk)
class TalkAdmin(ReadOnlyAdmin):
    """That a 谈心谈话 happened, who with whom and when; never its gist, which is the two
    people's and their secretary's only (affairs.talks), so not even a superuser reads it."""

    fields = ["branch", "talker", "talkee", "held_on", "recorded_by"]
    list_display = ["held_on", "branch", "talker", "talkee"]
    list_filter = ["held_on"]
    list_select_related = ["branch", "talker", "talkee"]
