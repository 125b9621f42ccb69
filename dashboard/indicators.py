"""The dashboard's indicators: one function per family, one grouped query each.

Each function takes the ids of the branches in scope and the period (a
`branches.compliance.Period`) and returns per-branch values, `{branch_id: ...}`, computed
with aggregates grouped by branch, never with a query per branch. The queries filter on
(branch, date) so that they use the indexes on (branch, starts_at) and the like.
`collect()` runs them all for one page.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from branches import compliance as cadence
from branches import hours
from branches.models import FIRST_TOPIC_KINDS, ActivityMonth, Branch, Member
from dashboard.models import GreenPowerShare
from hongjun.subqueries import count_of
from initiatives import queries as initiative_queries
from initiatives.models import Initiative
from safety.models import (
    Hazard,
    PledgeTally,
    PledgeVersion,
    SafetyZone,
    StudySession,
    StudyTally,
    Violation,
)

TENTH = Decimal("0.1")
# The company's target for green power in electrolysis (绿电占比), in percent.
GREEN_POWER_TARGET = 40
# How many months the green-power trend shows, ending with the period's last month.
GREEN_POWER_TREND_MONTHS = 18
# Initiatives that a branch carries (awarded to it or hosted by it) and that count for it.
CARRIED = (
    Initiative.Status.AWARDED,
    Initiative.Status.IN_PROGRESS,
    Initiative.Status.SUBMITTED,
    Initiative.Status.RETURNED,
    Initiative.Status.ACCEPTED,
)


def percent(part, whole):
    """part / whole in percent with one decimal (halves up, as by hand), or None when there
    is nothing to divide."""
    if not whole:
        return None
    return float((Decimal(100 * part) / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP))


def bounds(period):
    """The period as aware datetimes [start, end) in the portal's time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def as_of(period, today):
    """The day the period's standing figures are read on: its last day, or today if sooner."""
    return min(period.end, today)


# 三会一课 compliance ------------------------------------------------------------------


@dataclass
class Compliance:
    """Cadence periods inside the chosen period: met, missed (ended unmet), still running."""

    done: int = 0
    overdue: int = 0
    due: int = 0
    by_rule: dict = field(default_factory=dict)  # rule kind → [done, counted]

    @property
    def counted(self):
        return self.done + self.overdue

    @property
    def rate(self):
        return percent(self.done, self.counted)


def cadence_periods(kind, period, today):
    """The periods of a cadence rule (`kind`: month, quarter, year) that overlap `period` and
    have begun by `today`: a quarterly rule seen in a month view is judged on its quarter."""
    result, day = [], period.start
    while day <= period.end and day <= today:
        window = cadence.period_of(kind, day)
        result.append(window)
        day = window.end + datetime.timedelta(days=1)
    return result


def compliance(branch_ids, period, today, rules):
    """三会一课 and the other cadence rules, per branch (one query; `rules` read by the caller).

    A cadence period counts when it was met, or when it ended unmet (missed); one still
    running and not yet met is `due` and counts neither way. rate = met / counted.
    """
    flat = [(rule, w) for rule in rules for w in cadence_periods(rule.period, period, today)]
    result = {pk: Compliance() for pk in branch_ids}
    if not flat or not branch_ids:
        return result
    counts = cadence.window_counts(branch_ids, [(rule.kind, w) for rule, w in flat])
    # A window's state depends on its count only through "met or not": work out both once.
    states = [
        (
            rule.kind,
            rule.minimum,
            cadence.state_of(rule.minimum, rule.minimum, w, today),
            cadence.state_of(0, rule.minimum, w, today),
        )
        for rule, w in flat
    ]
    none = [0] * len(flat)
    for pk in branch_ids:
        row = result[pk]
        by_rule = row.by_rule = {rule.kind: [0, 0] for rule in rules}
        for (kind, minimum, met, unmet), n in zip(states, counts.get(pk, none), strict=True):
            state = met if n >= minimum else unmet
            tally = by_rule[kind]
            if state == cadence.DONE:
                row.done += 1
                tally[0] += 1
                tally[1] += 1
            elif state == cadence.OVERDUE:
                row.overdue += 1
                tally[1] += 1
            else:
                row.due += 1
    return result


# Activities: by kind and theme, 第一议题 ----------------------------------------------


@dataclass
class Activities:
    total: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_theme: Counter = field(default_factory=Counter)
    meetings: int = 0  # held meetings that should open with 第一议题
    first_topic: int = 0  # of those, how many did

    @property
    def first_topic_rate(self):
        return percent(self.first_topic, self.meetings)


# Attendance ---------------------------------------------------------------------------


@dataclass
class AttendanceTally:
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def expected(self):
        return self.present + self.excused + self.absent

    @property
    def rate(self):
        """Present over expected: an excused absence is still an absence from the meeting."""
        return percent(self.present, self.expected)


def activities(branch_ids, period):
    """Held activities per branch by kind and 党建+X theme, 第一议题 coverage, and their
    attendance: (`{branch_id: Activities}`, `{branch_id: AttendanceTally}`), one query.

    Added up by the database from the monthly summaries kept by triggers
    (`branches.ActivityMonth`, a row per branch, month, kind and theme): a company's year is
    about 9,000 rows instead of 12,000 activities with their attendance tallies (which stand
    for 370,000 attendance rows). Whatever kinds and themes there are, each is counted.
    """
    rows = (
        ActivityMonth.objects.filter(
            branch_id__in=branch_ids, month__gte=period.start, month__lte=period.end
        )
        .values_list("branch_id", "kind", "theme")
        .annotate(Sum("held"), Sum("first_topic"), Sum("present"), Sum("excused"), Sum("absent"))
        .order_by()
    )
    acts = {pk: Activities() for pk in branch_ids}
    attendance = {pk: AttendanceTally() for pk in branch_ids}
    for branch_id, kind, theme, held, first, present, excused, absent in rows:
        row, tally = acts[branch_id], attendance[branch_id]
        row.total += held
        row.by_kind[kind] += held
        row.by_theme[theme] += held
        if kind in FIRST_TOPIC_KINDS:
            row.meetings += held
            row.first_topic += first
        tally.present += present
        tally.excused += excused
        tally.absent += absent
    return acts, attendance


# Pledges ------------------------------------------------------------------------------


@dataclass
class Pledges:
    members: int = 0
    signed: int = 0

    @property
    def unsigned(self):
        return self.members - self.signed

    @property
    def rate(self):
        return percent(self.signed, self.members)


def pledge_version(period, today):
    """The pledge in force at the end of the period (or today): the latest published by then."""
    _, end = bounds(cadence.Period(period.kind, period.start, as_of(period, today)))
    return (
        PledgeVersion.objects.filter(published_at__isnull=False, published_at__lt=end)
        .order_by("-published_at", "-id")
        .first()
    )


def pledges(branch_ids, version):
    """Active members and how many signed `version`, per branch (one query, none without one).

    The active members counted from the (branch, is_active) index, the signatures read from
    the tallies kept by triggers (`safety.PledgeTally`): the same counts as the signing-rate
    pages (`safety.queries.branch_rates`), so the drill-down shows the very members behind
    the number, without joining 8,000 members to their signatures.
    """
    result = {pk: Pledges() for pk in branch_ids}
    if version is None or not branch_ids:
        return result
    # Per branch, as subqueries: a grouped count over members would evaluate the tally's
    # lookup once a member (8,000), not once a branch.
    signed = PledgeTally.objects.filter(version=version, branch=OuterRef("pk")).values("signed")
    rows = (
        Branch.objects.filter(pk__in=branch_ids)
        .annotate(
            active_count=count_of(Member.objects.filter(is_active=True), "branch"),
            signed_count=Coalesce(Subquery(signed), 0),
        )
        .values_list("pk", "active_count", "signed_count")
    )
    for branch_id, members, n in rows:
        result[branch_id] = Pledges(members, n)
    return result


# Zones and violations -----------------------------------------------------------------


@dataclass
class Safety:
    zones: int = 0
    zones_with_violation: int = 0
    violations: int = 0
    by_severity: dict = field(default_factory=dict)
    days_without_violation: int | None = None  # None: the branch has no zone yet

    @property
    def clean_zones(self):
        return self.zones - self.zones_with_violation

    @property
    def clean_rate(self):
        """Zones without a violation in the period, of the zones set up by its end."""
        return percent(self.clean_zones, self.zones)


def safety(branch_ids, period, today):
    """Zones, violations in the period by severity and days without violation (one query).

    Days without violation, read on the period's last day (or today): since the branch's
    latest violation in any of its zones, or since its first zone was set up.
    """
    day = as_of(period, today)
    in_period = Q(violations__occurred_on__gte=period.start, violations__occurred_on__lte=day)
    severities = {
        s: Count("violations", filter=in_period & Q(violations__severity=s))
        for s in Violation.Severity.values
    }
    rows = (
        SafetyZone.objects.filter(branch_id__in=branch_ids, established_on__lte=day)
        .values("branch_id")
        .annotate(
            zone_count=Count("id", distinct=True),
            dirty=Count("id", filter=in_period, distinct=True),
            violation_count=Count("violations", filter=in_period),
            counted_since=Min("established_on"),
            last_violation=Max(
                "violations__occurred_on", filter=Q(violations__occurred_on__lte=day)
            ),
            **{f"sev_{s}": agg for s, agg in severities.items()},
        )
        .order_by()
    )
    result = {pk: Safety(by_severity=dict.fromkeys(severities, 0)) for pk in branch_ids}
    for row in rows:
        since = max(filter(None, [row["last_violation"], row["counted_since"]]))
        result[row["branch_id"]] = Safety(
            zones=row["zone_count"],
            zones_with_violation=row["dirty"],
            violations=row["violation_count"],
            by_severity={s: row[f"sev_{s}"] for s in severities},
            days_without_violation=max((day - since).days, 0),
        )
    return result


# Hazards (隐患排查整改) --------------------------------------------------------------


@dataclass
class Hazards:
    reported: int = 0  # reported in the period
    late: int = 0  # of those, overdue now
    open_by_severity: dict = field(default_factory=dict)  # reported by the period's end
    overdue_by_severity: dict = field(default_factory=dict)

    @property
    def open(self):
        return sum(self.open_by_severity.values())

    @property
    def overdue(self):
        return sum(self.overdue_by_severity.values())

    @property
    def in_time_rate(self):
        """Hazards reported in the period that are not overdue now (closed or in time)."""
        return percent(self.reported - self.late, self.reported)


def hazards(branch_ids, period, today):
    """Hazards of the branches' zones: open and overdue now by severity among those reported
    by the period's end, and those reported in the period (one query).

    A hazard's state is today's: the portal keeps no history of states to read a past
    backlog from, and what is still open is what the committee must chase.
    """
    start, end = bounds(period)
    _, until = bounds(cadence.Period(period.kind, period.start, as_of(period, today)))
    is_open = ~Q(status=Hazard.Status.CLOSED)
    is_overdue = Q(status__in=Hazard.FIX_OWED, deadline__lt=today)
    in_period = Q(reported_at__gte=start, reported_at__lt=end)
    # Only hazards still open or reported in the period count for anything: reading just
    # those (two index scans) skips the thousands closed in earlier years.
    still_open = [s for s in Hazard.Status.values if s != Hazard.Status.CLOSED]
    rows = (
        Hazard.objects.filter(zone__branch_id__in=branch_ids, reported_at__lt=until)
        .filter(Q(status__in=still_open) | in_period)
        .values("zone__branch_id", "severity")
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_overdue),
            reported=Count("id", filter=in_period),
            late=Count("id", filter=in_period & is_overdue),
        )
        .order_by()
    )
    empty = dict.fromkeys(Hazard.Severity.values, 0)
    result = {
        pk: Hazards(open_by_severity=dict(empty), overdue_by_severity=dict(empty))
        for pk in branch_ids
    }
    for row in rows:
        entry = result[row["zone__branch_id"]]
        entry.reported += row["reported"]
        entry.late += row["late"]
        entry.open_by_severity[row["severity"]] += row["open"]
        entry.overdue_by_severity[row["severity"]] += row["overdue"]
    return result


# 安全"三学" study ---------------------------------------------------------------------


@dataclass
class Study:
    by_mode: dict = field(default_factory=dict)  # mode → [invited, present]

    @property
    def invited(self):
        return sum(v[0] for v in self.by_mode.values())

    @property
    def present(self):
        return sum(v[1] for v in self.by_mode.values())

    @property
    def rate(self):
        return percent(self.present, self.invited)

    def mode_rate(self, mode):
        invited, present = self.by_mode.get(mode, (0, 0))
        return percent(present, invited)


def study(branch_ids, period, today):
    """Invitations to 三学 sessions held in the period and presences, per branch (by the
    member's branch: a committee-led session counts in every branch it reached) and mode.
    Sessions still to come are left out. One query, over the tallies kept by triggers
    (`safety.StudyTally`): 600 rows for a company's year instead of 32,000 invitations."""
    start, end = bounds(period)
    end = min(end, timezone.now())
    rows = (
        StudyTally.objects.filter(
            branch_id__in=branch_ids,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
        .values_list("branch_id", "session__mode")
        .annotate(invited=Sum("invited"), present=Sum("present"))
        .order_by()
    )
    modes = StudySession.Mode.values  # a property that builds the list anew each time
    result = {pk: Study(by_mode={m: [0, 0] for m in modes}) for pk in branch_ids}
    for branch_id, mode, invited, present in rows:
        slot = result[branch_id].by_mode[mode]
        slot[0] += invited
        slot[1] += present
    return result


# Initiatives --------------------------------------------------------------------------


@dataclass
class Initiatives:
    carried: int = 0  # projects the branch carries that ran in the period
    by_theme_status: Counter = field(default_factory=Counter)


def initiatives_running(period):
    """Projects (drafts aside) whose planned dates overlap the period."""
    return Initiative.objects.exclude(status=Initiative.Status.DRAFT).filter(
        starts_on__lte=period.end, ends_on__gte=period.start
    )


def initiatives(branch_ids, period, include_unassigned=False):
    """Projects running in the period per branch, by theme and status (one query).

    With `include_unassigned` (the company view) the projects without a branch yet (listed,
    not awarded) come under the key None.
    """
    where = Q(branch_id__in=branch_ids)
    if include_unassigned:
        where |= Q(branch__isnull=True)
    rows = (
        initiatives_running(period)
        .filter(where)
        .values("branch_id", "theme", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    result = {pk: Initiatives() for pk in branch_ids}
    if include_unassigned:
        result[None] = Initiatives()
    for row in rows:
        entry = result[row["branch_id"]]
        entry.by_theme_status[(row["theme"], row["status"])] += row["n"]
        if row["status"] in CARRIED:
            entry.carried += row["n"]
    return result


def outcomes(period, branch_ids=None):
    """Outcome figures reported in the period, added up by theme and unit (one query).

    `branch_ids` None: the whole company, projects without a branch included.
    """
    scoped = None if branch_ids is None else Initiative.objects.filter(branch_id__in=branch_ids)
    return initiative_queries.outcome_totals(period.start, period.end, scoped)


# Green power --------------------------------------------------------------------------


@dataclass
class GreenPower:
    target: int
    trend: list  # [(month date, percent or None)], oldest first
    months: list  # the months of the period with a figure: [(month, percent)]

    @property
    def latest(self):
        return self.months[-1] if self.months else None

    @property
    def average(self):
        if not self.months:
            return None
        return round(sum(p for _, p in self.months) / len(self.months), 1)

    @property
    def gap(self):
        """Percentage points still missing to the target in the latest month (0 when met)."""
        if self.latest is None:
            return None
        return max(round(self.target - self.latest[1], 1), 0)


def _month_back(day, n):
    index = day.year * 12 + day.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


def green_power(period, today):
    """The committee's monthly 绿电占比: the period's months and the trend up to it (one query)."""
    last = _month_back(as_of(period, today), 0)
    first = _month_back(last, GREEN_POWER_TREND_MONTHS - 1)
    shares = {
        row.month: float(row.percent)
        for row in GreenPowerShare.objects.filter(month__gte=first, month__lte=last)
    }
    trend = [
        (m, shares.get(m))
        for m in (_month_back(last, n) for n in range(GREEN_POWER_TREND_MONTHS - 1, -1, -1))
    ]
    months = [(m, p) for m, p in trend if p is not None and m >= period.start]
    return GreenPower(GREEN_POWER_TARGET, trend, months)


# All of it, for one page --------------------------------------------------------------


@dataclass
class Figures:
    """Everything the dashboard shows for one scope and period."""

    branches: list
    period: object
    today: datetime.date
    rules: list
    compliance: dict
    activities: dict
    attendance: dict
    pledge_version: object
    pledges: dict
    safety: dict
    hazards: dict
    study: dict
    initiatives: dict
    outcomes: list
    green_power: GreenPower
    is_company: bool = False
    study_hours: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict, repr=False, compare=False)

    def total(self, family):
        """The family's values added up over the branches in scope (once a family: the page
        asks for each total several times; read it, do not change it)."""
        if family not in self.totals:
            self.totals[family] = add_up(getattr(self, family)[b.pk] for b in self.branches)
        return self.totals[family]


def add_up(values):
    """Sum dataclass values field by field (counters and dicts added key by key)."""
    values = list(values)
    if not values:
        return None
    first = values[0]
    total = type(first)()
    for name, sample in vars(first).items():
        column = list(map(attrgetter(name), values))
        if isinstance(sample, Counter):
            mine = getattr(total, name)
            for counts in column:
                mine.update(counts)
        elif isinstance(sample, dict):
            mine = getattr(total, name)
            for counts in column:
                for key, v in counts.items():
                    if isinstance(v, list):
                        slot = mine.setdefault(key, [0] * len(v))
                        for i, x in enumerate(v):
                            slot[i] += x
                    else:
                        mine[key] = mine.get(key, 0) + v
        elif name == "days_without_violation":
            # The fewest of any branch that has a zone.
            days = [v for v in column if v is not None]
            total.days_without_violation = min(days) if days else None
        elif isinstance(sample, int):
            setattr(total, name, sum(column))
    return total


@dataclass
class HoursSummary:
    """A branch's 学时 in the period's year: members counted, those who met their
    requirement (32 or 56), and the hours all together."""

    members: int = 0
    met: int = 0
    hours: Decimal = Decimal(0)

    @property
    def rate(self):
        return percent(self.met, self.members)

    @property
    def average(self):
        return (self.hours / self.members).quantize(Decimal("0.1")) if self.members else None


def study_hours(branch_ids, period):
    """{branch id: HoursSummary} of the active members' 学时 in the year the period falls
    in (学时 are yearly: 当年有效). One query (`branches.hours.hours_for`)."""
    members = Member.objects.filter(branch_id__in=branch_ids, is_active=True)
    result = {pk: HoursSummary() for pk in branch_ids}
    for h in hours.hours_for(members, period.start.year).values():
        summary = result[h.branch_id]
        summary.members += 1
        summary.met += h.met
        summary.hours += h.total
    return result


def collect(branches, period, today=None, is_company=False):
    """Every indicator for `branches` (a list) and `period`: a fixed number of queries."""
    today = today or timezone.localdate()
    ids = [b.pk for b in branches]
    rules = cadence.rules()
    version = pledge_version(period, today)
    held, attendance = activities(ids, period)
    return Figures(
        branches=branches,
        period=period,
        today=today,
        rules=rules,
        compliance=compliance(ids, period, today, rules),
        activities=held,
        attendance=attendance,
        pledge_version=version,
        pledges=pledges(ids, version),
        safety=safety(ids, period, today),
        hazards=hazards(ids, period, today),
        study=study(ids, period, today),
        initiatives=initiatives(ids, period, include_unassigned=is_company),
        outcomes=outcomes(period, None if is_company else ids),
        green_power=green_power(period, today),
        is_company=is_company,
        study_hours=study_hours(ids, period),
    )
