"""The milestone reminder scan: a project's lead, a few days before a milestone is due.

Registered from `InitiativesConfig.ready`. A project without a lead who can be reached
(none named, left, or without an account) reminds its branch's secretary instead.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from branches.models import Role
from reminders import services as reminders

from .models import Initiative, Milestone


def _can_receive(member):
    return (
        member is not None
        and member.is_active
        and member.user_id is not None
        and member.user.is_active
    )


@reminders.register_scan("milestone_due")
def milestones_due(today):
    """Open milestones of projects being worked on, due on the anchor day (≤ 2 queries)."""
    due = reminders.anchors("milestone_due", today)
    milestones = list(
        Milestone.objects.filter(
            due_on__in=due, done_on__isnull=True, initiative__status__in=Initiative.WORKING
        ).select_related("initiative__lead__user")
    )
    orphans = {
        m.initiative.branch_id
        for m in milestones
        if not _can_receive(m.initiative.lead) and m.initiative.branch_id
    }
    secretaries = dict(
        Role.objects.filter(
            kind=Role.Kind.SECRETARY,
            branch_id__in=orphans,
            member__is_active=True,
            member__user__isnull=False,
            member__user__is_active=True,
        ).values_list("branch_id", "member__user_id")
        if orphans
        else ()
    )
    rows = []
    for milestone in milestones:
        initiative = milestone.initiative
        if _can_receive(initiative.lead):
            recipient = initiative.lead.user_id
        else:
            recipient = secretaries.get(initiative.branch_id)
        if recipient is None:
            continue
        values = {
            "milestone": milestone.title,
            "project": initiative.title,
            "date": formats.date_format(milestone.due_on, "DATE_FORMAT"),
        }
        rows.append(
            reminders.row(
                "milestone_due",
                milestone,
                recipient,
                due[milestone.due_on],
                subject=_("Milestone due on %(date)s: %(milestone)s") % values,
                body=_(
                    "The milestone “%(milestone)s” of the project “%(project)s” is due on "
                    "%(date)s. Once it is reached, mark it done on the project page."
                )
                % values,
                url=initiative.get_absolute_url(),
            )
        )
    return rows
