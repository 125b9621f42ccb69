"""Reads for the project pages and the dashboard, with their queries decided here."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from hongjun import access, audit_words
from hongjun.models import AuditEntry
from hongjun.subqueries import count_of
from hongjun.themes import Theme

from .models import (
    Application,
    Initiative,
    Milestone,
    OutcomeFigure,
    ProgressReport,
    plain_number,
)


def list_rows(initiatives, today=None):
    """Projects for a list page with branch, lead and milestone counts (one query).

    `overdue_count` counts open milestones past their due date. The counts are subqueries,
    not a COUNT(DISTINCT) over joins: PostgreSQL works them out for the page's 20 rows
    only, where the join grouped all 1,000 projects and their milestones first (27 ms at
    company scale, docs/performance.md).
    """
    today = today or timezone.localdate()
    return (
        initiatives.select_related("branch", "lead")
        .annotate(
            milestone_count=count_of(Milestone.objects.all(), "initiative"),
            done_count=count_of(Milestone.objects.filter(done_on__isnull=False), "initiative"),
            overdue_count=count_of(
                Milestone.objects.filter(done_on__isnull=True, due_on__lt=today), "initiative"
            ),
        )
        .order_by("-created_at", "-id")
    )


def initiative_page(pk, initiatives):
    """One project from the user's scope with team, milestones and reports prefetched.

    Raises Initiative.DoesNotExist when it is out of scope.
    """
    return (
        initiatives.select_related("branch", "lead", "lead__branch")
        .prefetch_related(
            "team",
            "milestones",
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related("reported_by").prefetch_related(
                    "figures", "evidence"
                ),
            ),
        )
        .get(pk=pk)
    )


def applications_of(initiative, user):
    """The applications for `initiative` that `user` may read, with teams (two queries)."""
    return list(
        access.applications_for(user)
        .filter(initiative=initiative)
        .select_related("branch", "lead", "submitted_by")
        .prefetch_related("team")
        .order_by("created_at", "id")
    )


def outcome_totals_of(initiative):
    """The project's outcome figures added up by unit, from its prefetched reports."""
    totals = defaultdict(Decimal)
    for report in initiative.reports.all():
        for figure in report.figures.all():
            totals[figure.unit] += figure.quantity
    units = dict(OutcomeFigure.Unit.choices)
    return [{"unit": units[u], "total": plain_number(t)} for u, t in totals.items()]


def timeline(initiative, applications):
    """The project's audit entries and those of the given applications, oldest first.

    One query (content types are cached). Each entry gets `.label` for display; the
    applications are passed in already scoped, so a branch never sees a rival's bid.
    """
    types = ContentType.objects.get_for_models(Initiative, Application)
    where = Q(content_type=types[Initiative], object_id=str(initiative.pk))
    if applications:
        where |= Q(content_type=types[Application], object_id__in=[str(a.pk) for a in applications])
    entries = list(
        AuditEntry.objects.filter(where).select_related("actor__member").order_by("at", "id")
    )
    return audit_words.describe(entries)


def overdue_milestones(initiative, today=None):
    today = today or timezone.localdate()
    return [m for m in initiative.milestones.all() if m.is_overdue(today)]


def outcome_totals(start, end, initiatives=None):
    """Outcome figures added up by theme and unit for reports made from `start` to `end`.

    For the dashboard: `[{"theme": "green", "theme_label": ..., "unit": "kwh",
    "unit_label": "kWh", "total": Decimal}, ...]`, ordered by theme and unit. Figures
    count once, in the period of the report that states them (a report states what was
    achieved since the previous one). Cancelled projects do not count. Pass
    `initiatives` (a queryset) to restrict, e.g. to one branch's. One query.
    """
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    figures = OutcomeFigure.objects.filter(
        report__created_at__gte=since, report__created_at__lt=until
    ).exclude(report__initiative__status=Initiative.Status.CANCELLED)
    if initiatives is not None:
        figures = figures.filter(report__initiative__in=initiatives)
    rows = (
        figures.values("report__initiative__theme", "unit")
        .annotate(total=Sum("quantity"))
        .order_by("report__initiative__theme", "unit")
    )
    themes, units = dict(Theme.choices), dict(OutcomeFigure.Unit.choices)
    return [
        {
            "theme": row["report__initiative__theme"],
            "theme_label": themes.get(row["report__initiative__theme"], ""),
            "unit": row["unit"],
            "unit_label": units.get(row["unit"], row["unit"]),
            "total": row["total"],
        }
        for row in rows
    ]


def outcome_totals_for_year(year, initiatives=None):
    return outcome_totals(datetime.date(year, 1, 1), datetime.date(year, 12, 31), initiatives)
