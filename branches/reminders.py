"""The branches' reminder scans: tomorrow's activity, required activities due or overdue
(the 发展党员 steps falling due are in affairs/reminders.py).

Registered with `reminders.services` when the app is ready (`BranchesConfig.ready`), so the
web process, the workers and `manage.py send_reminders` all know them. Each scan returns
unsaved rows from a fixed number of queries, whatever the number of branches or members;
the outbox's natural key makes a second run insert nothing.
"""

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reminders import services as reminders

from . import compliance
from .models import Activity, ActivityKind, Branch, CommitteeElection, Member, Role

# Who answers for a branch's cadence: reminded of what is due and what is overdue.
COMPLIANCE_ROLES = (Role.Kind.SECRETARY, Role.Kind.DEPUTY)
# Activities only the branch committee (书记, 副书记, 支委) attends: the other members are
# not reminded of them.
COMMITTEE_ONLY = {ActivityKind.COMMITTEE_MEETING}


def _day(value):
    return formats.date_format(value, "DATE_FORMAT")


def day_range(day):
    """The aware datetimes [00:00 of `day`, 00:00 of the next day) in the portal's zone."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()), tz
    )
    return start, end


def reachable_members():
    """Members a reminder can reach: active, with an active account."""
    return Member.objects.filter(is_active=True, user__isnull=False, user__is_active=True)


def branch_secretaries(branch_ids=None):
    """{branch id: user ids} of the secretaries and deputies (COMPLIANCE_ROLES) a reminder
    can reach, of `branch_ids` or of every branch (one query)."""
    roles = Role.objects.filter(
        kind__in=COMPLIANCE_ROLES,
        member__is_active=True,
        member__user__isnull=False,
        member__user__is_active=True,
    )
    if branch_ids is not None:
        roles = roles.filter(branch_id__in=branch_ids)
    recipients = defaultdict(set)
    for branch_id, user_id in roles.values_list("branch_id", "member__user_id"):
        recipients[branch_id].add(user_id)
    return recipients


@reminders.register_scan("activity")
def activities_tomorrow(today):
    """Each member invited to an activity that starts tomorrow (two queries).

    Invited: the branch's members; for an activity of one party group (a 党小组会) that
    group's members only, the same rule as its attendance; for a 支部委员会 the branch
    committee only (COMMITTEE_ONLY). Status is not filtered: an
    activity starting tomorrow is planned (the form refuses a held one in the future), and
    a replayed day (`send_reminders --date`, the demo) must still see activities that have
    been held since.
    """
    due = reminders.anchors("activity", today)
    window = Q()
    for anchor in due:
        start, end = day_range(anchor)
        window |= Q(starts_at__gte=start, starts_at__lt=end)
    activities = list(Activity.objects.filter(window).select_related("branch", "party_group"))
    if not activities:
        return []
    on_committee = Role.objects.filter(
        member=OuterRef("pk"), branch=OuterRef("branch_id"), kind__in=Role.BRANCH_KINDS
    )
    invited = defaultdict(list)  # branch id -> [(user id, party group id, on committee)]
    for user_id, branch_id, group_id, committee in (
        reachable_members()
        .filter(branch_id__in={a.branch_id for a in activities})
        .annotate(committee=Exists(on_committee))
        .values_list("user_id", "branch_id", "party_group_id", "committee")
    ):
        invited[branch_id].append((user_id, group_id, committee))
    rows = []
    for activity in activities:
        starts = timezone.localtime(activity.starts_at)
        due_on = due[starts.date()]
        kind = activity.get_kind_display()
        # Topics often start with their kind (主题党日：...): say it once.
        what = activity.topic if activity.topic.startswith(kind) else f"{kind}：{activity.topic}"
        subject = pgettext("branch", "Tomorrow at %(time)s: %(what)s") % {
            "time": formats.time_format(starts.time(), "TIME_FORMAT"),
            "what": what,
        }
        body = _(
            "%(branch)s holds a %(kind)s on %(date)s at %(time)s in %(place)s.\nTopic: %(topic)s"
        ) % {
            "branch": activity.branch.name,
            "kind": kind,
            "date": _day(starts.date()),
            "time": formats.time_format(starts.time(), "TIME_FORMAT"),
            "place": activity.place,
            "topic": activity.topic,
        }
        if activity.party_group_id:
            body += "\n" + _("For the members of %(group)s.") % {"group": activity.party_group.name}
        for user_id, group_id, committee in invited[activity.branch_id]:
            if activity.party_group_id and group_id != activity.party_group_id:
                continue
            if activity.kind in COMMITTEE_ONLY and not committee:
                continue
            rows.append(
                reminders.row(
                    "activity",
                    activity,
                    user_id,
                    due_on,
                    subject=subject,
                    body=body,
                    url=activity.get_absolute_url(),
                )
            )
    return rows


def _compliance_rows(code, today, rules, pick, subject, line, url_name):
    """One reminder per branch to its secretary and deputy, listing each unmet rule.

    `rules` are the cadence rules whose period ends on this scan's anchor; `pick(rule_status)`
    is the period status to report (the current one, or the one that just ended) or None.
    Three queries: the rules (by the caller), the recipients, one aggregate of activities.
    """
    if not rules:
        return []
    recipients = defaultdict(set)  # branch id -> user ids
    names = {}
    for branch_id, name, user_id in Role.objects.filter(
        kind__in=COMPLIANCE_ROLES,
        member__is_active=True,
        member__user__isnull=False,
        member__user__is_active=True,
    ).values_list("branch_id", "branch__name", "member__user_id"):
        recipients[branch_id].add(user_id)
        names[branch_id] = name
    branches = [Branch(pk=pk, name=names[pk]) for pk in sorted(recipients)]
    rows = []
    for status in compliance.compliance_for(branches, today, cadence_rules=rules):
        unmet = [(rs.rule, p) for rs in status.rules if (p := pick(rs)) is not None]
        if not unmet:
            continue
        branch = status.branch
        text_subject = subject % {
            "branch": branch.name,
            "kinds": "、".join(rule.get_kind_display() for rule, _p in unmet),
        }
        body = "\n".join(
            line
            % {
                "kind": rule.get_kind_display(),
                "count": p.count,
                "minimum": p.minimum,
                "period": p.period.label,
                "end": _day(p.period.end),
            }
            for rule, p in unmet
        )
        url = reverse(url_name, args=[branch.pk])
        rows.extend(
            reminders.row(code, branch, user_id, today, text_subject, body, url)
            for user_id in sorted(recipients[branch.pk])
        )
    return rows


@reminders.register_scan("compliance_due")
def compliance_due(today):
    """A week before a period ends, each required activity not yet held in it (≤ 3 queries).

    Every period ends on a month's last day, so on most days no rule qualifies and the scan
    stops after reading the rules.
    """
    ends = reminders.anchors("compliance_due", today)
    rules = [r for r in compliance.rules() if compliance.period_of(r.period, today).end in ends]
    return _compliance_rows(
        "compliance_due",
        today,
        rules,
        lambda rs: rs.current if rs.current.state == compliance.DUE else None,
        _("%(branch)s: not yet held this period: %(kinds)s"),
        _("%(kind)s: %(count)s held of at least %(minimum)s in %(period)s, which ends on %(end)s."),
        "branches:activity_create",
    )


@reminders.register_scan("compliance_overdue")
def compliance_overdue(today):
    """The day after a period ended, each required activity it missed (≤ 3 queries)."""
    ends = reminders.anchors("compliance_overdue", today)
    # compliance_for(on=today) reports the period before today's as `previous`.
    rules = [
        r
        for r in compliance.rules()
        if compliance.previous(compliance.period_of(r.period, today)).end in ends
    ]
    return _compliance_rows(
        "compliance_overdue",
        today,
        rules,
        lambda rs: rs.previous if rs.previous.state == compliance.OVERDUE else None,
        _("%(branch)s: overdue: %(kinds)s"),
        _(
            "%(kind)s: %(count)s held of at least %(minimum)s in %(period)s, "
            "which ended on %(end)s."
        ),
        "branches:branch_detail",
    )


# 换届: the branch's 支委会 and the 党委 are reminded six months and one month before the
# term ends (支部工作条例 第二十一条: 任期届满应当按期进行换届选举), in calendar months.
TERM_REMINDER_MONTHS = (6, 1)


@reminders.register_scan("committee_term")
def committee_term(today):
    """The current 支部委员会 terms ending six or one month from today: to the branch's
    书记, 副书记 and 委员 and to the 党委 (two queries). A branch that has held its next
    election has a later one, and its old term is no longer reminded."""
    from affairs.models import add_months

    later = CommitteeElection.objects.filter(
        branch=OuterRef("branch"), held_on__gt=OuterRef("held_on")
    )
    horizon = add_months(today, max(TERM_REMINDER_MONTHS) + 1)
    ending = [
        (election, months)
        for election in CommitteeElection.objects.filter(ends_on__gt=today, ends_on__lte=horizon)
        .exclude(Exists(later))
        .select_related("branch")
        for months in TERM_REMINDER_MONTHS
        if add_months(election.ends_on, -months) == today
    ]
    if not ending:
        return []
    recipients = defaultdict(set)
    party_committee = set()
    for kind, branch_id, user_id in Role.objects.filter(
        Q(kind__in=Role.BRANCH_KINDS, branch__in={e.branch_id for e, _m in ending})
        | Q(kind=Role.Kind.PARTY_COMMITTEE),
        member__is_active=True,
        member__user__isnull=False,
        member__user__is_active=True,
    ).values_list("kind", "branch_id", "member__user_id"):
        (party_committee if kind == Role.Kind.PARTY_COMMITTEE else recipients[branch_id]).add(
            user_id
        )
    rows = []
    for election, months in ending:
        values = {
            "branch": election.branch.name,
            "held": _day(election.held_on),
            "ends": _day(election.ends_on),
            "months": months,
        }
        subject = _("%(branch)s: the branch committee's term ends on %(ends)s") % values
        body = (
            _(
                "The branch committee of %(branch)s, elected on %(held)s, ends its term on "
                "%(ends)s, in %(months)s month(s). Prepare the election of the next committee "
                "and ask the party committee to approve it."
            )
            % values
        )
        rows.extend(
            reminders.row(
                "committee_term",
                election,
                user_id,
                today,
                subject=subject,
                body=body,
                url=election.get_absolute_url(),
            )
            for user_id in sorted(recipients[election.branch_id] | party_committee)
        )
    return rows
