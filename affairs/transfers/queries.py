"""组织关系转接 reads: rosters on a date, a member's branch history, transfer lists."""

import datetime

from django.db.models import Exists, OuterRef, Q

from affairs.models import (
    BranchMembership,
    Transfer,
)
from branches.models import Member

# Reminders look this far ahead for steps that fall due.
REMINDER_WINDOW = datetime.timedelta(days=14)


# Rosters on a date --------------------------------------------------------------------


def members_of(branch, on):
    """The members in `branch` on the date `on`, by the history of moves (a queryset).

    A member with history rows counts where a row covers `on` (start ≤ on < end); a member
    who never moved has always been in their current branch while active.
    """
    rows = BranchMembership.objects.filter(member=OuterRef("pk"))
    covering = rows.filter(branch=branch, start__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))
    return Member.objects.filter(
        Exists(covering) | (Q(branch=branch, is_active=True) & ~Exists(rows))
    )


def membership_history(member):
    """The member's rows of branch history, oldest first (one query)."""
    return member.memberships.select_related("branch").order_by("start", "id")


# 组织关系转接 ----------------------------------------------------------------------------


def transfer_list(transfers):
    return transfers.select_related(
        "member", "from_branch", "to_branch", "to_branch__general_branch", "requested_by__member"
    ).order_by("-requested_at", "-id")


def expired_letters():
    """Moves out whose letter has run out (before today) with no 回执 recorded."""
    return Transfer.objects.filter(
        kind=Transfer.Kind.OUT,
        status__in=[Transfer.Status.REQUESTED, Transfer.Status.ACCEPTED],
        receipt_on__isnull=True,
    )


def letters_expired_on(days):
    """The moves out whose letter's last valid day is one of `days`, still without a 回执,
    with the member and the old branch (one query)."""
    return (
        expired_letters()
        .filter(letter_valid_until__in=list(days))
        .select_related("member", "from_branch")
        .order_by("id")
    )
