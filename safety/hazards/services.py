"""Every change to a hazard: the report, then the steps of HAZARD_FLOW, each audited.

reported → assigned → submitted → closed; a manager may send a submitted fix back
(returned), after which the assignee resubmits or the manager reassigns.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongjun import access, audit
from hongjun.workflow import Step, Workflow

from ..models import Hazard
from . import reminders

S = Hazard.Status
MANAGER, ASSIGNEE = "manager", "assignee"

# The one table of the hazard workflow: who may take which step from which states.
HAZARD_FLOW = Workflow(
    steps=[
        Step(
            {S.REPORTED, S.ASSIGNED, S.RETURNED},
            S.ASSIGNED,
            {MANAGER},
            "hazard.assigned",
            gettext_lazy("Assign"),
        ),
        Step(
            {S.ASSIGNED, S.RETURNED},
            S.SUBMITTED,
            {ASSIGNEE},
            "hazard.submitted",
            gettext_lazy("Submit the fix"),
        ),
        Step({S.SUBMITTED}, S.CLOSED, {MANAGER}, "hazard.closed", gettext_lazy("Check and close")),
        Step({S.SUBMITTED}, S.RETURNED, {MANAGER}, "hazard.returned", gettext_lazy("Send back")),
    ],
    roles_of=access.hazard_roles,
)

REPORT_FIELDS = ["zone", "description", "location_detail", "severity", "photo"]


def report_hazard(data, by):
    """A member reports a hazard; returns it, in state `reported`."""
    access.require(access.can_report_hazard(by))
    member = access.actor(by).member
    with transaction.atomic():
        hazard = Hazard(reported_by=member, **{f: data[f] for f in REPORT_FIELDS})
        hazard.save()
        audit.record(
            "hazard.reported",
            hazard,
            by,
            {
                "zone": hazard.zone,
                "severity": hazard.severity,
                "description": hazard.description,
                "photo": bool(hazard.photo),
            },
        )
    return hazard


def assign(hazard, assignee, deadline, by):
    """Give the fix to a member of the zone's branch, due on `deadline` (today or later);
    the assignee is reminded at once ("hazard_assigned")."""
    if assignee.branch_id != hazard.zone.branch_id or not assignee.is_active:
        raise ValidationError(_("The assignee must be an active member of the zone's branch."))
    if deadline < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."))
    with transaction.atomic():
        hazard = HAZARD_FLOW.transition(
            hazard, S.ASSIGNED, by, update={"assignee": assignee, "deadline": deadline}
        )
        # In the same transaction: no assignment without its reminder, nor the reverse.
        reminders.queue_assigned(hazard)
    return hazard


def submit_fix(hazard, fix_description, after_photo, by):
    return HAZARD_FLOW.transition(
        hazard,
        S.SUBMITTED,
        by,
        update={
            "fix_description": fix_description,
            "after_photo": after_photo,
            "submitted_at": timezone.now(),
        },
    )


def close(hazard, by, note=""):
    return HAZARD_FLOW.transition(
        hazard, S.CLOSED, by, update={"closed_at": timezone.now()}, note=note
    )


def send_back(hazard, reason, by):
    """Return the fix to the assignee; the reason is kept in the timeline."""
    if not reason.strip():
        raise ValidationError(_("Say why the fix is sent back."))
    return HAZARD_FLOW.transition(hazard, S.RETURNED, by, reason=reason.strip())
