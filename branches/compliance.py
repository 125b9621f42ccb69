"""Which required activities each branch has held, is due or is overdue on, per the cadence rules.

Pure functions on periods (`period_of`, `previous`, `periods_of_year`, `state_of`) and two
query-bounded readers that the branch page, the committee matrix, the dashboard and the
reminders share:

- `compliance_for(branches, on)`: per branch, per rule, the current period and the one
  before it (two queries whatever the number of branches or activities);
- `year_calendar(branch, year, on)`: for one branch, every period of the year per rule.

Only held activities count; a planned one does not until the secretary records it as held.
Periods are local calendar periods (Asia/Shanghai): an activity at 00:30 on 1 April counts
for the second quarter.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hongjun.paths import path_pattern

from .cadences import FOR_YEAR_KINDS, PER_GROUP_KINDS
from .models import ActivityMonth, Cadence

DONE, DUE, OVERDUE, UPCOMING = "done", "due", "overdue", "upcoming"
STATE_LABELS = {
    DONE: pgettext_lazy("branch", "done"),
    DUE: pgettext_lazy("branch", "due"),
    OVERDUE: pgettext_lazy("branch", "overdue"),
    UPCOMING: _("not yet"),
}
_MONTHS_IN = {Cadence.Period.MONTH: 1, Cadence.Period.QUARTER: 3, Cadence.Period.YEAR: 12}


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year: `start` and `end` are both inclusive dates."""

    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self):
        if self.kind == Cadence.Period.MONTH:
            return _("%(month)s/%(year)s") % {"year": self.start.year, "month": self.start.month}
        if self.kind == Cadence.Period.QUARTER:
            return _("Q%(quarter)s %(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        return str(self.start.year)

    @property
    def short_label(self):
        if self.kind == Cadence.Period.MONTH:
            return _("Month %(month)s") % {"month": self.start.month}
        if self.kind == Cadence.Period.QUARTER:
            return _("Q%(quarter)s") % {"quarter": (self.start.month - 1) // 3 + 1}
        return str(self.start.year)

    def months(self):
        """The (year, month) pairs the period covers."""
        return [_add_months(self.start.year, self.start.month, i) for i in range(self.months_len)]

    @property
    def months_len(self):
        return _MONTHS_IN[self.kind]


def _add_months(year, month, n):
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def period_of(kind, day):
    """The period of `kind` (month, quarter, year) that contains the date `day`."""
    length = _MONTHS_IN[kind]
    first_month = (day.month - 1) // length * length + 1
    start = datetime.date(day.year, first_month, 1)
    next_year, next_month = _add_months(day.year, first_month, length)
    end = datetime.date(next_year, next_month, 1) - datetime.timedelta(days=1)
    return Period(kind, start, end)


def previous(period):
    return period_of(period.kind, period.start - datetime.timedelta(days=1))


def periods_of_year(kind, year):
    """Every period of `kind` in the calendar year, in order."""
    periods, day = [], datetime.date(year, 1, 1)
    while day.year == year:
        period = period_of(kind, day)
        periods.append(period)
        day = period.end + datetime.timedelta(days=1)
    return periods


def state_of(count, minimum, period, on):
    """done when met; otherwise due while the period runs, overdue once it has ended."""
    if count >= minimum:
        return DONE
    if on > period.end:
        return OVERDUE
    if on < period.start:
        return UPCOMING
    return DUE


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    period: Period
    count: int
    minimum: int
    state: str

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


@dataclass(frozen=True, slots=True)
class RuleStatus:
    """One cadence rule for one branch: the current period and the one before it."""

    rule: Cadence
    current: PeriodStatus
    previous: PeriodStatus

    @property
    def state(self):
        """What a matrix cell shows: met now; else overdue if the last period was missed."""
        if self.current.state == DONE:
            return DONE
        return OVERDUE if self.previous.state == OVERDUE else DUE

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


@dataclass
class BranchCompliance:
    branch: object
    rules: list = field(default_factory=list)

    @property
    def overdue(self):
        return [r for r in self.rules if r.state == OVERDUE]

    @property
    def due(self):
        return [r for r in self.rules if r.state == DUE]


def rules():
    """The cadence rules in display order (one query)."""
    return list(Cadence.objects.order_by("order", "id"))


def window_counts(branch_ids, windows):
    """{branch_id: [held activities in each window]}, one query.

    `windows` are (kind, Period) pairs; the counts come in their order, each the held
    activities of the kind over the window's months, added up by the database from the
    monthly summaries: 150 rows come back for a company. A branch with nothing counted in
    the span of all of them has no entry.

    Two kinds are counted otherwise (`cadences.PER_GROUP_KINDS`, `cadences.FOR_YEAR_KINDS`),
    in the same statement (UNION ALL), so every reader (the matrix, the branch page, the
    reminders, the dashboard) judges them alike:

    - 党小组会, per 党小组: a branch with groups gets the fewest meetings any of its groups
      held in the window, so "count ≥ minimum" means every group met; a meeting recorded
      without its group counts for none. A branch without groups counts as one group.
    - 组织生活会 and 民主评议 over a year: the activities held for that 年度 (`for_year`, else
      the year held) and, for 民主评议, the branch's closed appraisals of that year.

    Written in SQL: the ORM took longer to compose the dashboard's 46 filtered sums (15 ms)
    than PostgreSQL takes to add them up.
    """
    if not windows or not branch_ids:
        return {}
    from django.apps import apps

    quote = connection.ops.quote_name
    n = len(windows)
    per_group = [i for i, (kind, _p) in enumerate(windows) if kind in PER_GROUP_KINDS]
    for_year = [
        i
        for i, (kind, p) in enumerate(windows)
        if kind in FOR_YEAR_KINDS and p.kind == Cadence.Period.YEAR
    ]
    ids = ", ".join(["%s"] * len(branch_ids))
    parts, params = [], []

    def select(part, group, exprs, tail, tail_params):
        """One SELECT of the union: the branch and group columns `group`, then a column a
        window: `exprs` {window index: (sql, params)}, 0 elsewhere."""
        columns = []
        for i in range(n):
            sql, values = exprs.get(i, ("0", []))
            columns.append(sql)
            params.extend(values)
        parts.append(f"SELECT '{part}', {group}, {', '.join(columns)} {tail}")
        params.extend(tail_params)

    # The monthly summaries: every window but the yearly ones counted by 年度.
    table = quote(ActivityMonth._meta.db_table)
    monthly = [i for i in range(n) if i not in for_year]
    if monthly:
        first = min(windows[i][1].start for i in monthly)
        last = max(windows[i][1].end for i in monthly)
        kinds = sorted({windows[i][0] for i in monthly})
        in_kinds = ", ".join(["%s"] * len(kinds))
        select(
            "m",
            "branch_id, CAST(NULL AS BIGINT)",
            {
                i: (
                    "SUM(held) FILTER (WHERE kind = %s AND month >= %s AND month <= %s)",
                    [windows[i][0], windows[i][1].start, windows[i][1].end],
                )
                for i in monthly
            },
            f"FROM {table} WHERE branch_id IN ({ids}) AND kind IN ({in_kinds}) "
            "AND month >= %s AND month <= %s GROUP BY branch_id",
            [*branch_ids, *kinds, first, last],
        )
    activity, group = (
        quote(apps.get_model("branches", m)._meta.db_table) for m in ("Activity", "PartyGroup")
    )
    if per_group:
        lo = _moment(min(windows[i][1].start for i in per_group))
        hi = _moment(max(windows[i][1].end for i in per_group) + datetime.timedelta(days=1))
        kinds = sorted({windows[i][0] for i in per_group})
        in_kinds = ", ".join(["%s"] * len(kinds))
        select(
            "g",
            "g.branch_id, g.id",
            {
                i: (
                    "COUNT(a.id) FILTER (WHERE a.kind = %s AND a.starts_at >= %s "
                    "AND a.starts_at < %s)",
                    [windows[i][0], *_moments(windows[i][1])],
                )
                for i in per_group
            },
            f"FROM (SELECT id, branch_id FROM {group} WHERE branch_id IN ({ids})) g "  # noqa: S608
            f"LEFT JOIN {activity} a ON a.party_group_id = g.id AND a.status = 'held' "
            f"AND a.kind IN ({in_kinds}) AND a.starts_at >= %s AND a.starts_at < %s "
            "GROUP BY g.branch_id, g.id",
            [*branch_ids, *kinds, lo, hi],
        )
    if for_year:
        years = [windows[i][1].start.year for i in for_year]
        lo, hi = (
            _moment(datetime.date(min(years), 1, 1)),
            _moment(datetime.date(max(years) + 2, 1, 1)),
        )
        kinds = sorted({windows[i][0] for i in for_year})
        in_kinds = ", ".join(["%s"] * len(kinds))
        select(
            "y",
            "branch_id, CAST(NULL AS BIGINT)",
            {
                i: (
                    "COUNT(*) FILTER (WHERE kind = %s AND (for_year = %s OR (for_year IS NULL "
                    "AND starts_at >= %s AND starts_at < %s)))",
                    [windows[i][0], windows[i][1].start.year, *_moments(windows[i][1])],
                )
                for i in for_year
            },
            f"FROM {activity} WHERE status = 'held' AND branch_id IN ({ids}) "
            f"AND kind IN ({in_kinds}) AND starts_at >= %s AND starts_at < %s GROUP BY branch_id",
            [*branch_ids, *kinds, lo, hi],
        )
        appraised = [i for i in for_year if windows[i][0] == APPRAISAL_KIND]
        if appraised:
            appraisal = quote(apps.get_model("affairs", "Appraisal")._meta.db_table)
            select(
                "p",
                "branch_id, CAST(NULL AS BIGINT)",
                {
                    i: ("COUNT(*) FILTER (WHERE year = %s)", [windows[i][1].start.year])
                    for i in appraised
                },
                f"FROM {appraisal} WHERE status IN ('closed', 'settled') "
                f"AND branch_id IN ({ids}) GROUP BY branch_id",
                [*branch_ids],
            )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    result, fewest = {}, {}
    for part, branch_id, _group, *counts in rows:
        counts = [c or 0 for c in counts]
        if part == "g":
            # The fewest any group held, window by window.
            seen = fewest.get(branch_id)
            fewest[branch_id] = (
                counts if seen is None else [min(a, b) for a, b in zip(seen, counts, strict=True)]
            )
            continue
        row = result.setdefault(branch_id, [0] * n)
        for i, c in enumerate(counts):
            row[i] += c
    for branch_id, counts in fewest.items():
        row = result.setdefault(branch_id, [0] * n)
        for i in per_group:
            row[i] = counts[i]
    return result


APPRAISAL_KIND = "appraisal"


def _moment(day):
    """Local midnight at the start of `day`, as the database compares it."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def _moments(period):
    """The period's bounds as moments: its first day's midnight and the next day's after it."""
    return _moment(period.start), _moment(period.end + datetime.timedelta(days=1))


def compliance_for(branches, on=None, cadence_rules=None):
    """Per branch (in the given order), each rule's current and previous period.

    Two queries (the rules and one aggregate grouped by branch, kind and month), whatever
    the number of branches, members or activities. `branches` is any iterable of Branch.
    """
    on = on or timezone.localdate()
    branches = list(branches)
    cadence_rules = rules() if cadence_rules is None else cadence_rules
    if not branches or not cadence_rules:
        return [BranchCompliance(b) for b in branches]
    windows = {}
    for rule in cadence_rules:
        current = period_of(rule.period, on)
        windows[rule.pk] = (current, previous(current))
    flat = [(rule, period) for rule in cadence_rules for period in windows[rule.pk]]
    counts = window_counts([b.pk for b in branches], [(r.kind, period) for r, period in flat])
    none = [0] * len(flat)
    # Most branches share a rule's counts (1 of 1 this month, 1 of 1 last month): one
    # status for each rule and pair of counts serves them all (they are frozen).
    shared = {}
    result = []
    for branch in branches:
        held = counts.get(branch.pk, none)
        row = BranchCompliance(branch)
        for i, rule in enumerate(cadence_rules):
            key = (i, held[2 * i], held[2 * i + 1])
            status = shared.get(key)
            if status is None:
                current, prev = windows[rule.pk]
                status = shared[key] = RuleStatus(
                    rule,
                    *(
                        PeriodStatus(period, n, rule.minimum, state_of(n, rule.minimum, period, on))
                        for period, n in ((current, key[1]), (prev, key[2]))
                    ),
                )
            row.rules.append(status)
        result.append(row)
    return result


@dataclass
class CalendarRow:
    rule: Cadence
    periods: list


def year_calendar(branch, year, on=None):
    """For one branch, each rule with the status of every period of `year` (two queries)."""
    on = on or timezone.localdate()
    cadence_rules = rules()
    flat = [(rule, p) for rule in cadence_rules for p in periods_of_year(rule.period, year)]
    counts = window_counts([branch.pk], [(rule.kind, p) for rule, p in flat]).get(
        branch.pk, [0] * len(flat)
    )
    result, by_rule = [], {}
    for (rule, period), n in zip(flat, counts, strict=True):
        status = PeriodStatus(period, n, rule.minimum, state_of(n, rule.minimum, period, on))
        by_rule.setdefault(rule.pk, []).append(status)
    for rule in cadence_rules:
        result.append(CalendarRow(rule, by_rule.get(rule.pk, [])))
    return result


# The committee's matrix, as rows for its template ----------------------------------


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """What one cell of the matrix says: the state, the current period's count, and the
    previous period when it was missed. The same for every branch with the same counts."""

    state: str
    state_label: str
    kind: str
    title: str
    label: str
    missed: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    branch: object
    url: str
    ledger_url: str
    cells: list


def matrix_rows(rows, year):
    """The matrix's rows (of `compliance_for` rows) as data for
    `branches/includes/compliance_rows.html`.

    150 branches by 7 rules are over 1,000 cells: the links come from one `reverse()` a
    table (`path_pattern`), not a `{% url %}` a cell, and a cell's texts are made once for
    every branch that shares its status (`compliance_for` shares them).
    """
    activities = path_pattern("branches:activity_list")
    ledger = path_pattern("branches:ledger_download", year)
    labels = {state: str(label) for state, label in STATE_LABELS.items()}
    periods = {}  # rule pk → (current label, missed line): the same for every branch
    cells = {}  # id(RuleStatus) → MatrixCell
    result = []
    for row in rows:
        branch_cells = []
        for r in row.rules:
            cell = cells.get(id(r))
            if cell is None:
                if r.rule.pk not in periods:
                    periods[r.rule.pk] = (
                        str(r.current.period.label),
                        gettext("%(p)s missed") % {"p": r.previous.period.label},
                    )
                label, missed = periods[r.rule.pk]
                counts = f"{r.current.count}/{r.current.minimum}"
                cell = cells[id(r)] = MatrixCell(
                    state=r.state,
                    state_label=labels[r.state],
                    kind=r.rule.kind,
                    title=f"{label}: {counts}",
                    label=f"{label} {counts}",
                    missed=missed if r.previous.state == OVERDUE else "",
                )
            branch_cells.append(cell)
        pk = row.branch.pk
        result.append(
            MatrixRow(row.branch, activities.format(pk=pk), ledger.format(pk=pk), branch_cells)
        )
    return result
