"""The safety scans: hazard fix deadlines, their escalation, tomorrow's 三学 study sessions,
and the reminder queued when a fix is assigned.

As in test_scans: each scan runs through `reminders.run_scans` for one kind and the tests
read the rows it wrote; delivery is tested in test_outbox.
"""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from branches.models import Role
from reminders import services as reminders
from reminders import tasks
from reminders.models import Reminder
from safety.hazards import services as hazard_services
from safety.models import Hazard, StudySession
from tests.factories import (
    BranchFactory,
    HazardFactory,
    HazardZoneFactory,
    MemberFactory,
    RoleFactory,
    StudyAttendanceFactory,
    StudySessionFactory,
)

SH = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2025, 3, 10)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_today():
    """The clock stands at 08:00 on TODAY in the portal's zone."""
    with time_machine.travel(datetime.datetime(2025, 3, 10, 8, 0, tzinfo=SH), tick=False):
        yield


def scan(kind, day=TODAY):
    return reminders.run_scans(day, kinds=[kind], kick=False)[kind]


def rows(kind):
    return Reminder.objects.filter(kind=kind).select_related("recipient")


def recipients(kind, **filters):
    return sorted(r.recipient.username for r in rows(kind).filter(**filters))


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SH)


def warm_content_types(*models):
    """ContentType lookups are cached per process: fill the cache so counts are stable."""
    for model in models:
        ContentType.objects.get_for_model(model)


@pytest.fixture
def dan(branch_a):
    """The deputy secretary of branch A."""
    member = MemberFactory(name="邓副书记", branch=branch_a, user__username="dan")
    RoleFactory(member=member, kind=Role.Kind.DEPUTY, branch=branch_a)
    return member


def owed(zone, assignee, deadline, status=Hazard.Status.ASSIGNED, **extra):
    """A fix owed by `assignee`, due on `deadline`."""
    extra.setdefault("description", "112 槽北侧护栏缺失，人员有坠落风险")
    return HazardFactory(
        zone=zone, assigned=True, assignee=assignee, deadline=deadline, status=status, **extra
    )


# Hazard deadlines -------------------------------------------------------------------------


def test_assignee_reminded_two_days_before_on_the_day_and_the_day_after(alice, zone_a):
    hazard = owed(zone_a, alice, TODAY + 2 * DAY)
    for offset in range(-1, 6):
        scan("hazard_deadline", TODAY + offset * DAY)
    assert sorted(rows("hazard_deadline").values_list("due_on", flat=True)) == [
        TODAY,
        TODAY + 2 * DAY,
        TODAY + 3 * DAY,
    ]
    assert recipients("hazard_deadline") == ["alice", "alice", "alice"]
    for reminder in rows("hazard_deadline"):
        assert reminder.target == hazard
        assert reminder.url == hazard.get_absolute_url() == f"/hazards/{hazard.pk}/"


def test_hazard_deadline_texts_before_on_and_after_the_day(alice, zone_a):
    owed(zone_a, alice, TODAY + 2 * DAY, severity=Hazard.Severity.SERIOUS)
    scan("hazard_deadline", TODAY)
    scan("hazard_deadline", TODAY + 2 * DAY)
    scan("hazard_deadline", TODAY + 3 * DAY)
    before, on_the_day, after = rows("hazard_deadline").order_by("due_on")
    assert before.subject == "隐患整改将于2025年3月12日到期：112 槽北侧护栏缺失，人员有坠落风险"
    assert before.body.startswith("指派给您的电解槽一区隐患（较大）整改期限为2025年3月12日。")
    assert "隐患情况：112 槽北侧护栏缺失，人员有坠落风险" in before.body
    assert "请在隐患页面提交整改情况和整改后照片" in before.body
    assert on_the_day.subject == "隐患整改今天到期：112 槽北侧护栏缺失，人员有坠落风险"
    assert after.subject == (
        "隐患整改已逾期（期限2025年3月12日）：112 槽北侧护栏缺失，人员有坠落风险"
    )
    assert "现已逾期，已告知党支部书记" in after.body


def test_long_description_is_shortened_in_the_subject_only(alice, zone_a):
    long = "电解槽" * 20
    owed(zone_a, alice, TODAY, description=long)
    scan("hazard_deadline")
    reminder = rows("hazard_deadline").get()
    assert reminder.subject == "隐患整改今天到期：" + long[:27] + "..."
    assert long in reminder.body


def test_deadline_reminded_only_for_a_fix_still_owed(alice, zone_a):
    returned = owed(zone_a, alice, TODAY, status=Hazard.Status.RETURNED)
    owed(zone_a, alice, TODAY, status=Hazard.Status.SUBMITTED)
    HazardFactory(zone=zone_a)  # reported, not assigned: no deadline
    owed(zone_a, alice, TODAY, status=Hazard.Status.CLOSED, closed_at=at(TODAY, 7))
    scan("hazard_deadline")
    assert [r.target for r in rows("hazard_deadline")] == [returned]


def test_deadline_skips_assignees_who_left_or_have_no_account(zone_a):
    owed(zone_a, MemberFactory(branch=zone_a.branch, is_active=False), TODAY)
    owed(zone_a, MemberFactory(branch=zone_a.branch, user=None), TODAY)
    owed(zone_a, MemberFactory(branch=zone_a.branch, user__is_active=False), TODAY)
    assert scan("hazard_deadline") == 0


def test_deadline_scan_uses_the_local_date(alice, zone_a):
    """At 00:30 in Shanghai it is still the day before in UTC: the scan goes by Shanghai."""
    owed(zone_a, alice, TODAY + 3 * DAY)
    with time_machine.travel(at(TODAY + DAY, 0, 30), tick=False):
        reminders.run_scans(kinds=["hazard_deadline"], kick=False)
    assert rows("hazard_deadline").get().due_on == TODAY + DAY


def test_deadline_scan_run_again_changes_nothing(alice, zone_a):
    owed(zone_a, alice, TODAY)
    scan("hazard_deadline")
    before = list(rows("hazard_deadline").values_list("pk", "recipient_id", "due_on", "subject"))
    scan("hazard_deadline")
    after = list(rows("hazard_deadline").values_list("pk", "recipient_id", "due_on", "subject"))
    assert len(before) == 1 and after == before


def test_hazard_reminders_go_when_the_hazard_is_deleted(alice, sam, zone_a):
    hazard = owed(zone_a, alice, TODAY - DAY)
    scan("hazard_deadline")
    scan("hazard_escalated")
    assert Reminder.objects.count() == 2
    hazard.delete()
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_deadline_scan_queries_do_not_grow(db, size, django_assert_max_num_queries):
    """The hazards with their zones and assignees, one INSERT (and the scan's savepoint)."""
    for i in range(size):
        zone = HazardZoneFactory(branch=BranchFactory())
        for offset in (-2, 0, 1):
            assignee = MemberFactory(branch=zone.branch, user__password=None)
            owed(zone, assignee, TODAY - offset * DAY, description=f"隐患{i}{offset}")
    warm_content_types(Hazard)
    with django_assert_max_num_queries(4):
        scan("hazard_deadline")
    assert rows("hazard_deadline").count() == 3 * size


# Escalation -------------------------------------------------------------------------------


def test_overdue_fix_escalated_to_the_zones_secretary_and_deputy_the_day_after(
    alice, sam, dan, bob, zone_a
):
    hazard = owed(zone_a, alice, TODAY - DAY, severity=Hazard.Severity.MAJOR)
    scan("hazard_escalated")
    assert recipients("hazard_escalated") == ["dan", "sam"]  # not bob of B, not alice
    reminder = rows("hazard_escalated").get(recipient=sam.user)
    assert reminder.target == hazard and reminder.due_on == TODAY
    assert reminder.url == hazard.get_absolute_url()
    assert reminder.subject == (
        "电解一车间党支部：隐患整改逾期：112 槽北侧护栏缺失，人员有坠落风险"
    )
    assert reminder.body.startswith(
        "电解槽一区隐患（重大）已指派李爱丽整改，期限为2025年3月9日，至今未提交整改。"
    )


def test_escalation_goes_to_the_branch_of_the_zone(alice, sam, bob):
    """A member of A may report in B's zone: B's secretary answers for the fix."""
    zone_b = HazardZoneFactory(branch=bob.branch, name="铸造一区")
    fixer = MemberFactory(branch=bob.branch, user__username="fixer")
    owed(zone_b, fixer, TODAY - DAY, reported_by=alice)
    scan("hazard_escalated")
    assert recipients("hazard_escalated") == ["bob"]


def test_escalated_once_only_on_the_day_after_the_deadline(sam, alice, zone_a):
    owed(zone_a, alice, TODAY)
    for day in (TODAY - DAY, TODAY, TODAY + 2 * DAY, TODAY + 9 * DAY):
        assert scan("hazard_escalated", day) == 0
    assert scan("hazard_escalated", TODAY + DAY) == 1
    assert rows("hazard_escalated").get().due_on == TODAY + DAY


def test_fix_submitted_or_sent_back_before_the_deadline(sam, alice, zone_a):
    owed(zone_a, alice, TODAY - DAY, status=Hazard.Status.SUBMITTED)
    returned = owed(zone_a, alice, TODAY - DAY, status=Hazard.Status.RETURNED)
    scan("hazard_escalated")
    assert [r.target for r in rows("hazard_escalated")] == [returned]


def test_secretary_who_is_the_assignee_is_not_told_twice(sam, dan, zone_a):
    owed(zone_a, sam, TODAY - DAY)
    scan("hazard_escalated")
    scan("hazard_deadline")
    assert recipients("hazard_escalated") == ["dan"]
    assert recipients("hazard_deadline") == ["sam"]


def test_escalation_skips_secretaries_who_left_or_have_no_account(sam, dan, alice, zone_a):
    sam.is_active = False
    sam.save()
    dan.user.is_active = False
    dan.user.save()
    owed(zone_a, alice, TODAY - DAY)
    assert scan("hazard_escalated") == 0


def test_escalation_scan_run_again_changes_nothing(sam, dan, alice, zone_a):
    owed(zone_a, alice, TODAY - DAY)
    assert scan("hazard_escalated") == 2
    assert scan("hazard_escalated") == 2
    assert rows("hazard_escalated").count() == 2


@pytest.mark.parametrize("size", [2, 12])
def test_escalation_scan_queries_do_not_grow(db, size, django_assert_max_num_queries):
    """The hazards, the secretaries and deputies, one INSERT, savepoint."""
    for _ in range(size):
        zone = HazardZoneFactory(branch=BranchFactory())
        for role in (Role.Kind.SECRETARY, Role.Kind.DEPUTY):
            RoleFactory(member=MemberFactory(branch=zone.branch, user__password=None), kind=role)
        owed(zone, MemberFactory(branch=zone.branch, user__password=None), TODAY - DAY)
    warm_content_types(Hazard)
    with django_assert_max_num_queries(5):
        scan("hazard_escalated")
    assert rows("hazard_escalated").count() == 2 * size


# Assigned: queued by the service, in its transaction ----------------------------------------


@pytest.fixture
def delay():
    with mock.patch.object(tasks.deliver_reminder, "delay") as delay:
        yield delay


def test_assigning_through_the_page_reminds_the_assignee_at_once(
    client_for, sam, alice, zone_a, delay, django_capture_on_commit_callbacks
):
    hazard = HazardFactory(zone=zone_a, description="槽沿积料")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sam).post(
            reverse("hazards:assign", args=[hazard.pk]),
            {"assignee": alice.pk, "deadline": (TODAY + 5 * DAY).isoformat()},
        )
    assert response.status_code == 302
    reminder = rows("hazard_assigned").get()
    assert reminder.recipient == alice.user and reminder.target == hazard
    assert reminder.due_on == TODAY and reminder.url == hazard.get_absolute_url()
    assert reminder.subject == "隐患已指派给您：槽沿积料"
    assert reminder.body.startswith("请于2025年3月15日前完成电解槽一区隐患（一般）的整改。")
    delay.assert_called_once_with(reminder.pk)
    assert (
        "隐患已指派给您：槽沿积料" in client_for(alice).get(reverse("inbox:list")).content.decode()
    )


def test_assignment_reminder_is_published_only_after_the_commit(
    sam, alice, zone_a, delay, django_capture_on_commit_callbacks
):
    hazard = HazardFactory(zone=zone_a)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        hazard_services.assign(hazard, alice, TODAY + DAY, by=sam.user)
        assert rows("hazard_assigned").exists()
        assert not delay.called
    delay.assert_called_once_with(rows("hazard_assigned").get().pk)


def test_assignment_and_its_reminder_are_one_transaction(sam, alice, zone_a, delay):
    """If the reminder cannot be written, the assignment is undone too."""
    hazard = HazardFactory(zone=zone_a)
    with (
        mock.patch("reminders.services.queue", side_effect=RuntimeError("outbox down")),
        pytest.raises(RuntimeError),
    ):
        hazard_services.assign(hazard, alice, TODAY + DAY, by=sam.user)
    hazard.refresh_from_db()
    assert hazard.status == Hazard.Status.REPORTED and hazard.assignee is None
    assert not Reminder.objects.exists()


def test_refused_assignment_queues_nothing(client_for, alice, zone_a, delay):
    hazard = HazardFactory(zone=zone_a)
    response = client_for(alice).post(
        reverse("hazards:assign", args=[hazard.pk]),
        {"assignee": alice.pk, "deadline": (TODAY + DAY).isoformat()},
    )
    assert response.status_code == 403
    assert not Reminder.objects.exists()
    assert not delay.called


def test_reassignment_reminds_the_new_assignee(sam, alice, zone_a, delay):
    other = MemberFactory(branch=zone_a.branch, user__username="other")
    hazard = HazardFactory(zone=zone_a)
    hazard = hazard_services.assign(hazard, alice, TODAY + DAY, by=sam.user)
    hazard_services.assign(hazard, other, TODAY + 3 * DAY, by=sam.user)
    assert recipients("hazard_assigned") == ["alice", "other"]


def test_assignee_without_an_account_gets_no_assignment_reminder(sam, zone_a, delay):
    member = MemberFactory(branch=zone_a.branch, user=None)
    hazard = hazard_services.assign(HazardFactory(zone=zone_a), member, TODAY, by=sam.user)
    assert hazard.status == Hazard.Status.ASSIGNED
    assert not Reminder.objects.exists()


def test_assignment_reminder_is_in_chinese_whatever_the_assigners_language(
    sam, alice, zone_a, delay
):
    from django.utils import translation

    with translation.override("en"):
        hazard_services.assign(
            HazardFactory(zone=zone_a, description="槽沿积料"), alice, TODAY, by=sam.user
        )
    assert rows("hazard_assigned").get().subject == "隐患已指派给您：槽沿积料"


# 三学 study sessions ------------------------------------------------------------------------


def session_at(starts_at, invitees, **extra):
    extra.setdefault("branch", invitees[0].branch)
    session = StudySessionFactory(starts_at=starts_at, **extra)
    for member in invitees:
        StudyAttendanceFactory(session=session, member=member)
    return session


def test_study_session_reminds_each_invitee_the_day_before(alice, sam, bob):
    MemberFactory(branch=alice.branch, user__username="not_invited")
    session = session_at(
        at(TODAY + DAY, 16),
        [alice, sam],
        topic="冬季防寒防冻安全措施研讨",
        place="党员活动室",
        host=sam,
    )
    scan("study_session")
    assert recipients("study_session") == ["alice", "sam"]
    reminder = rows("study_session").get(recipient=alice.user)
    assert reminder.target == session and reminder.due_on == TODAY
    assert reminder.url == session.get_absolute_url() == f"/study/{session.pk}/"
    assert reminder.subject == "明天 16:00：支部研学：冬季防寒防冻安全措施研讨"
    assert reminder.body == (
        "孙明将于2025年3月11日 16:00在党员活动室主持支部研学。\n主题：冬季防寒防冻安全措施研讨"
    )


def test_committee_led_session_reminds_its_invitees_of_every_branch(alice, bob, carol):
    session_at(
        at(TODAY + DAY, 14, 30),
        [alice, bob],
        mode=StudySession.Mode.COMMITTEE_LED,
        branch=None,
        host=carol,
        topic="安全生产法重点条款解读",
    )
    scan("study_session")
    assert recipients("study_session") == ["alice", "bob"]
    assert rows("study_session").first().subject == "明天 14:30：党委领学：安全生产法重点条款解读"


def test_study_session_is_reminded_only_the_day_before_in_local_time(alice):
    first = session_at(at(TODAY + DAY, 0, 0), [alice], topic="零点")
    last = session_at(at(TODAY + DAY, 23, 59), [alice], topic="午夜前")
    session_at(at(TODAY + 2 * DAY, 0, 0), [alice], topic="后天零点")
    session_at(at(TODAY, 20), [alice], topic="今晚")
    scan("study_session")
    assert {r.target for r in rows("study_session")} == {first, last}
    assert scan("study_session", TODAY + DAY) == 1


def test_study_session_skips_invitees_who_left_or_have_no_account(alice):
    invitees = [
        alice,
        MemberFactory(branch=alice.branch, is_active=False),
        MemberFactory(branch=alice.branch, user=None),
        MemberFactory(branch=alice.branch, user__is_active=False),
    ]
    session_at(at(TODAY + DAY, 9), invitees)
    scan("study_session")
    assert recipients("study_session") == ["alice"]


def test_study_scan_run_again_changes_nothing(alice, sam):
    session_at(at(TODAY + DAY, 9), [alice, sam])
    assert scan("study_session") == 2
    assert scan("study_session") == 2
    assert rows("study_session").count() == 2


def test_study_reminders_go_when_the_session_is_deleted(alice):
    session = session_at(at(TODAY + DAY, 9), [alice])
    scan("study_session")
    session.delete()
    assert not rows("study_session").exists()


@pytest.mark.parametrize("size", [2, 12])
def test_study_scan_queries_do_not_grow(db, size, django_assert_max_num_queries):
    """The invitations with their sessions and hosts, one INSERT (and the savepoint)."""
    for _ in range(size):
        branch = BranchFactory()
        invitees = MemberFactory.create_batch(size, branch=branch, user__password=None)
        session_at(at(TODAY + DAY, 9), invitees)
        session_at(at(TODAY + DAY, 15), invitees[:1])
    warm_content_types(StudySession)
    with django_assert_max_num_queries(4):
        scan("study_session")
    assert rows("study_session").count() == size * (size + 1)
