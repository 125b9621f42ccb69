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


# Party affairs -------------------------------------------------------------------------
# 发展党员, 党费, 组织关系转接 and 民主评议党员: secretaries act on their own branch's people,
# the committee on everyone's; a member reads their own dues, transfers and ballot.


def applicants_for(user):
    """Applicants the user may follow: their branches' (the committee: all); an applicant
    given an account sees their own record."""
    from django.db.models import Q

    from branches.models import Applicant

    a = actor(user)
    if a.is_committee:
        return Applicant.objects.all()
    if not user.is_authenticated:
        return Applicant.objects.none()
    return Applicant.objects.filter(Q(branch_id__in=a.editor_branch_ids) | Q(user=user))


def can_edit_applicant(user, applicant):
    return can_edit_branch(user, applicant.branch)


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


def transfers_for(user):
    """Transfers the user may read: those out of or into their branches, their own."""
    from django.db.models import Q

    from branches.models import Transfer

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
    to = transfer.to_branch
    if (
        to is not None
        and to.pk in a.editor_branch_ids
        and to.general_branch_id == transfer.from_branch.general_branch_id
    ):
        roles.add("receiver")
    return roles


def can_start_transfer(user, member):
    return can_edit_member(user, member)


def appraisals_for(user):
    """Appraisals of the user's branches (a member: their own branch's)."""
    from branches.models import Appraisal

    return Appraisal.objects.filter(branch__in=branches_for(user))


def can_manage_appraisal(user, appraisal):
    """Open, close and settle: the branch committee (secretary, deputy, 支委) and the 党委."""
    return can_edit_branch(user, appraisal.branch)


def appraisal_roles(user, appraisal):
    return {"branch_committee"} if can_manage_appraisal(user, appraisal) else set()
