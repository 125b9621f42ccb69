"""Each activity's attendance tally, kept by the database's triggers whoever writes."""

import pytest
from django.db import connection

from branches.models import Activity, ActivityTally, Attendance
from tests.factories import ActivityFactory, AttendanceFactory, MemberFactory


def tally(activity):
    row = ActivityTally.objects.filter(activity=activity).first()
    return (row.present, row.excused, row.absent) if row else None


@pytest.fixture
def meeting(branch_a):
    return ActivityFactory(branch=branch_a)


def test_tally_counts_attendance_as_it_is_recorded(meeting, alice, sam):
    AttendanceFactory(activity=meeting, member=alice)
    AttendanceFactory(activity=meeting, member=sam, status="excused", reason="倒班")
    assert tally(meeting) == (1, 1, 0)


def test_tally_follows_a_change_of_status(meeting, alice):
    row = AttendanceFactory(activity=meeting, member=alice)
    Attendance.objects.filter(pk=row.pk).update(status="absent", reason="未请假")
    assert tally(meeting) == (0, 0, 1)


def test_tally_follows_a_removal(meeting, alice, sam):
    AttendanceFactory(activity=meeting, member=alice)
    AttendanceFactory(activity=meeting, member=sam)
    Attendance.objects.filter(member=sam).delete()
    assert tally(meeting) == (1, 0, 0)


def test_bulk_insert_keeps_the_tally(meeting, branch_a):
    people = MemberFactory.create_batch(5, branch=branch_a)
    Attendance.objects.bulk_create(Attendance(activity=meeting, member=m) for m in people)
    assert tally(meeting) == (5, 0, 0)


def test_moving_attendance_recounts_both_activities(meeting, branch_a, alice):
    other = ActivityFactory(branch=branch_a)
    row = AttendanceFactory(activity=meeting, member=alice)
    Attendance.objects.filter(pk=row.pk).update(activity=other)
    assert tally(meeting) == (0, 0, 0)
    assert tally(other) == (1, 0, 0)


def test_deleting_an_activity_leaves_no_tally_behind(meeting, alice):
    AttendanceFactory(activity=meeting, member=alice)
    meeting.delete()
    assert not ActivityTally.objects.exists()
    with connection.cursor() as cursor:  # deferred foreign keys checked now, not at commit
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert not Activity.objects.exists()
