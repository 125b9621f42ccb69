"""The party affairs' reminder scans: the next 发展党员 step falling due, 党费 unpaid.

Registered with `reminders.services` when the app is ready (`AffairsConfig.ready`).
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from branches.models import Role
from branches.reminders import _day, branch_secretaries
from reminders import services as reminders

from .dues import queries as dues_queries
from .models import UNPAID_WARNINGS, add_months
from .recruitment import queries
from .transfers import queries as transfer_queries


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


# 党费 -----------------------------------------------------------------------------------


def committee_users():
    """User ids of the 党委 members a reminder can reach (one query)."""
    return set(
        Role.objects.filter(
            kind=Role.Kind.PARTY_COMMITTEE,
            member__is_active=True,
            member__user__isnull=False,
            member__user__is_active=True,
        ).values_list("member__user_id", flat=True)
    )


def _unpaid_scan(code):
    months, _kind, audience = next(r.value for r in UNPAID_WARNINGS if r.value[1] == code)

    def scan(today):
        return dues_unpaid(code, months, audience, today)

    scan.__name__ = f"dues_unpaid_{months}"
    scan.__doc__ = f"Members whose dues are unpaid {months} months in a row: see dues_unpaid."
    return reminders.register_scan(code)(scan)


def dues_unpaid(code, months, audience, today):
    """Members whose dues stand unpaid for exactly `months` months in a row, up to the end
    of last month, told once to `audience` (UNPAID_WARNINGS in affairs.models, with the
    articles).

    The anchor is the 1st of the month after the last unpaid one, and the reminder is due
    ten days later (`reminders.KINDS`): only on that day does a member count, and the
    natural key (kind, member, recipient, day) keeps it to once. A month counts when a
    declaration with dues above 0.00 is in force; months before the first declaration end
    the run. Four queries: the members with their declarations and payments, the
    secretaries, the committee.
    """
    rows = []
    for anchor, due_on in reminders.anchors(code, today).items():
        if anchor.day != 1:
            continue
        late = dues_queries.unpaid_in_a_row(anchor, months)
        if not late:
            continue
        secretaries = (
            branch_secretaries({m.branch_id for m in late}) if "secretaries" in audience else {}
        )
        committee = committee_users() if "committee" in audience else set()
        first = add_months(anchor, -months)
        last = add_months(anchor, -1)
        for member in late:
            values = {
                "name": member.name,
                "branch": member.branch.name,
                "n": months,
                "first": f"{first:%Y-%m}",
                "last": f"{last:%Y-%m}",
            }
            url = reverse("affairs:member_dues", args=[member.pk])
            subject = _("%(name)s: dues unpaid for %(n)s months in a row") % values
            if months >= 6:
                body = (
                    _(
                        "%(branch)s, %(name)s has paid no dues from %(first)s to %(last)s. Under "
                        "Article 9 of the Party Constitution a member who without good reason "
                        "pays no dues for six months in a row is regarded as having left the "
                        "Party of their own accord. This is the last reminder: the branch looks "
                        "into the reason and decides; the portal takes no action itself."
                    )
                    % values
                )
            else:
                body = (
                    _(
                        "%(branch)s, %(name)s has paid no dues from %(first)s to %(last)s. "
                        "Members pay their dues themselves each month; dues may be paid at most "
                        "six months late (《规定》第十一条)."
                    )
                    % values
                )
            recipients = set(secretaries.get(member.branch_id, ())) | committee
            if "member" in audience and member.user_id and member.user.is_active:
                recipients.add(member.user_id)
            rows.extend(
                reminders.row(code, member, user_id, due_on, subject=subject, body=body, url=url)
                for user_id in sorted(recipients)
            )
    return rows


dues_unpaid_3 = _unpaid_scan("dues_unpaid_3")
dues_unpaid_6 = _unpaid_scan("dues_unpaid_6")


# 组织关系转接 ----------------------------------------------------------------------------


@reminders.register_scan("transfer_letter_expired")
def transfer_letter_expired(today):
    """Moves out of the company whose 介绍信 ran out with no 回执 back: the old branch's
    secretaries and the committee (who accept moves out) are asked to follow it up, the day
    after the letter's last valid day and a month later. Recording the 回执 settles them.
    Three queries: the transfers, the secretaries, the committee."""
    due = reminders.anchors("transfer_letter_expired", today)
    late = list(transfer_queries.letters_expired_on(due))
    if not late:
        return []
    secretaries = branch_secretaries({t.from_branch_id for t in late})
    committee = committee_users()
    rows = []
    for transfer in late:
        values = {
            "name": transfer.member.name,
            "branch": transfer.from_branch.name,
            "to": transfer.destination,
            "no": transfer.letter_no,
            "date": _day(transfer.letter_valid_until),
        }
        subject = _("%(name)s: transfer letter expired without a receipt") % values
        body = (
            _(
                "%(branch)s, %(name)s: the transfer letter %(no)s to %(to)s was valid until "
                "%(date)s and no receipt has come back. Ask the receiving organisation "
                "whether the member reported there, and record the receipt when it comes."
            )
            % values
        )
        recipients = set(secretaries.get(transfer.from_branch_id, ())) | committee
        rows.extend(
            reminders.row(
                "transfer_letter_expired",
                transfer,
                user_id,
                due[transfer.letter_valid_until],
                subject=subject,
                body=body,
                url=transfer.get_absolute_url(),
            )
            for user_id in sorted(recipients)
        )
    return rows
