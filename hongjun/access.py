"""Who may see and do what: the one place for every access rule of the portal.

Views, exports, dashboards and templates (through the `can` tag) start from these
functions; nobody filters by branch on their own. Reading is scoped through querysets, so
a record outside the user's scope is a 404 and never confirms that it exists; a user who
may see a record but not change it gets 403 on the change (`require`).

Roles: a member sees what is theirs and their branch's; the branch secretary, deputy
secretary and 支委 (branch committee members) also change their branch's records; the
party committee (and a superuser) sees and changes everything.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied


@dataclass(frozen=True)
class Actor:
    """What the access rules need to know about a user, computed once per request."""

    member: object = None
    is_committee: bool = False
    branch_id: int | None = None
    editor_branch_ids: frozenset = field(default_factory=frozenset)
    secretary_branch_ids: frozenset = field(default_factory=frozenset)

    @property
    def is_branch_editor(self):
        return bool(self.editor_branch_ids)

    @property
    def readable_branch_ids(self):
        """The branches whose records the user reads without the committee's view: those
        they help run and their own."""
        own = {self.branch_id} if self.branch_id else set()
        return self.editor_branch_ids | own


_NOBODY = Actor()


def actor(user):
    """The user's Actor, cached on the user object: no query for the request's user (its
    row brings the member and roles, hongjun.backends), two for a user loaded otherwise."""
    if user is None or not user.is_authenticated:
        return _NOBODY
    cached = getattr(user, "_hongjun_actor", None)
    if cached is not None:
        return cached
    from branches.models import Member, Role

    if hasattr(user, "role_pairs"):
        # Loaded with the request's user (hongjun.backends.signed_in_user): no query.
        member = _active_member_of(user)
        roles = _parse_pairs(user.role_pairs) if member else []
    else:
        member = Member.objects.select_related("branch").filter(user=user, is_active=True).first()
        roles = (
            list(Role.objects.filter(member=member).values_list("kind", "branch_id"))
            if member
            else []
        )
    editor = frozenset(b for k, b in roles if k in Role.BRANCH_KINDS)
    result = Actor(
        member=member,
        is_committee=user.is_superuser or any(k == Role.Kind.PARTY_COMMITTEE for k, _ in roles),
        branch_id=member.branch_id if member else None,
        editor_branch_ids=editor,
        secretary_branch_ids=frozenset(b for k, b in roles if k == Role.Kind.SECRETARY),
    )
    user._hongjun_actor = result
    return result


def _active_member_of(user):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        member = user.member
    except ObjectDoesNotExist:
        return None
    return member if member.is_active else None


def _parse_pairs(text):
    """ "kind:branch_id,..." (as signed_in_user joins them) as [(kind, branch id or None)]."""
    pairs = []
    for pair in filter(None, text.split(",")):
        kind, _, branch = pair.partition(":")
        pairs.append((kind, int(branch) if branch else None))
    return pairs


def is_committee(user):
    return actor(user).is_committee


def home_kind(user):
    """Which home page fits the user: committee, secretary, member or none."""
    a = actor(user)
    if a.is_committee:
        return "committee"
    if a.is_branch_editor:
        return "secretary"
    if a.member:
        return "member"
    return "none"


def require(allowed):
    """Raise 403 unless `allowed`; for changes to records the user may see."""
    if not allowed:
        raise PermissionDenied


# Branches ---------------------------------------------------------------------------


def branches_for(user):
    """Branches whose records (roster, activities, ledger) the user may read."""
    from branches.models import Branch

    a = actor(user)
    qs = Branch.objects.all()
    if a.is_committee:
        return qs
    return qs.filter(pk__in=a.readable_branch_ids)


def branches_editable_by(user):
    """Branches whose records the user may change."""
    from branches.models import Branch

    a = actor(user)
    if a.is_committee:
        return Branch.objects.all()
    return Branch.objects.filter(pk__in=a.editor_branch_ids)


def can_edit_branch(user, branch):
    a = actor(user)
    return a.is_committee or (branch is not None and branch.pk in a.editor_branch_ids)


# The Django admin ----------------------------------------------------------------------
#
# What the 党委 group ("党委", given to committee accounts with is_staff) may do in the admin,
# by app: the organisation and its cadences are the committee's to keep; projects, safety
# data and the dashboard's weights and green-power figures it corrects there; party
# affairs and reminders it reads (their records change through the portal's workflows,
# which check the rules and write the timeline). Accounts, groups, two-factor devices,
# sign-in attempts, the schedule and the audit log stay with the superuser.
COMMITTEE_ADMIN = {
    "branches": ("view", "add", "change", "delete"),
    "initiatives": ("view", "add", "change"),
    "safety": ("view", "add", "change"),
    "dashboard": ("view", "add", "change"),
    "affairs": ("view",),
    "reminders": ("view",),
}
COMMITTEE_ADMIN_GROUP = "党委"


def committee_admin_permissions():
    """The permissions of COMMITTEE_ADMIN (one query)."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    wanted = Q(pk__in=[])
    for app_label, actions in COMMITTEE_ADMIN.items():
        codenames = Q()
        for action in actions:
            codenames |= Q(codename__startswith=f"{action}_")
        wanted |= Q(content_type__app_label=app_label) & codenames
    return Permission.objects.filter(wanted)


# Members ----------------------------------------------------------------------------


def members_for(user):
    """Members the user may look up: their branch's (all, for the committee)."""
    from branches.models import Member

    a = actor(user)
    if a.is_committee:
        return Member.objects.all()
    return Member.objects.filter(branch_id__in=a.readable_branch_ids)


def can_edit_member(user, member):
    return can_edit_branch(user, member.branch)


def can_see_contact(user, member):
    """Phone numbers and accounts: the member themselves and those who manage them."""
    a = actor(user)
    return (a.member is not None and a.member.pk == member.pk) or can_edit_member(user, member)


def can_see_record(user, member):
    """The member's record (党员信息: birth date, 民族, 籍贯, 学历, the masked 身份证号, 学时):
    the member themselves, those who manage their branch and the committee; not the
    other members of the branch, who see the name, post and roles."""
    return can_see_contact(user, member)


def can_see_id_number(user, member):
    """The full 身份证号: the committee only, one explicit request at a time, each written
    to the audit log (`branches.services.reveal_id_number`)."""
    return actor(user).is_committee


def can_record_election(user, branch):
    """A 支部委员会 election (换届) is recorded by the committee, which approves the result
    (党章 第三十一条: 书记、副书记选举产生后，应报上级党组织批准)."""
    return actor(user).is_committee


def can_record_training(user, member):
    """A member's training record (学时): those who keep their branch's records."""
    return can_edit_member(user, member)


# The audit log -----------------------------------------------------------------------


def can_see_activities(user):
    """The activity pages and the calendar: members (their branch's) and the committee."""
    a = actor(user)
    return a.member is not None or a.is_committee


def can_subscribe_calendar(user):
    """A calendar feed is a member's own (their activities and study sessions)."""
    return actor(user).member is not None


def can_read_audit_log(user):
    """The committee browses the whole log; nobody edits it."""
    return actor(user).is_committee


# Activities (组织生活) -----------------------------------------------------------------


def activities_for(user):
    """Activities the user may read: their branch's (every branch's, for the committee)."""
    from branches.models import Activity

    a = actor(user)
    if a.is_committee:
        return Activity.objects.all()
    return Activity.objects.filter(branch_id__in=a.readable_branch_ids)


def can_log_activity(user, branch):
    """Record or change a branch's activities: its secretary, deputy and 支委; the committee."""
    return can_edit_branch(user, branch)


def can_edit_activity(user, activity):
    a = actor(user)
    return a.is_committee or activity.branch_id in a.editor_branch_ids


def can_download_ledger(user, branch):
    """The year's 台账 goes to those who keep it and to the committee that inspects it."""
    return can_edit_branch(user, branch)


def can_see_compliance_matrix(user, _obj=None):
    return actor(user).is_committee


def can_see_attendance(user, member):
    """A member's attendance record: the member, those who manage their branch, the committee."""
    return can_see_contact(user, member)


def activities_concerning(member):
    """Activities that concern `member`: their branch's, except other party groups' meetings,
    and any activity they are on the attendance list of. For their calendar feed."""
    from django.db.models import Exists, OuterRef, Q

    from branches.models import Activity, Attendance

    own_branch = Q(branch_id=member.branch_id) & (
        Q(party_group__isnull=True) | Q(party_group_id=member.party_group_id)
    )
    listed = Exists(Attendance.objects.filter(activity=OuterRef("pk"), member=member))
    return Activity.objects.filter(own_branch | Q(listed))


# Reminders --------------------------------------------------------------------------


def reminders_for(user):
    """The user's own inbox: nobody, the committee included, reads another's reminders."""
    from reminders.models import Reminder

    if user is None or not user.is_authenticated:
        return Reminder.objects.none()
    return Reminder.objects.filter(recipient=user)


# Initiatives (示范项目, 揭榜项目) --------------------------------------------------------
#
# Drafts are the committee's; once published (a listed project) or started (a
# demonstration), a project is visible to every member: the 榜单 is meant to be read.
# Applications are private to the applying branch and the committee. The roles a user
# holds on one project drive its workflow (`initiatives.services.FLOW`).


def initiatives_for(user):
    """Projects the user may read: everything for the committee, all but drafts otherwise."""
    from initiatives.models import Initiative

    a = actor(user)
    if a.is_committee:
        return Initiative.objects.all()
    if a.member is None:
        return Initiative.objects.none()
    return Initiative.objects.exclude(status=Initiative.Status.DRAFT)


def my_initiatives(user):
    """Projects the user works on: as lead or team member."""
    from django.db.models import Q

    a = actor(user)
    if a.member is None:
        return initiatives_for(user).none()
    return initiatives_for(user).filter(Q(lead_id=a.member.pk) | Q(team__id=a.member.pk)).distinct()


def initiative_roles(user, initiative):
    """The roles `user` holds on `initiative`, as the workflow table names them.

    "committee", "branch" (an editor of the awarded or host branch), "lead". (Which first
    step a project's kind takes is the workflow's guard, not a role.)
    """
    a = actor(user)
    roles = set()
    if a.is_committee:
        roles.add("committee")
    if initiative.branch_id is not None and initiative.branch_id in a.editor_branch_ids:
        roles.add("branch")
    if a.member is not None and initiative.lead_id == a.member.pk:
        roles.add("lead")
    return roles


def can_create_initiative(user, obj=None):
    return actor(user).is_committee


def can_edit_initiative(user, initiative):
    return actor(user).is_committee and initiative.status not in initiative.CLOSED


def can_apply(user, initiative):
    """Branch secretaries, deputies and 支委 apply for listed projects on their branch's behalf."""
    return initiative.kind == initiative.Kind.LISTED and actor(user).is_branch_editor


def application_branches(user):
    """Branches on whose behalf the user may apply."""
    from branches.models import Branch

    return Branch.objects.filter(pk__in=actor(user).editor_branch_ids)


def can_award(user, initiative):
    return actor(user).is_committee and initiative.kind == initiative.Kind.LISTED


def can_work_on(user, initiative):
    """Report progress, tick milestones, submit: the awarded branch's editors or the lead."""
    return bool(initiative_roles(user, initiative) & {"branch", "lead"})


def can_add_milestone(user, initiative):
    return actor(user).is_committee or can_work_on(user, initiative)


def applications_for(user):
    """Applications the user may read: the committee all, a branch only its own."""
    from initiatives.models import Application

    a = actor(user)
    if a.is_committee:
        return Application.objects.all()
    return Application.objects.filter(branch_id__in=a.readable_branch_ids)


def initiative_evidence_for(user):
    """Evidence files the user may download: those of the projects they may read."""
    from initiatives.models import Evidence

    return Evidence.objects.filter(initiative__in=initiatives_for(user))


# Safety: pledges, zones, violations -------------------------------------------------


def can_manage_pledges(user):
    """Write, edit and publish the pledge text: the committee only."""
    return actor(user).is_committee


def pledge_versions_for(user):
    """Pledge versions the user may open: all for the committee, the published ones else."""
    from safety.models import PledgeVersion

    if actor(user).is_committee:
        return PledgeVersion.objects.all()
    return PledgeVersion.objects.filter(published_at__isnull=False)


def can_edit_pledge_version(user, version):
    """Drafts only: a published text is never edited, only replaced by the next version."""
    return actor(user).is_committee and not version.is_published


def can_sign_pledges(user):
    """Whether the pledge page is for the user at all: members sign, accounts without a
    member record do not."""
    return actor(user).member is not None


def can_sign_pledge(user, member):
    """A member signs for themselves and nobody else, the committee included."""
    a = actor(user)
    return a.member is not None and member is not None and a.member.pk == member.pk


def pledge_signatures_for(user):
    """Receipts the user may open: their own; the committee's, all of them."""
    from safety.models import PledgeSignature

    a = actor(user)
    if a.is_committee:
        return PledgeSignature.objects.all()
    if a.member is None:
        return PledgeSignature.objects.none()
    return PledgeSignature.objects.filter(member_id=a.member.pk)


def can_see_pledge_rates(user):
    """Who has and has not signed: the committee, and secretaries and 支委 for their branch."""
    a = actor(user)
    return a.is_committee or a.is_branch_editor


def pledge_rate_branches_for(user):
    """Branches whose signing rate and unsigned members the user may see."""
    return branches_editable_by(user)


def zones_for(user):
    """Responsibility zones of the branches the user may read."""
    from safety.models import SafetyZone

    if actor(user).is_committee:
        return SafetyZone.objects.all()
    return SafetyZone.objects.filter(branch__in=branches_for(user))


def can_edit_zone(user, zone):
    """Create and change zones, record violations: the branch's editors and the committee."""
    a = actor(user)
    return a.is_committee or zone.branch_id in a.editor_branch_ids


# Hazards and study ---------------------------------------------------------------------
# The committee's "safety officer" who checks and closes hazards is any member holding the
# party_committee role: the portal has no separate safety-officer role.


def hazards_for(user):
    """Hazards the user may read: their branches' zones', and any they reported or hold."""
    from django.db.models import Q

    from safety.models import Hazard

    a = actor(user)
    qs = Hazard.objects.all()
    if a.is_committee:
        return qs
    if a.member is None:
        return qs.none()
    return qs.filter(
        Q(zone__branch_id__in=a.readable_branch_ids)
        | Q(reported_by=a.member)
        | Q(assignee=a.member)
    )


def hazard_roles(user, hazard):
    """The workflow roles `user` holds on `hazard`: manager (zone's branch editors and the
    committee), assignee, reporter. One query for the zone unless it is loaded."""
    a = actor(user)
    roles = set()
    if a.is_committee or hazard.zone.branch_id in a.editor_branch_ids:
        roles.add("manager")
    if a.member is not None:
        if hazard.assignee_id == a.member.pk:
            roles.add("assignee")
        if hazard.reported_by_id == a.member.pk:
            roles.add("reporter")
    return roles


def can_report_hazard(user, obj=None):
    """Any active member reports a hazard, in any zone: hazards do not respect branches."""
    return actor(user).member is not None


def can_manage_hazard(user, hazard):
    """Assign, check, close or send back: the zone's branch editors and the committee."""
    return "manager" in hazard_roles(user, hazard)


def can_submit_hazard_fix(user, hazard):
    return "assignee" in hazard_roles(user, hazard)


def study_sessions_for(user):
    """Sessions the user may read: invited or hosting; their branches' (for editors); all
    (committee)."""
    from django.db.models import Q

    from safety.models import StudyAttendance, StudySession

    a = actor(user)
    qs = StudySession.objects.all()
    if a.is_committee:
        return qs
    if a.member is None:
        return qs.none()
    invited = StudyAttendance.objects.filter(member=a.member).values("session_id")
    return qs.filter(Q(pk__in=invited) | Q(host=a.member) | Q(branch_id__in=a.editor_branch_ids))


def study_sessions_concerning(member):
    """Sessions that concern `member`: those they are invited to or host. For their calendar
    and its feed; a 支部研学 invites its branch's active members, so this is their branch's
    sessions too, and the 党委领学 sessions that reach their branch."""
    from django.db.models import Q

    from safety.models import StudyAttendance, StudySession

    invited = StudyAttendance.objects.filter(member=member).values("session_id")
    return StudySession.objects.filter(Q(pk__in=invited) | Q(host=member))


def study_modes_for(user):
    """The modes of session the user may schedule: 党委领学 for the committee, 支部研学 for
    branch editors (and the committee), 导师带学 for a mentor with a current apprentice."""
    from django.utils import timezone

    from safety.models import MentorPair, StudySession

    a = actor(user)
    if a.member is None:
        return []
    modes = []
    if a.is_committee:
        modes.append(StudySession.Mode.COMMITTEE_LED)
    if a.is_committee or a.is_branch_editor:
        modes.append(StudySession.Mode.BRANCH_STUDY)
    today = timezone.localdate()
    if MentorPair.objects.filter(MentorPair.current_on(today), mentor=a.member).exists():
        modes.append(StudySession.Mode.MENTOR)
    return modes


def study_branches_for(user):
    """Branches the user may schedule 支部研学 for."""
    return branches_editable_by(user)


def can_record_study_attendance(user, session):
    """The host, the session's branch editors, and the committee."""
    a = actor(user)
    if a.is_committee:
        return True
    if a.member is not None and session.host_id == a.member.pk:
        return True
    return session.branch_id is not None and session.branch_id in a.editor_branch_ids


def can_see_study_participation(user, obj=None):
    return actor(user).is_committee


def mentor_pairs_for(user):
    """Pairs the user may read: their branches' (all for the committee), and their own."""
    from django.db.models import Q

    from safety.models import MentorPair

    a = actor(user)
    qs = MentorPair.objects.all()
    if a.is_committee:
        return qs
    if a.member is None:
        return qs.none()
    return qs.filter(
        Q(branch_id__in=a.readable_branch_ids) | Q(mentor=a.member) | Q(apprentice=a.member)
    )


def can_edit_mentor_pairs(user, obj=None):
    """Record pairs: the branch's editors (for their branches) and the committee."""
    a = actor(user)
    return a.is_committee or a.is_branch_editor


# Party affairs -------------------------------------------------------------------------
# 发展党员, 党费, 组织关系转接 and 民主评议党员: secretaries act on their own branch's people,
# the committee on everyone's; a member reads their own dues, transfers and ballot.


def applicants_for(user):
    """Applicants the user may follow: their branches' (the committee: all); an applicant
    given an account sees their own record."""
    from django.db.models import Q

    from affairs.models import Applicant

    a = actor(user)
    if a.is_committee:
        return Applicant.objects.all()
    if not user.is_authenticated:
        return Applicant.objects.none()
    return Applicant.objects.filter(Q(branch_id__in=a.editor_branch_ids) | Q(user=user))


def can_keep_affairs(user):
    """The registers of the party affairs (发展党员, the dues ledger, the transfers'
    decisions): the committee and the branches' secretaries, deputies and 支委."""
    a = actor(user)
    return a.is_committee or a.is_branch_editor


def can_set_recruitment_plan(user):
    """The 年度发展计划 is the committee's (细则 第三条: 有领导、有计划地进行)."""
    return actor(user).is_committee


def can_edit_applicant(user, applicant):
    return can_edit_branch(user, applicant.branch)


def applicant_roles(user, applicant):
    """The roles `user` holds on `applicant` in the 发展党员 workflow: "editor" (the
    branch's secretary, deputy or 支委, or the committee)."""
    a = actor(user)
    return {"editor"} if a.is_committee or applicant.branch_id in a.editor_branch_ids else set()


def dues_members_for(user):
    """Members whose dues the user may read: their branches' (editors), all (committee),
    and always their own. A plain member never sees another member's dues."""
    from django.db.models import Q

    from branches.models import Member

    a = actor(user)
    if a.is_committee:
        return Member.objects.all()
    own = Q(pk=a.member.pk) if a.member else Q(pk__in=[])
    return Member.objects.filter(Q(branch_id__in=a.editor_branch_ids) | own)


def can_record_dues(user, member):
    return can_edit_member(user, member)


def can_reverse_payment(user, payment):
    """冲销 a payment: one that stands (neither a reversal nor reversed already), by those who
    record the member's dues. No query when the payment's member, branch and reversal are
    loaded (`affairs.dues.queries.member_payments`)."""
    if payment.reverses_id is not None:
        return False
    try:
        payment.reversal  # noqa: B018 (a reversed payment has one)
    except ObjectDoesNotExist:
        return can_record_dues(user, payment.member)
    return False


def transfers_for(user):
    """Transfers the user may read: those out of or into their branches, their own."""
    from django.db.models import Q

    from affairs.models import Transfer

    a = actor(user)
    if a.is_committee:
        return Transfer.objects.all()
    ids = a.editor_branch_ids
    own = Q(member=a.member) if a.member else Q(pk__in=[])
    return Transfer.objects.filter(Q(from_branch_id__in=ids) | Q(to_branch_id__in=ids) | own)


def transfer_roles(user, transfer):
    """The roles `user` holds on `transfer`, for its workflow table.

    "sender": edits the old branch; "receiver": edits the new branch and the move stays
    within one 党总支 (or between branches directly under the 党委); "committee". A move
    between 党总支 and a move out of the company are accepted by the committee.
    """
    a = actor(user)
    roles = set()
    if a.is_committee:
        roles.add("committee")
    if transfer.from_branch_id in a.editor_branch_ids:
        roles.add("sender")
    to, origin = transfer.to_branch, transfer.from_branch
    if (
        to is not None
        and origin is not None
        and to.pk in a.editor_branch_ids
        and to.general_branch_id == origin.general_branch_id
    ):
        roles.add("receiver")
    return roles


def can_start_transfer(user, member):
    return can_edit_member(user, member)


def can_record_receipt(user, transfer):
    """The 回执 of a move out: the old branch's editors and the committee."""
    a = actor(user)
    return a.is_committee or transfer.from_branch_id in a.editor_branch_ids


def can_receive_members(user):
    """Receiving a member from outside the company: a branch's editors, the committee."""
    a = actor(user)
    return a.is_committee or a.is_branch_editor


# 谈心谈话: who talked with whom, and when, is the branch's record; the gist is the two's
# and the branch secretary's only (not the 支委, not the committee).


def talks_for(user):
    """Talks the user may see happened: their branches' (the committee: all), their own."""
    from django.db.models import Q

    from affairs.models import Talk

    a = actor(user)
    if a.is_committee:
        return Talk.objects.all()
    own = Q(talker=a.member) | Q(talkee=a.member) if a.member else Q(pk__in=[])
    return Talk.objects.filter(Q(branch_id__in=a.editor_branch_ids) | own)


def can_read_talk_gist(user, talk):
    a = actor(user)
    if a.member is not None and a.member.pk in (talk.talker_id, talk.talkee_id):
        return True
    return talk.branch_id in a.secretary_branch_ids


def can_record_talk(user, branch):
    return can_edit_branch(user, branch)


def appraisals_for(user):
    """Appraisals of the user's branches (a member: their own branch's)."""
    from affairs.models import Appraisal

    return Appraisal.objects.filter(branch__in=branches_for(user))


def can_manage_appraisal(user, appraisal):
    """Open, close and settle: the branch committee (secretary, deputy, 支委) and the 党委."""
    return can_edit_branch(user, appraisal.branch)


def appraisal_roles(user, appraisal):
    return {"branch_committee"} if can_manage_appraisal(user, appraisal) else set()


# The committee's dashboard ----------------------------------------------------------
#
# The committee sees every branch; secretaries, deputies and 支委 the same page for their
# own branch only; members have none. Weights, the green-power figures and the company
# workbook are the committee's.


def can_see_dashboard(user):
    a = actor(user)
    return a.is_committee or a.is_branch_editor


def dashboard_branches_for(user):
    """Branches the user's dashboard may show: every one for the committee, else their own."""
    return branches_editable_by(user)


def can_manage_dashboard(user, _obj=None):
    """Set the score weights, enter the green-power share, build the company workbook."""
    return actor(user).is_committee


def export_jobs_for(user):
    """Files built in the background that the user may follow and download: every one for
    the committee; a branch's ledger PDFs for those who may download that branch's ledger."""
    from dashboard.models import ExportJob

    a = actor(user)
    if a.is_committee:
        return ExportJob.objects.all()
    return ExportJob.objects.filter(
        kind=ExportJob.Kind.LEDGER_PDF, branch_id__in=a.editor_branch_ids
    )


# Import from Excel ------------------------------------------------------------------
#
# Bringing the organisation and the 党员花名册 in from a workbook changes every branch: the
# committee's alone.


def can_import_roster(user, _obj=None):
    return actor(user).is_committee


def import_batches_for(user):
    """Imports (previews and their results) the user may see: the committee's, all."""
    from onboarding.models import ImportBatch

    if actor(user).is_committee:
        return ImportBatch.objects.all()
    return ImportBatch.objects.none()
