"""The monthly activity summaries, kept by the database's triggers whoever writes.

Each test changes activities or attendance the way some writer does (a save, a queryset
update, a bulk insert, a delete) and checks the summary against a count from scratch.
The summary has a row per branch, month, kind and theme, so a new kind is data: the last
tests hold that true.
"""

import datetime

from django.utils import timezone

from branches.compliance import Period, window_counts
from branches.models import Activity, ActivityKind, Attendance
from dashboard.indicators import activities
from hongjun.themes import Theme
from tests.branches.month_summary import expected, months, stored
from tests.factories import ActivityFactory, AttendanceFactory, BranchFactory, MemberFactory


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def month_row(branch, year, month):
    return months().get((branch.pk, datetime.date(year, month, 1)))


def test_every_kind_and_theme_has_its_count(branch_a):
    for i, kind in enumerate(ActivityKind.values):
        ActivityFactory(
            branch=branch_a,
            kind=kind,
            theme=Theme.values[i % len(Theme.values)],
            starts_at=local(2026, 3, 2 + i, 9),
            first_topic=True,
        )
    ActivityFactory(branch=branch_a, starts_at=local(2026, 3, 20, 9), status="planned")
    rows = stored()
    assert month_row(branch_a, 2026, 3)["held"] == len(ActivityKind.values)
    by_kind, by_theme = {}, {}
    for (_, _, kind, theme), row in rows.items():
        by_kind[kind] = by_kind.get(kind, 0) + row["held"]
        by_theme[theme] = by_theme.get(theme, 0) + row["held"]
    assert by_kind == dict.fromkeys(ActivityKind.values, 1)
    assert [by_theme[t] for t in Theme.values] == [4, 3, 3, 3]
    assert rows == expected()
    # The dashboard counts 第一议题 for the three meetings and the 主题党日 only.
    acts, _ = activities([branch_a.pk], Period("month", *_march()))
    assert (acts[branch_a.pk].meetings, acts[branch_a.pk].first_topic) == (4, 4)
    assert acts[branch_a.pk].total == len(ActivityKind.values)


def _march():
    return datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)


def test_months_are_local_calendar_months(branch_a):
    # 00:30 on 1 April in Shanghai is still 31 March in UTC.
    ActivityFactory(branch=branch_a, starts_at=local(2026, 4, 1, 0, 30))
    assert month_row(branch_a, 2026, 4)["held"] == 1
    assert month_row(branch_a, 2026, 3) is None


def test_recording_a_planned_activity_as_held_counts_it(branch_a):
    planned = ActivityFactory(branch=branch_a, status="planned", starts_at=local(2026, 5, 6, 9))
    assert month_row(branch_a, 2026, 5) is None
    planned.status = Activity.Status.HELD
    planned.save()
    assert month_row(branch_a, 2026, 5)["held"] == 1
    Activity.objects.filter(pk=planned.pk).update(status="planned")
    assert month_row(branch_a, 2026, 5) is None


def test_moving_an_activity_recounts_both_months_and_branches(branch_a, branch_b):
    meeting = ActivityFactory(branch=branch_a, starts_at=local(2026, 5, 6, 9))
    ActivityFactory(branch=branch_a, starts_at=local(2026, 5, 20, 9))
    meeting.starts_at, meeting.ends_at = local(2026, 6, 3, 9), local(2026, 6, 3, 10)
    meeting.branch = branch_b
    meeting.save()
    assert month_row(branch_a, 2026, 5)["held"] == 1
    assert month_row(branch_b, 2026, 6)["held"] == 1
    assert month_row(branch_a, 2026, 6) is None
    assert stored() == expected()


def test_attendance_flows_into_the_month(branch_a, alice, sam):
    meeting = ActivityFactory(branch=branch_a, starts_at=local(2026, 7, 1, 9))
    AttendanceFactory(activity=meeting, member=alice)
    row = AttendanceFactory(activity=meeting, member=sam)
    people = MemberFactory.create_batch(3, branch=branch_a)
    Attendance.objects.bulk_create(
        Attendance(activity=meeting, member=m, status="excused", reason="倒班") for m in people
    )
    Attendance.objects.filter(pk=row.pk).update(status="absent", reason="未请假")
    summary = month_row(branch_a, 2026, 7)
    assert (summary["present"], summary["excused"], summary["absent"]) == (1, 3, 1)
    Attendance.objects.filter(activity=meeting, status="excused").delete()
    summary = month_row(branch_a, 2026, 7)
    assert (summary["present"], summary["excused"], summary["absent"]) == (1, 0, 1)


def test_deleting_an_activity_takes_it_out(branch_a, alice):
    meeting = ActivityFactory(branch=branch_a, starts_at=local(2026, 8, 4, 9))
    AttendanceFactory(activity=meeting, member=alice)
    other = ActivityFactory(branch=branch_a, starts_at=local(2026, 8, 18, 9))
    meeting.delete()
    assert month_row(branch_a, 2026, 8)["held"] == 1
    assert month_row(branch_a, 2026, 8)["present"] == 0
    other.delete()
    assert month_row(branch_a, 2026, 8) is None


def test_a_bulk_insert_is_counted_once_per_month(branch_a):
    branches = [branch_a, BranchFactory()]
    Activity.objects.bulk_create(
        ActivityFactory.build(
            branch=branches[i % 2],
            kind=ActivityKind.values[i % 5],
            starts_at=local(2025, 1 + i % 12, 1 + i % 27, 9),
            first_topic=i % 3 == 0,
        )
        for i in range(60)
    )
    assert sum(row["held"] for row in stored().values()) == 60
    assert stored() == expected()


def test_a_new_kind_is_counted_without_a_schema_change(branch_a):
    # A kind the code does not know yet (one the committee might add): a value in a row,
    # counted by the same triggers and read by the same queries, no migration.
    Activity.objects.bulk_create(
        [
            ActivityFactory.build(
                branch=branch_a, kind="night_school", starts_at=local(2026, 3, 5, 19)
            ),
            ActivityFactory.build(
                branch=branch_a, kind="night_school", starts_at=local(2026, 3, 12, 19)
            ),
            ActivityFactory.build(branch=branch_a, starts_at=local(2026, 3, 6, 9)),
        ]
    )
    assert stored() == expected()
    key = (branch_a.pk, datetime.date(2026, 3, 1), "night_school", Theme.SAFETY)
    assert stored()[key]["held"] == 2
    acts, _ = activities([branch_a.pk], Period("month", *_march()))
    assert acts[branch_a.pk].by_kind["night_school"] == 2
    assert acts[branch_a.pk].total == 3
    march = Period("month", *_march())
    assert window_counts(
        [branch_a.pk], [("night_school", march), ("committee_meeting", march)]
    ) == {branch_a.pk: [2, 1]}


def test_activities_of_every_kind_and_theme_add_up_on_the_dashboard(branch_a, alice, sam):
    for i, kind in enumerate(ActivityKind.values):
        meeting = ActivityFactory(
            branch=branch_a,
            kind=kind,
            theme=Theme.values[i % len(Theme.values)],
            starts_at=local(2026, 3, 2 + i, 9),
        )
        AttendanceFactory(activity=meeting, member=alice)
    acts, attendance = activities([branch_a.pk], Period("month", *_march()))
    assert acts[branch_a.pk].by_kind == dict.fromkeys(ActivityKind.values, 1)
    assert sum(acts[branch_a.pk].by_theme.values()) == len(ActivityKind.values)
    assert attendance[branch_a.pk].present == len(ActivityKind.values)
