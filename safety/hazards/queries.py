"""Reads for the hazard pages, with their queries decided here."""

from django.db.models import Count, Q
from django.utils import timezone

from hongjun import audit

from ..models import Hazard, SafetyZone

LIST_RELATED = ["zone__branch", "reported_by", "assignee"]


def hazard_list(hazards, today=None):
    """The rows of a hazard list with zone, branch, people and `is_overdue` (one query)."""
    return hazards.with_overdue(today).select_related(*LIST_RELATED).order_by("-reported_at", "-id")


def summary(hazards, total, today=None):
    """Counts of open, overdue, major open and closed hazards among `hazards`, of which
    there are `total` (the page's count, so they are not counted twice). One aggregate over
    the open ones only, which the partial index `hazard_open_idx` answers by itself; the
    closed are the rest. At company scale that is 900 index entries instead of 20,000 rows.
    """
    today = today or timezone.localdate()
    # Counted over `status`, a column of the index (never null), not `id`, which is not.
    counts = hazards.open().aggregate(
        open=Count("status"),
        overdue=Count("status", filter=Q(status__in=Hazard.FIX_OWED, deadline__lt=today)),
        major_open=Count("status", filter=Q(severity=Hazard.Severity.MAJOR)),
    )
    counts["closed"] = total - counts["open"]
    return counts


def hazard_page(pk, hazards, today=None):
    """One hazard from the user's scope with everything its page shows."""
    return hazard_list(hazards, today).get(pk=pk)


def timeline(hazard):
    """The hazard's history, oldest first (one query)."""
    return list(audit.timeline(hazard).select_related("actor__member"))


def zones_for_report():
    """Every zone, with its branch, for the report form's choice (one query)."""
    return SafetyZone.objects.select_related("branch").order_by(
        "branch__order", "branch__name", "name"
    )


def mine(member, today=None):
    """(reported by `member`, assigned to `member` and not closed): two queries."""
    base = Hazard.objects.all()
    reported = hazard_list(base.filter(reported_by=member), today)
    assigned = hazard_list(
        base.filter(assignee=member).exclude(status=Hazard.Status.CLOSED), today
    ).order_by("deadline", "id")
    return list(reported), list(assigned)


def asked_of(member, today=None):
    """Open fixes assigned to `member`, soonest deadline first, for the home page."""
    return list(
        hazard_list(
            Hazard.objects.filter(assignee=member, status__in=Hazard.FIX_OWED), today
        ).order_by("deadline", "id")[:5]
    )
