"""组织关系转接 changes: a transfer started, decided and the member moved."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from affairs.models import (
    LETTER_VALIDITY,
    BranchMembership,
    Transfer,
    letter_latest_valid_until,
)
from branches.models import Member
from hongjun import access, audit
from hongjun.workflow import Step, Workflow
from reminders import services as reminders
from reminders.models import Reminder

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
        else:
            _check_letter(data)
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
            **({} if internal else {f: data[f] for f in LETTER_DATES}),
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
                **({} if internal else {f: data[f] for f in LETTER_DATES}),
            },
        )
    return transfer


LETTER_DATES = ("letter_issued_on", "letter_valid_until", "dues_paid_until")


def _check_letter(data):
    """The 介绍信's rules again, for callers other than the form: every part given, valid
    for at most `LETTER_VALIDITY` months."""
    if not data.get("letter_no", "").strip():
        raise ValidationError({"letter_no": _("Enter the number of the transfer letter.")})
    if any(data.get(f) is None for f in LETTER_DATES):
        raise ValidationError(_("Enter the letter's dates and the month dues are paid up to."))
    issued, until = data["letter_issued_on"], data["letter_valid_until"]
    if not issued <= until <= letter_latest_valid_until(issued):
        raise ValidationError(
            {
                "letter_valid_until": _("A transfer letter is valid for at most %(months)s months.")
                % {"months": LETTER_VALIDITY.value}
            }
        )


def record_receipt(transfer, data, by):
    """回执: the receiving side's slip, which closes a move out of the company."""
    access.require(access.can_record_receipt(by, transfer))
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.kind != Transfer.Kind.OUT or transfer.status != Transfer.Status.ACCEPTED:
            raise ValidationError(_("A receipt closes a move out of the company once accepted."))
        if transfer.receipt_on is not None:
            raise ValidationError(_("The receipt of this transfer is already recorded."))
        transfer.receipt_on, transfer.receipt_by = data["receipt_on"], data["receipt_by"].strip()
        transfer.save(update_fields=["receipt_on", "receipt_by"])
        audit.record(
            "transfer.receipt",
            transfer,
            by,
            {"receipt_on": transfer.receipt_on, "receipt_by": transfer.receipt_by},
        )
        # The expired-letter reminders have nothing left to ask for.
        for recipient in set(
            Reminder.objects.filter(
                kind="transfer_letter_expired",
                content_type=ContentType.objects.get_for_model(Transfer),
                object_id=transfer.pk,
                read_at__isnull=True,
            ).values_list("recipient", flat=True)
        ):
            reminders.settle("transfer_letter_expired", transfer, recipient)
    return transfer


MEMBER_FIELDS = ("name", "gender", "employee_no", "status", "joined_on", "post", "phone")


def receive_member(data, by):
    """A member arriving from outside the company with their 介绍信: the member created in
    the branch and 党小组, their branch history opened on the day received, and the move
    recorded as a transfer into the company, all or nothing."""
    branch, group = data["branch"], data.get("party_group")
    access.require(access.can_edit_branch(by, branch))
    _check_letter(data)
    if group is not None and group.branch_id != branch.pk:
        raise ValidationError(
            {"party_group": _("This party group is not in %(branch)s.") % {"branch": branch}}
        )
    day = data["received_on"]
    with transaction.atomic():
        if Member.objects.filter(employee_no=data["employee_no"]).exists():
            raise ValidationError(
                {
                    "employee_no": _("Employee number %(no)s is already a member's.")
                    % {"no": data["employee_no"]}
                }
            )
        member = Member.objects.create(
            branch=branch, party_group=group, **{f: data[f] for f in MEMBER_FIELDS}
        )
        BranchMembership.objects.create(member=member, branch=branch, start=day)
        transfer = Transfer.objects.create(
            member=member,
            kind=Transfer.Kind.IN,
            from_branch=None,
            to_branch=branch,
            origin=data["origin"].strip(),
            letter_no=data["letter_no"].strip(),
            status=Transfer.Status.ACCEPTED,
            moved_on=day,
            requested_by=by,
            **{f: data[f] for f in LETTER_DATES},
        )
        audit.record(
            "member.received",
            member,
            by,
            {
                **{f: data[f] for f in MEMBER_FIELDS},
                "branch": branch,
                "party_group": group,
                "transfer": transfer.pk,
            },
        )
        audit.record(
            "transfer.received",
            transfer,
            by,
            {
                "origin": transfer.origin,
                "to": branch,
                "letter_no": transfer.letter_no,
                **{f: data[f] for f in LETTER_DATES},
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
