"""The monthly activity summaries as they should be, counted again from the activities.

Shared by the PostgreSQL tests and the SQLite check, which imports it in a subprocess.
"""

from collections import Counter

from django.utils import timezone

from branches.models import FIRST_TOPIC_KINDS, Activity, ActivityKind, ActivityMonth
from hongjun.themes import Theme

COLUMNS = [
    "held",
    "first_topic",
    "present",
    "excused",
    "absent",
    *(ActivityMonth.kind_column(kind) for kind in ActivityKind.values),
    *(ActivityMonth.theme_column(theme) for theme in Theme.values),
]


def stored():
    """{(branch_id, month): {column: n}} as the triggers keep it."""
    return {
        (branch_id, month): dict(zip(COLUMNS, counts, strict=True))
        for branch_id, month, *counts in ActivityMonth.objects.values_list(
            "branch_id", "month", *COLUMNS
        )
    }


def expected():
    """The same, counted one activity at a time in Python, months in local time."""
    months = {}
    for activity in Activity.objects.filter(status=Activity.Status.HELD).select_related("tally"):
        key = (activity.branch_id, timezone.localtime(activity.starts_at).date().replace(day=1))
        row = months.setdefault(key, Counter())
        row["held"] += 1
        row[ActivityMonth.kind_column(activity.kind)] += 1
        row[ActivityMonth.theme_column(activity.theme)] += 1
        row["first_topic"] += activity.first_topic and activity.kind in FIRST_TOPIC_KINDS
        tally = getattr(activity, "tally", None)
        if tally is not None:
            row["present"] += tally.present
            row["excused"] += tally.excused
            row["absent"] += tally.absent
    return {key: {c: row[c] for c in COLUMNS} for key, row in months.items()}
