"""Migration 0010 turns the wide monthly summary (a column per kind) into rows per kind and
theme: what the portal held before it is counted again, and it can be undone."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.branches.month_summary import expected, stored
from tests.factories import BranchFactory, MemberFactory

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
    # Branches have the same tables before 0010 as after it. Members gained their record's
    # columns in 0013, so the member is made before going back; activities are written as
    # that schema had them (later migrations add columns, such as the 年度 in 0012).
    branch, other = BranchFactory(), BranchFactory()
    member = MemberFactory(branch=branch)
    migrate(WIDE)
    old = MigrationExecutor(connection).loader.project_state(WIDE).apps
    activity, attendance = (old.get_model("branches", m) for m in ("Activity", "Attendance"))
    for day in range(1, 9):
        starts_at = timezone.make_aware(datetime.datetime(2026, 1 + day % 3, day, 9))
        meeting = activity.objects.create(
            branch_id=(branch, other)[day % 2].pk,
            kind=("committee_meeting", "theme_day", "safety_talk")[day % 3],
            theme="safety",
            status="held",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            place="党员活动室",
            topic=f"第{day}次",
            first_topic=day % 2 == 0,
            first_topic_text="学习" if day % 2 == 0 else "",
        )
        attendance.objects.create(activity=meeting, member_id=member.pk, status="present")
    assert wide_held() == (8, 6)
    migrate(latest())
    assert stored() == expected()
    assert sum(row["held"] for row in stored().values()) == 8
    migrate(WIDE)
    assert wide_held() == (8, 6)
    migrate(latest())
    assert stored() == expected()
