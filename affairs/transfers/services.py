"""组织关系转接 changes: a transfer started, decided and the member moved."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from affairs.models import (
    BranchMembership,
    Transfer,
)
from branches.models import Member
from hongjun import access, audit
from hongjun.workflow import Step, Workflow

# 组织关系转接 ----------------------------------------------------------------------------

# The start of a history row for a member who joined before the portal knew of them.
HISTORY_START = datetime.date(1949, 10, 1)

TRANSFER_FLOW = Workflow(
    steps=[
        Step(
            {"requested"},
            "accepted",
            {"receiver", "committee"},
            "transfer.accepted",
            pgettext("transfer", "Accept"),
        ),
        Step(
            {"requested"},
            "rejected",
            {"receiver", "committee"},
            "transfer.rejected",
            _("Reject"),
        ),
        Step(
            {"requested"},
            "cancelled",
            {"sender", "committee"},
            "transfer.cancelled",
            pgettext("transfer", "Cancel"),
        ),
    ],
    roles_of=access.transfer_roles,
)


def start_transfer(member, data, by):
    """The old branch's secretary starts a member's move to another branch or out."""
    access.require(access.can_start_transfer(by, member))
    to_branch = data.get("to_branch")
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("branch").get(pk=member.pk)
        if data["kind"] == Transfer.Kind.INTERNAL:
            if to_branch is None:
                raise ValidationError({"to_branch": _("Choose the branch the member moves to.")})
            if to_branch.pk == member.branch_id:
                raise ValidationError(
                    {"to_branch": _("The member is already in %(branch)s.") % {"branch": to_branch}}
                )
        elif not data.get("letter_no", "").strip():
            raise ValidationError({"letter_no": _("Enter the number of the transfer letter.")})
        if Transfer.objects.filter(member=member, status=Transfer.Status.REQUESTED).exists():
            raise ValidationError(_("A transfer of this member is already waiting."))
        internal = data["kind"] == Transfer.Kind.INTERNAL
        transfer = Transfer.objects.create(
            member=member,
            kind=data["kind"],
            from_branch=member.branch,
            to_branch=to_branch if internal else None,
            destination="" if internal else data.get("destination", ""),
            letter_no=data.get("letter_no", "").strip(),
            reason=data.get("reason", ""),
            requested_by=by,
        )
        audit.record(
            "transfer.requested",
            transfer,
            by,
            {
                "kind": transfer.kind,
                "from": transfer.from_branch,
                "to": transfer.to_branch or transfer.destination,
                "letter_no": transfer.letter_no,
            },
        )
    return transfer


def decide_transfer(transfer, to, by, note=""):
    """Accept, reject or cancel a waiting transfer. Accepting moves the member in the same
    transaction: their branch, the history rows (the old closed, the new opened)."""
    today = timezone.localdate()
    with transaction.atomic():
        update = {"moved_on": today} if to == Transfer.Status.ACCEPTED else {}
        transfer = TRANSFER_FLOW.transition(transfer, to, by, update=update, note=note)
        if to == Transfer.Status.ACCEPTED:
            _move(transfer, today, by)
    return transfer


def _move(transfer, day, by):
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    if member.branch_id != transfer.from_branch_id:
        raise ValidationError(
            _("The member is no longer in the branch this transfer started from.")
        )
    open_row = BranchMembership.objects.filter(member=member, end__isnull=True).first()
    if open_row is None:
        # History starts with the first move: the time in the old branch until today.
        start = member.joined_on if member.joined_on and member.joined_on < day else None
        open_row = BranchMembership.objects.create(
            member=member, branch_id=member.branch_id, start=start or HISTORY_START
        )
    if open_row.start >= day:
        # Moved again on the day they arrived: the short stay leaves no row of zero length.
        open_row.delete()
    else:
        open_row.end = day
        open_row.save(update_fields=["end"])
    changes = {"branch": [member.branch_id, transfer.to_branch_id]}
    if transfer.kind == Transfer.Kind.INTERNAL:
        BranchMembership.objects.create(member=member, branch=transfer.to_branch, start=day)
        member.branch = transfer.to_branch
        member.party_group = None
        member.save(update_fields=["branch", "party_group"])
    else:
        member.is_active = False
        member.save(update_fields=["is_active"])
        changes = {"is_active": [True, False], "letter_no": transfer.letter_no}
    audit.record("member.transferred", member, by, {**changes, "transfer": transfer.pk})
