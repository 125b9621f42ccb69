"""The dashboard's tables as data: rows of cells with text, link and class.

The templates write them (`templates/dashboard/_table.html`, one `_row.html` for body and
totals rows alike) and `exports.table_workbook` saves them.

Every table is built once from the indicators (`indicators.Figures`) and the scores, so the
download is the page. Every number links to the records behind it, filtered by scope and
period. A table of every branch is long at company scale (150 rows): the dashboard shows
its two ends (`ends`) and links to the full table.
"""

import functools
from dataclasses import dataclass, field

from django.urls import get_script_prefix, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from branches import hours as branch_hours
from branches.models import ActivityKind
from hongjun.themes import Theme
from initiatives.models import Initiative
from safety.models import Hazard, StudySession, Violation

from . import indicators
from .score import INDICATORS

# Rows kept at each end of a table of branches on the dashboard: the committee reads the
# best and the worst; the rest is one click away.
KEEP = 10


@dataclass(slots=True)
class Cell:
    text: str
    value: object = None  # what the workbook gets; the text when None
    url: str = ""
    css: str = ""
    sub: str = ""  # a second, smaller line: the counts behind a rate

    @property
    def export(self):
        return self.text if self.value is None else self.value


@dataclass
class Table:
    name: str
    title: str
    headers: list
    rows: list = field(default_factory=list)
    footer: list | None = None
    note: str = ""
    gap_after: int = 0  # rows shown before the link to the rows left out
    hidden: int = 0  # rows left out (see `ends`), in the full table one link away
    labels: int = 1  # leading columns that name the row (left-aligned); the rest are figures


def ends(items, keep=KEEP):
    """The first and the last `keep` of `items`, and how many were left out between."""
    if keep is None or len(items) <= 2 * keep:
        return list(items), 0
    return [*items[:keep], *items[-keep:]], len(items) - 2 * keep


@functools.lru_cache(maxsize=4096)
def _path(name, args, prefix):
    """reverse(), remembered: the company's tables link 3,000 times to a few dozen paths."""
    return reverse(name, args=args)


@functools.lru_cache(maxsize=4096)
def _pair(key, value):
    """One `key=value` of a query string, encoded as urlencode() does; remembered, as most
    of the company's 1,600 links share the period's dates, a status or a set of kinds."""
    return urlencode({key: value})


def _url(name, args=None, _prefix=None, **params):
    """reverse() and a query string, from the remembered paths and pairs. `_prefix`: the
    script prefix when the caller has read it already (a thread-local, 3 ms for 2,000)."""
    query = "&".join(_pair(k, v) for k, v in params.items() if v not in (None, ""))
    path = _path(name, tuple(args or ()), _prefix or get_script_prefix())
    return path + (f"?{query}" if query else "")


def branch_url(branch, prefix=None):
    """`branch.get_absolute_url()`, through the remembered paths."""
    return _url("branches:branch_detail", [branch.pk], prefix)


class Links:
    """The drill-down URLs of one page: every list filtered by scope and period."""

    def __init__(self, scope, period, today):
        self.scope, self.period = scope, period
        self.as_of = indicators.as_of(period, today)
        self.dates = {"date_from": period.start.isoformat(), "date_to": period.end.isoformat()}
        self.prefix = get_script_prefix()

    def _url(self, name, args=None, **params):
        return _url(name, args, self.prefix, **params)

    def activities(self, scope_key=None, **filters):
        return self._url(
            "dashboard:activities",
            scope=scope_key or self.scope.key,
            status="held",
            **self.dates,
            **filters,
        )

    def branch_activities(self, branch, **filters):
        return self.activities(f"branch:{branch.pk}", **filters)

    def initiatives(self, branch=None, **filters):
        where = {}
        if branch is not None:
            where["branch"] = branch.pk
        elif self.scope.kind == "general":
            where["general_branch"] = self.scope.general.pk
        elif self.scope.kind == "branch":
            where["branch"] = self.scope.branch.pk
        return self._url(
            "initiatives:list",
            period_from=self.period.start.isoformat(),
            period_to=self.period.end.isoformat(),
            **where,
            **filters,
        )

    def pledges(self, version, branch=None):
        if version is None:
            return ""
        if branch is not None:
            return self._url("safety:rate_branch", args=[branch.pk], version=version.pk)
        return self._url("safety:rates", version=version.pk)

    def hazards(self, branch=None, **filters):
        where = {}
        if branch is not None:
            where["branch"] = branch.pk
        elif self.scope.kind == "branch":
            where["branch"] = self.scope.branch.pk
        return self._url("hazards:list", reported_to=self.as_of.isoformat(), **where, **filters)

    def study(self):
        return self._url(
            "study:participation", since=self.period.start.isoformat(), until=self.as_of.isoformat()
        )

    def zones(self, branch=None):
        if branch is not None:
            return self._url("safety:zone_list", branch=branch.pk)
        if self.scope.kind == "branch":
            return self._url("safety:zone_list", branch=self.scope.branch.pk)
        return self._url("safety:zone_list")


def _pct(value):
    return "—" if value is None else f"{value:g}%"


def _ratio(part, whole, rate, url):
    """A rate with the counts behind it: "75%" over "3/4"; "—" with nothing to divide."""
    if not whole:
        return Cell("—", None, url)
    return Cell(f"{rate:g}%", rate, url, sub=f"{part}/{whole}")


def _more(url, **params):
    """`url` with more query parameters, appended as `_url` would have written them."""
    query = "&".join(_pair(k, v) for k, v in params.items() if v not in (None, ""))
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


# The columns of the table of branches after the branch's name, by name: the stat cards
# take their links from the totals by the same names.
BRANCH_COLUMNS = {
    "compliance": gettext_lazy("Required meetings held"),
    "activities": gettext_lazy("Activities held"),
    "attendance": pgettext_lazy("dashboard", "Attendance"),
    "first_topic": pgettext_lazy("dashboard", "First agenda item"),
    "study": pgettext_lazy("dashboard", "Safety study"),
    "pledges": gettext_lazy("Pledge signed"),
    "violations": pgettext_lazy("dashboard", "Violations"),
    "days_without_violation": pgettext_lazy("dashboard", "Days without violation"),
    "open_hazards": gettext_lazy("Open hazards"),
    "overdue_hazards": gettext_lazy("Overdue hazards"),
    "initiatives": gettext_lazy("Projects carried"),
}


def branch_cells(figures, branch, links):
    """One branch's indicators (or the scope's totals, with `branch` None), by column name.

    Each list is linked once and its filters appended: 150 rows made 1,700 links."""
    if branch is None:
        c, a, t = (
            figures.total("compliance"),
            figures.total("activities"),
            figures.total("attendance"),
        )
        p, s = figures.total("pledges"), figures.total("safety")
        i, h, y = figures.total("initiatives"), figures.total("hazards"), figures.total("study")
        hazards = links.hazards()
        activities = links.activities()
        pledge_url = links.pledges(figures.pledge_version)
        zone_url = links.zones()
        init_url = links.initiatives()
    else:
        pk = branch.pk
        c, a, t = figures.compliance[pk], figures.activities[pk], figures.attendance[pk]
        p, s, i = figures.pledges[pk], figures.safety[pk], figures.initiatives[pk]
        h, y = figures.hazards[pk], figures.study[pk]
        hazards = links.hazards(branch)
        activities = links.branch_activities(branch)
        pledge_url = links.pledges(figures.pledge_version, branch)
        zone_url = links.zones(branch)
        init_url = links.initiatives(branch)
    study_url = links.study()
    cadence_kinds = ",".join(r.kind for r in figures.rules)
    first_kinds = ",".join(indicators.FIRST_TOPIC_KINDS)
    days = s.days_without_violation
    return {
        "compliance": _ratio(c.done, c.counted, c.rate, _more(activities, kinds=cadence_kinds)),
        "activities": Cell(str(a.total), a.total, activities),
        "attendance": _ratio(t.present, t.expected, t.rate, activities),
        "first_topic": _ratio(
            a.first_topic,
            a.meetings,
            a.first_topic_rate,
            _more(activities, kinds=first_kinds),
        ),
        "study": _ratio(y.present, y.invited, y.rate, study_url),
        "pledges": _ratio(p.signed, p.members, p.rate, pledge_url),
        "violations": Cell(
            str(s.violations), s.violations, zone_url, "text-danger" if s.violations else ""
        ),
        "days_without_violation": Cell("—" if days is None else str(days), days, zone_url),
        "open_hazards": Cell(str(h.open), h.open, _more(hazards, state="open")),
        "overdue_hazards": Cell(
            str(h.overdue),
            h.overdue,
            _more(hazards, state="overdue"),
            "text-danger" if h.overdue else "",
        ),
        "initiatives": Cell(str(i.carried), i.carried, init_url),
    }


def branch_row(figures, branch, links, label=None, url=""):
    """A row of the table of branches: the name, then `BRANCH_COLUMNS` in order."""
    cells = branch_cells(figures, branch, links)
    name = Cell(label or (branch.name if branch else _("Total")), url=url)
    return [name, *(cells[key] for key in BRANCH_COLUMNS)]


def branches_table(figures, links, scope_label, branches=None, hidden=0):
    """Every branch of the scope in its order, or `branches` with `hidden` left out (the
    ends of the ranking, in its order); the totals are the scope's either way."""
    headers = [_("Branch"), *(str(header) for header in BRANCH_COLUMNS.values())]
    branches = figures.branches if branches is None else branches
    rows = [branch_row(figures, b, links, url=branch_url(b, links.prefix)) for b in branches]
    footer = branch_row(figures, None, links, label=_("Total: %(scope)s") % {"scope": scope_label})
    return Table(
        "branches",
        _("Indicators by branch"),
        headers,
        rows,
        footer if len(rows) > 1 else None,
        _(
            "Days without violation are counted on the period's last day (or today); the "
            "total shows the fewest of any branch."
        ),
        gap_after=len(rows) // 2 if hidden else 0,
        hidden=hidden,
    )


def ranking_table(scores, weight_of, hidden=0):
    headers = [_("Rank"), _("Branch")]
    headers += [f"{i.label} ({weight_of[i.code]}%)" for i in INDICATORS]
    headers.append(_("Score"))
    rows = []
    prefix = get_script_prefix()
    for row in scores:
        cells = [
            Cell(str(row.rank), row.rank),
            Cell(row.branch.name, url=branch_url(row.branch, prefix)),
        ]
        cells += [Cell(f"{row.points[i.code]:g}", row.points[i.code]) for i in INDICATORS]
        cells.append(Cell(f"{row.score:g}", row.score, css="fw-bold"))
        rows.append(cells)
    return Table(
        "ranking",
        _("Branch ranking"),
        headers,
        rows,
        gap_after=len(rows) // 2 if hidden else 0,
        hidden=hidden,
        labels=2,
    )


def compliance_table(figures, links):
    total = figures.total("compliance")
    rows = []
    for rule in figures.rules:
        done, counted = total.by_rule.get(rule.kind, [0, 0]) if total else (0, 0)
        rate = indicators.percent(done, counted)
        rows.append(
            [
                Cell(str(rule.get_kind_display())),
                Cell(f"{rule.get_period_display()} ≥ {rule.minimum}"),
                Cell(str(done), done, links.activities(kind=rule.kind)),
                Cell(str(counted), counted),
                Cell(_pct(rate), rate, links.activities(kind=rule.kind)),
            ]
        )
    return Table(
        "compliance",
        _("Required meetings by rule"),
        [
            pgettext("dashboard", "Kind"),
            pgettext("dashboard", "Required cadence"),
            _("Periods met"),
            _("Periods due"),
            pgettext("dashboard", "Rate"),
        ],
        rows,
        note=_(
            "A cadence period counts once it is met or has ended; one still running and not "
            "yet met counts neither way."
        ),
    )


def kinds_table(figures, links):
    total = figures.total("activities")
    counts = total.by_kind if total else {}
    rows = [
        [
            Cell(str(label)),
            Cell(str(counts.get(kind, 0)), counts.get(kind, 0), links.activities(kind=kind)),
        ]
        for kind, label in ActivityKind.choices
        if counts.get(kind)
    ]
    return Table(
        "kinds",
        _("Activities by kind"),
        [pgettext("dashboard", "Kind"), pgettext("dashboard", "Held")],
        rows,
    )


def themes_table(figures, links):
    total = figures.total("activities")
    counts = total.by_theme if total else {}
    rows = [
        [
            Cell(str(label)),
            Cell(str(counts.get(theme, 0)), counts.get(theme, 0), links.activities(theme=theme)),
        ]
        for theme, label in Theme.choices
    ]
    return Table(
        "themes",
        _("Activities by Party building + X theme"),
        [pgettext("dashboard", "Theme"), pgettext("dashboard", "Held")],
        rows,
    )


INITIATIVE_STATUSES = [s for s in Initiative.Status if s != Initiative.Status.DRAFT]


def initiative_counts(figures):
    """{(theme, status): n} over the scope, the company's unassigned projects included."""
    counts = {}
    entries = [figures.initiatives[b.pk] for b in figures.branches]
    if figures.is_company:
        entries.append(figures.initiatives[None])
    for entry in entries:
        for key, n in entry.by_theme_status.items():
            counts[key] = counts.get(key, 0) + n
    return counts


def initiatives_table(figures, links):
    counts = initiative_counts(figures)
    headers = (
        [pgettext("dashboard", "Theme")]
        + [str(s.label) for s in INITIATIVE_STATUSES]
        + [_("Total")]
    )
    rows = []
    for theme, label in Theme.choices:
        cells = [Cell(str(label))]
        for status in INITIATIVE_STATUSES:
            n = counts.get((theme, status), 0)
            cells.append(
                Cell(str(n), n, links.initiatives(theme=theme, status=status) if n else "")
            )
        n = sum(counts.get((theme, s), 0) for s in INITIATIVE_STATUSES)
        cells.append(Cell(str(n), n, links.initiatives(theme=theme), "fw-bold"))
        rows.append(cells)
    return Table("initiatives", _("Projects by theme and status"), headers, rows)


def outcomes_table(figures, links):
    rows = [
        [
            Cell(str(row["theme_label"])),
            Cell(str(row["unit_label"])),
            Cell(
                f"{row['total'].normalize():,f}",
                float(row["total"]),
                links.initiatives(theme=row["theme"]),
            ),
        ]
        for row in figures.outcomes
    ]
    return Table(
        "outcomes",
        _("Outcome figures reported in the period"),
        [pgettext("dashboard", "Theme"), _("Unit"), _("Total")],
        rows,
        note=_(
            "Added up from the progress reports made in the period; "
            "cancelled projects do not count."
        ),
    )


def violations_table(figures, links):
    total = figures.total("safety")
    severities = total.by_severity if total else {}
    rows = [
        [
            Cell(str(label)),
            Cell(str(severities.get(code, 0)), severities.get(code, 0), links.zones()),
        ]
        for code, label in Violation.Severity.choices
    ]
    return Table(
        "violations",
        _("Violations by severity"),
        [pgettext("dashboard", "Severity"), pgettext("dashboard", "Violations")],
        rows,
    )


def hazards_table(figures, links):
    total = figures.total("hazards")
    rows = []
    for code, label in Hazard.Severity.choices:
        n_open = total.open_by_severity.get(code, 0) if total else 0
        n_over = total.overdue_by_severity.get(code, 0) if total else 0
        rows.append(
            [
                Cell(str(label)),
                Cell(str(n_open), n_open, links.hazards(state="open", severity=code)),
                Cell(
                    str(n_over),
                    n_over,
                    links.hazards(state="overdue", severity=code),
                    "text-danger" if n_over else "",
                ),
            ]
        )
    return Table(
        "hazards",
        _("Hazards by severity"),
        [
            pgettext("dashboard", "Severity"),
            pgettext("dashboard", "Open"),
            pgettext("dashboard", "Overdue"),
        ],
        rows,
        note=_("Hazards reported by the period's end, in the state they are in today."),
    )


def study_table(figures, links):
    total = figures.total("study")
    rows = []
    for mode, label in StudySession.Mode.choices:
        invited, present = total.by_mode.get(mode, [0, 0]) if total else (0, 0)
        rate = indicators.percent(present, invited)
        url = links.study()
        rows.append(
            [
                Cell(str(label)),
                Cell(str(invited), invited, url),
                Cell(str(present), present, url),
                Cell(_pct(rate), rate, url),
            ]
        )
    return Table(
        "study",
        _("Safety study by mode"),
        [
            _("Mode"),
            _("Invited"),
            pgettext("dashboard", "Present"),
            pgettext("dashboard", "Participation"),
        ],
        rows,
        note=_("Sessions held in the period; members count in their own branch."),
    )


def hours_table(figures, scope_label, keep=None):
    """学时 by branch: who met the year's requirement, lowest rate first (the branches to
    follow up), cut to its ends on the dashboard like the other tables of branches."""
    by_branch = figures.study_hours
    prefix = get_script_prefix()
    ordered = sorted(
        (b for b in figures.branches if by_branch.get(b.pk)),
        key=lambda b: (by_branch[b.pk].rate is None, by_branch[b.pk].rate or 0, b.name),
    )
    shown, hidden = ends(ordered, keep)
    rows = [_hours_cells(b.name, by_branch[b.pk], branch_url(b, prefix)) for b in shown]
    total = indicators.HoursSummary()
    for summary in by_branch.values():
        total.members += summary.members
        total.met += summary.met
        total.hours += summary.hours
    footer = _hours_cells(_("Total: %(scope)s") % {"scope": scope_label}, total)
    return Table(
        "hours",
        _("Study hours by branch (%(year)s)") % {"year": figures.period.start.year},
        [
            _("Branch"),
            pgettext("dashboard", "Members"),
            _("Met the year's hours"),
            pgettext("dashboard", "Rate"),
            _("Average hours"),
        ],
        rows,
        footer if len(rows) > 1 else None,
        _(
            "A year's study hours: activities attended, safety study sessions and training. "
            "Members owe 32, secretaries and committee members 56 (%(source)s)."
        )
        % {"source": branch_hours.HOURS_SOURCE},
        gap_after=len(rows) // 2 if hidden else 0,
        hidden=hidden,
    )


def _hours_cells(label, summary, url=""):
    rate, average = summary.rate, summary.average
    return [
        Cell(str(label), url=url),
        Cell(str(summary.members), summary.members),
        Cell(str(summary.met), summary.met),
        Cell(_pct(rate), rate),
        Cell("—" if average is None else f"{average}", None if average is None else float(average)),
    ]


def green_table(figures):
    green = figures.green_power
    url = reverse("dashboard:green_power")
    rows = [
        [
            Cell(f"{month:%Y-%m}"),
            Cell("—" if share is None else f"{share:g}%", share, url),
            Cell(f"{green.target}%", green.target),
            Cell(
                "—" if share is None else f"{max(green.target - share, 0):.1f}",
                None if share is None else round(max(green.target - share, 0), 1),
            ),
        ]
        for month, share in green.trend
    ]
    return Table(
        "green",
        _("Green-power share by month"),
        [_("Month"), _("Green-power share"), _("Target"), _("Points to target")],
        rows,
    )


def build(figures, scores, weight_of, scope, links, keep=None):
    """All the page's tables, by name. With `keep`, as the dashboard shows them: the
    ranking's best and worst `keep` branches in both tables of branches (`ends`), the
    rest counted and one link away; every other table whole."""
    shown, hidden = ends(scores, keep)
    tables = [
        ranking_table(shown, weight_of, hidden),
        branches_table(
            figures, links, scope.label, [s.branch for s in shown] if hidden else None, hidden
        ),
        compliance_table(figures, links),
        kinds_table(figures, links),
        themes_table(figures, links),
        violations_table(figures, links),
        hazards_table(figures, links),
        study_table(figures, links),
        hours_table(figures, scope.label, keep),
        initiatives_table(figures, links),
        outcomes_table(figures, links),
        green_table(figures),
    ]
    return {t.name: t for t in tables}
