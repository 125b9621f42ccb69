"""The party affairs' reminder scans: the next 发展党员 step falling due.

Registered with `reminders.services` when the app is ready (`AffairsConfig.ready`).
"""

import datetime

from django.utils.translation import gettext as _

from branches.reminders import _day, branch_secretaries
from reminders import services as reminders

from .recruitment import queries


@reminders.register_scan("recruitment_due")
def recruitment_due(today):
    """The branch secretary and deputy, of each applicant's next 发展党员 step falling due.

    A step falls due on its deadline (the talk within a month of the application, the
    higher committee's approval within three months of the vote, the 转正 at the end of
    the 预备期) or, for a step with only a minimum interval, on the day that interval has
    passed and the step may be taken (named a candidate a year after becoming an activist).
    The "recruitment_due" timing in `reminders.services.KINDS` reminds a week before that
    day, to prepare, and on the day itself. A step done, or withdrawn, changes the next
    step, and the reminders follow. Steps without either (the oath, the vetting) are the
    secretary's to schedule and are not reminded. Three queries: the applicants, their
    records, the secretaries.
    """
    due = reminders.anchors("recruitment_due", today)
    ahead = max((anchor - today).days for anchor in due)
    steps = [
        s
        for s in queries.due_recruitment_steps(today, within=datetime.timedelta(days=max(ahead, 0)))
        if s.due in due
    ]
    if not steps:
        return []
    recipients = branch_secretaries({s.branch.pk for s in steps})
    rows = []
    for s in steps:
        applicant, plan = s.applicant, s.applicant.plan
        values = {
            "branch": s.branch.name,
            "stage": applicant.get_stage_display(),
            "applicant": applicant.name,
            "step": s.step.label,
            "date": _day(s.due),
        }
        if plan.deadline == s.due:
            subject = _("%(applicant)s: “%(step)s” due by %(date)s") % values
            body = _(
                "%(branch)s, %(stage)s %(applicant)s: the next step, “%(step)s”, is due by "
                "%(date)s. Record it on the applicant's page once it is done."
            )
        else:
            subject = _("%(applicant)s: “%(step)s” may be taken from %(date)s") % values
            body = _(
                "%(branch)s, %(stage)s %(applicant)s: the minimum interval before the next "
                "step, “%(step)s”, ends on %(date)s; from then on it may be taken."
            )
        rows.extend(
            reminders.row(
                "recruitment_due",
                applicant,
                user_id,
                due[s.due],
                subject=subject,
                body=body % values,
                url=applicant.get_absolute_url(),
            )
            for user_id in sorted(recipients[s.branch.pk])
        )
    return rows
