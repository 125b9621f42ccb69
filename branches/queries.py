"""Reads shared by the organisation and activity pages and the home pages, with their queries
decided here."""

import calendar
import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from hongjun.subqueries import count_of

from .models import (
    COMMITTEE_ONLY_KINDS,
    COMMITTEE_ROLE_KINDS,
    Activity,
    ActivityAttachment,
    Attendance,
    Branch,
    GeneralBranch,
    Member,
    PartyGroup,
    Role,
)

_ACTIVE = Q(members__is_active=True)
# 第一、第二、第三党小组 sort by when they were set up, not by the characters of their names.
GROUPS = Prefetch("groups", queryset=PartyGroup.objects.order_by("id"))


def with_member_counts(branches):
    """Annotate branches with active, full and probationary member counts (one query)."""
    return branches.annotate(
        member_count=Count("members", filter=_ACTIVE),
        full_count=Count("members", filter=_ACTIVE & Q(members__status=Member.Status.FULL)),
        probationary_count=Count(
            "members", filter=_ACTIVE & Q(members__status=Member.Status.PROBATIONARY)
        ),
    )


def org_tree(committee_branches):
    """General branches with their branches (counted) and each branch's party groups.

    Returns (general_branches, direct_branches): branches under a 党总支 hang on it as
    `.tree_branches`; those directly under the 党委 come second. Three queries.
    """
    branches = list(
        with_member_counts(committee_branches)
        .select_related("general_branch")
        .prefetch_related(GROUPS)
        .order_by("order", "name")
    )
    generals = list(GeneralBranch.objects.order_by("order", "name"))
    for general in generals:
        general.tree_branches = [b for b in branches if b.general_branch_id == general.pk]
    direct = [b for b in branches if b.general_branch_id is None]
    return generals, direct


def roster(branch):
    """The branch's active members with group, roles, model posts and shock teams."""
    return (
        branch.members.filter(is_active=True)
        .select_related("party_group", "user")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.select_related("branch")),
            "model_posts",
            "shock_teams",
        )
        .order_by("party_group_id", "name")
    )


@dataclass
class Term:
    """The branch's current 支部委员会 term as its page shows it."""

    election: object
    state: str  # "in_term", "soon" (within six months of its end), "over"
    days_left: int
    source: object


def committee_term(branch, today):
    """The branch's current term (its latest election), or None (one query)."""
    from affairs.models import add_months

    from .models import COMMITTEE_TERM_SOURCE
    from .reminders import TERM_REMINDER_MONTHS

    election = branch.elections.order_by("-held_on", "-id").first()
    if election is None:
        return None
    if election.ends_on <= today:
        state = "over"
    elif add_months(election.ends_on, -max(TERM_REMINDER_MONTHS)) <= today:
        state = "soon"
    else:
        state = "in_term"
    return Term(election, state, (election.ends_on - today).days, COMMITTEE_TERM_SOURCE)


def member_trainings(member, year):
    """The member's training records of `year`, newest first (one query)."""
    return list(member.trainings.filter(started_on__year=year).order_by("-started_on", "-id"))


def branch_page(pk, branches):
    """One branch from the user's scope, with counts, groups and teams prefetched."""
    return (
        with_member_counts(branches)
        .select_related("general_branch", "committee")
        .prefetch_related(
            Prefetch("groups", queryset=PartyGroup.objects.select_related("leader").order_by("id")),
            Prefetch("model_posts", queryset=_teams("model_posts")),
            Prefetch("shock_teams", queryset=_teams("shock_teams").select_related("leader")),
            Prefetch("roles", queryset=Role.objects.select_related("member")),
        )
        .get(pk=pk)
    )


def _teams(name):
    model = Branch._meta.get_field(name).related_model
    return model.objects.prefetch_related("members")


# Activities ---------------------------------------------------------------------------


def activity_list(activities):
    """Activities with host, group and attendance counts, newest first (one query a page).

    The counts are subqueries, not a COUNT over joins: PostgreSQL works them out for the
    page's 25 rows only, where the joined GROUP BY grouped all 400 of a branch's five years
    and their 12,000 attendance rows first (docs/performance.md).
    """
    return (
        activities.select_related("branch", "host", "party_group")
        .annotate(
            attendance_count=count_of(Attendance.objects.all(), "activity"),
            present_count=count_of(
                Attendance.objects.filter(status=Attendance.Status.PRESENT), "activity"
            ),
            attachment_count=count_of(ActivityAttachment.objects.all(), "activity"),
        )
        .order_by("-starts_at", "-id")
    )


def activity_detail(pk, activities):
    """One activity from the user's scope with attendance and evidence (three queries)."""
    return (
        activities.select_related("branch", "host", "party_group", "created_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related(
                    "member", "member__party_group"
                ).order_by("member__party_group__name", "member__name"),
            ),
            "attachments",
        )
        .get(pk=pk)
    )


def activity_roster(branch, activity=None, kind=None):
    """Whom the attendance form lists: the branch's active members, and anyone already
    recorded on `activity` (a member who has since left stays on its record). One query.

    For a 支部委员会 (`kind`, or the activity's) only the branch's 委员 (a branch role:
    COMMITTEE_ROLE_KINDS) are expected: the other members are not absent from it.

    The recorded members are a subquery, not a join: OR-ing a join to the attendance table
    with DISTINCT read the 1.8 million rows of the company's attendance, 220 ms.
    """
    on_roster = Q(branch=branch, is_active=True)
    if kind is None and activity is not None:
        kind = activity.kind
    if kind in COMMITTEE_ONLY_KINDS:
        committee = Role.objects.filter(
            member=OuterRef("pk"), branch=branch, kind__in=COMMITTEE_ROLE_KINDS
        )
        on_roster &= Q(Exists(committee))
    if activity is not None and activity.pk:
        recorded = Attendance.objects.filter(activity=activity).values("member_id")
        on_roster |= Q(pk__in=recorded)
    return list(
        Member.objects.filter(on_roster)
        .select_related("party_group")
        .order_by("party_group__name", "name")
    )


def recorded_attendance(activity):
    """{member_id: Attendance} of an activity (one query)."""
    return {a.member_id: a for a in activity.attendances.all()}


def member_attendance(member, year):
    """A member's attendance on held activities in `year`, newest first, and the totals.

    One query; returns (rows, summary) where summary has present, excused, absent, total and
    rate (present / total, in percent, or None without any record).
    """
    rows = list(
        Attendance.objects.filter(
            member=member,
            activity__status=Activity.Status.HELD,
            activity__starts_at__year=year,
        )
        .select_related("activity", "activity__branch")
        .order_by("-activity__starts_at")
    )
    summary = dict.fromkeys(Attendance.Status.values, 0)
    for row in rows:
        summary[row.status] += 1
    summary["total"] = len(rows)
    summary["rate"] = round(100 * summary["present"] / len(rows)) if rows else None
    return rows, summary


def activities_between(activities, start, end):
    """Activities starting on the local dates start..end (inclusive), oldest first."""
    since, until = _day_bounds(start, end)
    return (
        activities.filter(starts_at__gte=since, starts_at__lt=until)
        .select_related("branch", "host", "party_group")
        .order_by("starts_at", "id")
    )


@dataclasses.dataclass(frozen=True)
class CalendarEntry:
    """One line of the month calendar: an activity or a 三学 session, as the page shows it."""

    starts_at: datetime.datetime
    heading: str
    label: str  # the short name a day's cell has room for
    url: str
    place: str
    branch: str
    planned: bool
    study: bool = False


def activity_entry(activity):
    return CalendarEntry(
        starts_at=activity.starts_at,
        heading=activity.heading,
        label=str(activity.get_kind_display()),
        url=activity.get_absolute_url(),
        place=activity.place,
        branch=activity.branch.name,
        planned=activity.status == Activity.Status.PLANNED,
    )


def study_entry(session):
    mode = str(session.get_mode_display())
    return CalendarEntry(
        starts_at=session.starts_at,
        heading=f"{mode}：{session.topic}",
        label=mode,
        url=session.get_absolute_url(),
        place=session.place,
        branch=session.branch.name if session.branch_id else "",
        planned=session.starts_at > timezone.now(),
        study=True,
    )


def _day_bounds(start, end):
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time()), tz),
        timezone.make_aware(
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time()), tz
        ),
    )


def study_sessions_between(sessions, start, end):
    """三学 sessions starting on the local dates start..end (inclusive), oldest first."""
    since, until = _day_bounds(start, end)
    return (
        sessions.filter(starts_at__gte=since, starts_at__lt=until)
        .select_related("branch")
        .order_by("starts_at", "id")
    )


def month_grid(year, month, activities, sessions=None):
    """Weeks (Monday first) of the month, each day as (date, in_month, [CalendarEntry]):
    the activities and, when given, the 三学 sessions, in the order they start.

    One query for the activities and one for the sessions, whatever their number.
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    entries = [
        activity_entry(a) for a in activities_between(activities, weeks[0][0], weeks[-1][-1])
    ]
    if sessions is not None:
        entries += [
            study_entry(s) for s in study_sessions_between(sessions, weeks[0][0], weeks[-1][-1])
        ]
    by_day = {}
    for entry in sorted(entries, key=lambda e: e.starts_at):
        by_day.setdefault(timezone.localtime(entry.starts_at).date(), []).append(entry)
    return [[(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


def month_counts(year, month, activities):
    """Weeks (Monday first) of the month, each day as (date, in_month, how many activities
    start that day).

    One query, a count a day: the committee's month is over 1,000 activities of 150
    branches, more than a calendar can show or anyone read.
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = (
        activities_between(activities, weeks[0][0], weeks[-1][-1])
        .order_by()
        .values(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
        .annotate(n=Count("id"))
    )
    counts = {row["day"]: row["n"] for row in days}
    return [[(day, day.month == month, counts.get(day, 0)) for day in week] for week in weeks]


def member_search(members, text, limit=20):
    """Active members among `members` whose name holds `text` or whose employee number
    starts with it, in branch order: what the member pickers offer as the user types. An
    8,000-row scan, a couple of milliseconds."""
    text = text.strip()
    if not text:
        return []
    found = members.filter(is_active=True).filter(
        Q(name__icontains=text) | Q(employee_no__istartswith=text)
    )
    return list(found.select_related("branch").order_by("branch__order", "name", "pk")[:limit])
