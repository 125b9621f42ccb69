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

from django.core.exceptions import PermissionDenied


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


_NOBODY = Actor()


def actor(user):
    """The user's Actor, cached on the user object (two queries the first time)."""
    if user is None or not user.is_authenticated:
        return _NOBODY
    cached = getattr(user, "_hongjun_actor", None)
    if cached is not None:
        return cached
    from branches.models import Member, Role

    member = Member.objects.select_related("branch").filter(user=user, is_active=True).first()
    roles = (
        list(Role.objects.filter(member=member).values_list("kind", "branch_id")) if member else []
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
    ids = set(a.editor_branch_ids)
    if a.branch_id:
        ids.add(a.branch_id)
    return qs.filter(pk__in=ids)


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


# Members ----------------------------------------------------------------------------


def members_for(user):
    """Members the user may look up: their branch's (all, for the committee)."""
    from branches.models import Member

    a = actor(user)
    if a.is_committee:
        return Member.objects.all()
    ids = set(a.editor_branch_ids)
    if a.branch_id:
        ids.add(a.branch_id)
    return Member.objects.filter(branch_id__in=ids)


def can_edit_member(user, member):
    return can_edit_branch(user, member.branch)


def can_see_contact(user, member):
    """Phone numbers and accounts: the member themselves and those who manage them."""
    a = actor(user)
    return (a.member is not None and a.member.pk == member.pk) or can_edit_member(user, member)


# The audit log -----------------------------------------------------------------------


def can_read_audit_log(user):
    """The committee browses the whole log; nobody edits it."""
    return actor(user).is_committee


# Hazards and study ---------------------------------------------------------------------
# The committee's "safety officer" who checks and closes hazards is any member holding the
# party_committee role: the portal has no separate safety-officer role.


def _readable_branch_ids(a):
    ids = set(a.editor_branch_ids)
    if a.branch_id:
        ids.add(a.branch_id)
    return ids


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
        Q(zone__branch_id__in=_readable_branch_ids(a))
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
        Q(branch_id__in=_readable_branch_ids(a)) | Q(mentor=a.member) | Q(apprentice=a.member)
    )


def can_edit_mentor_pairs(user, obj=None):
    """Record pairs: the branch's editors (for their branches) and the committee."""
    a = actor(user)
    return a.is_committee or a.is_branch_editor
