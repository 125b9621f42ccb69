"""The monthly activity summaries as they should be, counted again from the activities.

Shared by the PostgreSQL tests and the SQLite check, which imports it in a subprocess.
"""

from collections import Counter

from django.utils import timezone

from branches.models import Activity, ActivityMonth

COLUMNS = ["held", "first_topic", "present", "excused", "absent"]


def stored():
    """{(branch_id, month, kind, theme): {column: n}} as the triggers keep it."""
    return {
        (branch_id, month, kind, theme): dict(zip(COLUMNS, counts, strict=True))
        for branch_id, month, kind, theme, *counts in ActivityMonth.objects.values_list(
            "branch_id", "month", "kind", "theme", *COLUMNS
        )
    }


def expected():
    """The same, counted one activity at a time in Python, months in local time."""
    rows = {}
    for activity in Activity.objects.filter(status=Activity.Status.HELD).select_related("tally"):
        month = timezone.localtime(activity.starts_at).date().replace(day=1)
        row = rows.setdefault((activity.branch_id, month, activity.kind, activity.theme), Counter())
        row["held"] += 1
        row["first_topic"] += activity.first_topic
        tally = getattr(activity, "tally", None)
        if tally is not None:
            row["present"] += tally.present
            row["excused"] += tally.excused
            row["absent"] += tally.absent
    return {key: {c: row[c] for c in COLUMNS} for key, row in rows.items()}


def months():
    """{(branch_id, month): {column: n}}: the stored rows added up over kinds and themes."""
    totals = {}
    for (branch_id, month, _kind, _theme), row in stored().items():
        total = totals.setdefault((branch_id, month), Counter())
        total.update(row)
    return {key: dict(total) for key, total in totals.items()}
