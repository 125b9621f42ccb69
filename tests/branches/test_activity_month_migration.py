"""Migration 0010 turns the wide monthly summary (a column per kind) into rows per kind and
theme: what the portal held before it is counted again, and it can be undone."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.branches.month_summary import expected, stored
from tests.factories import ActivityFactory, AttendanceFactory, BranchFactory, MemberFactory

WIDE = [("branches", "0009_dues_year")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def latest():
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def wide_held():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(SUM(held), 0), COUNT(*) FROM branches_activitymonth")
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_the_long_summary_counts_what_the_wide_one_held():
    # Branches and activities have the same tables before 0010 as after it; members gained
    # their record's columns in 0012, so the member is made before going back.
    branch, other = BranchFactory(), BranchFactory()
    member = MemberFactory(branch=branch)
    migrate(WIDE)
    for day in range(1, 9):
        meeting = ActivityFactory(
            branch=(branch, other)[day % 2],
            kind=("committee_meeting", "theme_day", "safety_talk")[day % 3],
            starts_at=timezone.make_aware(datetime.datetime(2026, 1 + day % 3, day, 9)),
            first_topic=day % 2 == 0,
        )
        AttendanceFactory(activity=meeting, member=member)
    assert wide_held() == (8, 6)
    migrate(latest())
    assert stored() == expected()
    assert sum(row["held"] for row in stored().values()) == 8
    migrate(WIDE)
    assert wide_held() == (8, 6)
    migrate(latest())
    assert stored() == expected()
