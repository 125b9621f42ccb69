"""The hazards' reminders: fix deadlines and their escalation (scans), and the reminder
queued when a fix is assigned. Registered from `SafetyConfig.ready`."""

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from branches.reminders import branch_secretaries
from reminders import services as reminders

from ..models import Hazard


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def _hazard_values(hazard):
    """The words every hazard reminder uses; the zone must be loaded."""
    return {
        "what": Truncator(hazard.description).chars(30),
        "description": hazard.description,
        "zone": hazard.zone.name,
        "severity": hazard.get_severity_display(),
        "date": _day(hazard.deadline),
    }


def _reaches(member):
    """An active member with an active account (the user must be loaded)."""
    return member.is_active and member.user_id is not None and member.user.is_active


@reminders.register_scan("hazard_deadline")
def hazard_deadlines(today):
    """The assignee of each fix still owed (assigned or sent back), on the days of the
    "hazard_deadline" timing around its deadline: two days before, on the day and the day
    after (one query). A fix submitted, or closed, is not reminded."""
    due = reminders.anchors("hazard_deadline", today)
    hazards = Hazard.objects.filter(status__in=Hazard.FIX_OWED, deadline__in=due).select_related(
        "zone", "assignee__user"
    )
    rows = []
    for hazard in hazards:
        if not _reaches(hazard.assignee):
            continue
        values = _hazard_values(hazard)
        if hazard.deadline > today:
            subject = _("Hazard fix due on %(date)s: %(what)s")
        elif hazard.deadline == today:
            subject = _("Hazard fix due today: %(what)s")
        else:
            subject = _("Hazard fix overdue since %(date)s: %(what)s")
        if hazard.deadline >= today:
            body = _(
                "The fix assigned to you of a hazard in %(zone)s (%(severity)s) is due on "
                "%(date)s.\nWhat is wrong: %(description)s\nOnce it is fixed, submit what "
                "was done, with a photo, on the hazard page."
            )
        else:
            body = _(
                "The fix assigned to you of a hazard in %(zone)s (%(severity)s) was due on "
                "%(date)s and is overdue; your branch secretary has been told.\n"
                "What is wrong: %(description)s"
            )
        rows.append(
            reminders.row(
                "hazard_deadline",
                hazard,
                hazard.assignee.user_id,
                due[hazard.deadline],
                subject=subject % values,
                body=body % values,
                url=hazard.get_absolute_url(),
            )
        )
    return rows


@reminders.register_scan("hazard_escalated")
def hazards_escalated(today):
    """The secretary and deputy of the zone's branch, once, the day after a fix still owed
    passed its deadline (two queries: the hazards, the secretaries). The assignee is not
    told twice when they are the secretary: they have their own overdue reminder."""
    due = reminders.anchors("hazard_escalated", today)
    hazards = list(
        Hazard.objects.filter(status__in=Hazard.FIX_OWED, deadline__in=due).select_related(
            "zone__branch", "assignee"
        )
    )
    if not hazards:
        return []
    recipients = branch_secretaries({h.zone.branch_id for h in hazards})
    rows = []
    for hazard in hazards:
        values = {
            **_hazard_values(hazard),
            "branch": hazard.zone.branch.name,
            "assignee": hazard.assignee.name,
        }
        subject = _("%(branch)s: hazard fix overdue: %(what)s") % values
        body = (
            _(
                "The fix of a hazard in %(zone)s (%(severity)s), assigned to %(assignee)s, was "
                "due on %(date)s and has not been submitted.\nWhat is wrong: %(description)s"
            )
            % values
        )
        rows.extend(
            reminders.row(
                "hazard_escalated",
                hazard,
                user_id,
                due[hazard.deadline],
                subject=subject,
                body=body,
                url=hazard.get_absolute_url(),
            )
            for user_id in sorted(recipients[hazard.zone.branch_id])
            if user_id != hazard.assignee.user_id
        )
    return rows


def queue_assigned(hazard):
    """Queue, in the caller's transaction, the assignee's "assigned to you" reminder.

    Due today: the delivery picks it up as soon as the transaction commits. The texts are
    in the portal's language, whoever assigns. Nothing for an assignee without an account.
    The zone and the assignee's user are read if not loaded (up to two queries).
    """
    assignee = hazard.assignee
    if not _reaches(assignee):
        return None
    with translation.override(settings.LANGUAGE_CODE):
        values = _hazard_values(hazard)
        reminder, _created = reminders.queue(
            "hazard_assigned",
            hazard,
            assignee.user_id,
            timezone.localdate(),
            subject=_("Hazard fix assigned to you: %(what)s") % values,
            body=_(
                "You are asked to fix a hazard in %(zone)s (%(severity)s) by %(date)s.\n"
                "What is wrong: %(description)s\nOnce it is fixed, submit what was done, "
                "with a photo, on the hazard page."
            )
            % values,
            url=hazard.get_absolute_url(),
        )
    return reminder
