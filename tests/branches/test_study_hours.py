"""学时: a member's year of study hours from activities attended, 三学 sessions and
training records, against 32 (56 for 书记 and 班子成员), on the member's page and the
dashboard."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from branches import hours
from branches.models import Attendance, Role, TrainingRecord
from hongjun.models import AuditEntry
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    MemberFactory,
    RoleFactory,
    StudyAttendanceFactory,
    StudySessionFactory,
)


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def attend(member, start, length, status=Attendance.Status.PRESENT):
    activity = ActivityFactory(
        branch=member.branch, starts_at=start, ends_at=start + datetime.timedelta(hours=length)
    )
    reason = "" if status == Attendance.Status.PRESENT else "出差"
    return AttendanceFactory(activity=activity, member=member, status=status, reason=reason)


def train(member, hours, kind="online", title="网络学习", on=datetime.date(2026, 2, 1)):
    return TrainingRecord.objects.create(
        member=member, kind=kind, title=title, started_on=on, hours=hours
    )


def test_the_requirements_are_32_and_56():
    assert (hours.REQUIRED_HOURS, hours.REQUIRED_HOURS_LEADERS) == (32, 56)


def test_hours_add_up_from_three_sources_in_the_year(alice):
    attend(alice, at(2026, 3, 1), 2.5)
    attend(alice, at(2026, 4, 1), 12)  # a whole day counts eight hours, no more
    attend(alice, at(2026, 5, 1), 3, Attendance.Status.EXCUSED)  # not attended
    attend(alice, at(2025, 12, 31, 20), 2)  # last year
    session = StudySessionFactory(branch=alice.branch, starts_at=at(2026, 6, 1))
    StudyAttendanceFactory(session=session, member=alice, attended=True)
    StudyAttendanceFactory(
        session=StudySessionFactory(branch=alice.branch, starts_at=at(2026, 6, 8)),
        member=alice,
        attended=False,
    )
    train(alice, Decimal("16"), kind="party_school", title="党校轮训", on=datetime.date(2026, 9, 1))
    got = hours.member_hours(alice, 2026)
    assert (got.activities, got.study, got.training) == (Decimal("10.5"), Decimal(2), Decimal(16))
    assert got.total == Decimal("28.5") and got.required == 32 and not got.met


@pytest.mark.parametrize(("extra", "met"), [(Decimal("3.4"), False), (Decimal("3.5"), True)])
def test_exactly_32_hours_meets_the_requirement(alice, extra, met):
    train(
        alice,
        Decimal("28.5") + extra,
        kind="online",
        title="网络学习",
        on=datetime.date(2026, 2, 1),
    )
    assert hours.member_hours(alice, 2026).met is met


def test_a_branch_committee_member_owes_56(alice):
    RoleFactory(
        member=alice, kind=Role.Kind.BRANCH_COMMITTEE, branch=alice.branch, title="纪检委员"
    )
    train(alice, Decimal("40"))
    got = hours.member_hours(alice, 2026)
    assert got.required == 56 and not got.met


def test_member_page_shows_the_hours(client_for, alice, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0))
    attend(alice, at(2026, 3, 1), 2)
    page = client_for(alice).get(alice.get_absolute_url()).content.decode()
    assert "2026年学时" in page and "应修 32 学时" in page
    assert "全国党员教育培训工作规划" in page


def test_secretary_records_training_and_it_is_audited(client_for, sam, alice):
    url = reverse("branches:training_create", args=[alice.pk])
    response = client_for(sam).post(
        url,
        {
            "kind": "party_school",
            "title": "公司党校第二期轮训",
            "organiser": "公司党委",
            "started_on": "2026-03-02",
            "hours": "24",
        },
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.get(member=alice).hours == Decimal(24)
    assert AuditEntry.objects.filter(action="training.recorded", object_id=str(alice.pk)).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [({"hours": "0"}, "学时须大于0"), ({"hours": "abc"}, "输入一个数字"), ({"title": ""}, "必填")],
)
def test_training_form_refuses_bad_input(client_for, sam, alice, change, message):
    data = {"kind": "online", "title": "网络学习", "started_on": "2026-03-02", "hours": "4"}
    data.update(change)
    response = client_for(sam).post(reverse("branches:training_create", args=[alice.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_member_cannot_record_training_and_other_branch_gets_404(client_for, alice, bob):
    url = reverse("branches:training_create", args=[alice.pk])
    assert client_for(alice).get(url).status_code == 403
    assert client_for(bob).get(url).status_code == 404


@pytest.mark.parametrize("members", [2, 12])
def test_hours_queries_do_not_grow(branch_a, members, django_assert_max_num_queries):
    from branches.models import Member

    for _ in range(members):
        member = MemberFactory(branch=branch_a)
        attend(member, at(2026, 3, 1), 2)
        train(member, Decimal("4"))
    with django_assert_max_num_queries(1):
        result = hours.hours_for(Member.objects.filter(branch=branch_a), 2026)
    assert len(result) == members
    assert {h.total for h in result.values()} == {Decimal(6)}


def test_dashboard_shows_hours_by_branch(client_for, carol, alice, sam, bob):
    # alice 34 h (met), sam (secretary) 34 h of 56 (not met), bob none.
    train(alice, Decimal("34"))
    train(sam, Decimal("34"))
    response = client_for(carol).get(
        reverse("dashboard:home"), {"period": "year", "year": "2026", "scope": "company"}
    )
    table = response.context["tables"]["hours"]
    rows = {row[0].text: [c.text for c in row[1:]] for row in table.rows}
    assert rows[alice.branch.name] == ["2", "1", "50%", "34.0"]
    assert rows[bob.branch.name] == ["1", "0", "0%", "0.0"]
    assert [c.text for c in table.footer[1:4]] == ["4", "1", "25%"]
    assert "学时" in response.content.decode()
