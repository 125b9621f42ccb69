"""The 发展党员 scan: the branch secretary reminded of each applicant's next step falling due.

As in test_scans: the scan runs through `reminders.run_scans` and the tests read its rows.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from affairs.models import Applicant, RecruitmentRecord
from branches.models import Role
from reminders import services as reminders
from reminders.models import Reminder
from tests.factories import (
    RECRUITMENT_WAY,
    BranchFactory,
    MemberFactory,
    RoleFactory,
    applicant_with_steps,
    way_until,
)

SH = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2025, 3, 10)
DAY = datetime.timedelta(days=1)
WEEK = 7 * DAY
KIND = "recruitment_due"


@pytest.fixture(autouse=True)
def frozen_today():
    """The clock stands at 08:00 on TODAY in the portal's zone."""
    with time_machine.travel(datetime.datetime(2025, 3, 10, 8, 0, tzinfo=SH), tick=False):
        yield


def scan(day=TODAY):
    return reminders.run_scans(day, kinds=[KIND], kick=False)[KIND]


def rows():
    return Reminder.objects.filter(kind=KIND).select_related("recipient")


def recipients(**filters):
    return sorted(r.recipient.username for r in rows().filter(**filters))


def due_days():
    return sorted(set(rows().values_list("due_on", flat=True)))


@pytest.fixture
def dan(branch_a):
    """The deputy secretary of branch A."""
    member = MemberFactory(name="邓副书记", branch=branch_a, user__username="dan")
    RoleFactory(member=member, kind=Role.Kind.DEPUTY, branch=branch_a)
    return member


def applied(branch, on, **extra):
    """An applicant who applied on `on` and is waiting for the talk (due a month later)."""
    return applicant_with_steps(branch, {"application": on}, **extra)


def test_timing_is_a_week_before_and_on_the_day():
    assert reminders.KINDS[KIND].days == (-7, 0)
    assert str(reminders.KINDS[KIND].label) == "发展党员步骤到期"


def test_secretary_and_deputy_reminded_a_week_before_the_talk_is_due(alice, sam, dan, bob):
    applicant = applied(sam.branch, datetime.date(2025, 2, 17), name="王小明")  # talk by 3-17
    scan()
    assert recipients() == ["dan", "sam"]  # not bob of branch B, not alice
    reminder = rows().get(recipient=sam.user)
    assert reminder.target == applicant and reminder.due_on == TODAY
    assert reminder.url == applicant.get_absolute_url() == f"/affairs/recruitment/{applicant.pk}/"
    assert reminder.subject == "王小明：“党组织派人谈话”应于2025年3月17日前完成"
    assert reminder.body == (
        "电解一车间党支部入党申请人王小明：下一步“党组织派人谈话”应于2025年3月17日前完成。"
        "完成后请在其发展党员页面登记。"
    )


def test_deadline_reminded_exactly_a_week_before_and_on_the_day(sam):
    applied(sam.branch, datetime.date(2025, 2, 17))
    for offset in range(-2, 10):
        scan(TODAY + offset * DAY)
    assert due_days() == [TODAY, TODAY + WEEK]


def test_deadline_at_a_months_end_is_clamped(sam):
    """Applied on 31 January: the talk is due on 28 February, reminded on the 21st and 28th."""
    applied(sam.branch, datetime.date(2025, 1, 31))
    for day in range(14, 29):
        scan(datetime.date(2025, 2, day))
    scan(datetime.date(2025, 3, 1))
    assert due_days() == [datetime.date(2025, 2, 21), datetime.date(2025, 2, 28)]


def test_step_that_becomes_possible_is_reminded_when_the_interval_ends(sam):
    """A year as 积极分子 from 17 March 2024: 发展对象 from 17 March 2025."""
    applicant = applicant_with_steps(
        sam.branch,
        {
            "application": datetime.date(2023, 12, 1),
            "talk": datetime.date(2023, 12, 20),
            "activist": datetime.date(2024, 3, 17),
            "contacts": datetime.date(2024, 3, 20),
        },
        name="赵敏",
    )
    for offset in range(-2, 10):
        scan(TODAY + offset * DAY)
    assert due_days() == [TODAY, TODAY + WEEK]
    reminder = rows().get(due_on=TODAY + WEEK)
    assert reminder.target == applicant
    assert reminder.subject == "赵敏：自2025年3月17日起可进行“培养教育考察（一年以上）”"
    assert reminder.body == (
        "电解一车间党支部入党积极分子赵敏：距下一步“培养教育考察（一年以上）”的最短间隔期于"
        "2025年3月17日届满，届满后即可进行。"
    )


def test_interval_from_a_leap_day_ends_on_the_first_of_march(sam):
    """An activist from 29 February 2024: no 29 February in 2025, so from 1 March."""
    applicant_with_steps(
        sam.branch,
        {
            "application": datetime.date(2023, 11, 1),
            "talk": datetime.date(2023, 11, 20),
            "activist": datetime.date(2024, 2, 29),
            "contacts": datetime.date(2024, 3, 1),
        },
    )
    for day in (datetime.date(2025, 2, 21), datetime.date(2025, 2, 28), TODAY):
        assert scan(day) == 0
    assert scan(datetime.date(2025, 2, 22)) == 1
    assert scan(datetime.date(2025, 3, 1)) == 1


def test_the_end_of_the_probation_is_reminded(sam):
    """Voted in on 17 March 2024: the 预备期 is over, and its examination due, on 17 March 2025."""
    earlier = RECRUITMENT_WAY["vote"] - datetime.date(2024, 3, 17)

    def shift(value):
        if isinstance(value, dict):
            return {k: shift(v) for k, v in value.items()}
        return value - earlier if isinstance(value, datetime.date) else value

    steps = {code: shift(value) for code, value in way_until("placed").items()}
    applicant_with_steps(sam.branch, steps, name="钱进")
    scan()
    assert rows().get().subject == "钱进：自2025年3月17日起可进行“预备期教育考察”"


def test_step_done_stops_the_reminders(sam, alice):
    applicant = applied(sam.branch, datetime.date(2025, 2, 17))
    assert scan() == 1
    RecruitmentRecord.objects.create(applicant=applicant, step="talk", done_on=TODAY + DAY)
    assert scan(TODAY + WEEK) == 0  # the next step, 积极分子, has no interval or deadline


def test_steps_without_a_deadline_or_interval_and_full_members_are_not_reminded(sam):
    applicant_with_steps(
        sam.branch,
        {
            "application": datetime.date(2023, 1, 1),
            "talk": datetime.date(2023, 1, 10),
            "activist": datetime.date(2023, 3, 10),
            "contacts": datetime.date(2023, 3, 17),
            "candidate": datetime.date(2024, 3, 17),  # next: 政治审查, the secretary's to plan
        },
    )
    full = applied(sam.branch, datetime.date(2025, 2, 17))
    Applicant.objects.filter(pk=full.pk).update(stage="full")
    for offset in range(-7, 8):
        assert scan(TODAY + offset * DAY) == 0


def test_overdue_step_is_not_reminded_again_after_its_day(sam):
    applied(sam.branch, datetime.date(2025, 1, 17))  # talk was due on 17 February
    assert scan() == 0
    assert scan(datetime.date(2025, 2, 17)) == 1


def test_branch_without_a_reachable_secretary_gets_nothing(sam, dan, alice):
    sam.is_active = False
    sam.save()
    dan.user = None
    dan.save()
    applied(alice.branch, datetime.date(2025, 2, 17))
    assert scan() == 0


def test_branch_committee_member_and_members_are_not_reminded(sam, alice):
    RoleFactory(member=alice, kind=Role.Kind.BRANCH_COMMITTEE, branch=alice.branch)
    applied(alice.branch, datetime.date(2025, 2, 17))
    scan()
    assert recipients() == ["sam"]


def test_recruitment_scan_run_again_changes_nothing(sam, dan):
    applied(sam.branch, datetime.date(2025, 2, 17))
    assert scan() == 2
    before = list(rows().values_list("pk", "recipient_id", "due_on", "subject"))
    assert scan() == 2
    assert list(rows().values_list("pk", "recipient_id", "due_on", "subject")) == before


def test_recruitment_reminders_go_when_the_applicant_is_deleted(sam):
    applicant = applied(sam.branch, datetime.date(2025, 2, 17))
    scan()
    applicant.records.all().delete()
    applicant.delete()
    assert not rows().exists()


@pytest.mark.parametrize("size", [2, 12])
def test_recruitment_scan_queries_do_not_grow(db, size, django_assert_max_num_queries):
    """The applicants, their records, the secretaries and deputies, one INSERT, savepoint."""
    for i in range(size):
        branch = BranchFactory()
        for role in (Role.Kind.SECRETARY, Role.Kind.DEPUTY):
            RoleFactory(member=MemberFactory(branch=branch, user__password=None), kind=role)
        applied(branch, datetime.date(2025, 2, 17))
        applied(branch, datetime.date(2025, 2, 10) if i % 2 else datetime.date(2025, 1, 3))
    ContentType.objects.get_for_model(Applicant)
    with django_assert_max_num_queries(6):
        scan()
    # Each branch: the first applicant a week before; every other branch's second one today.
    assert rows().count() == 2 * (size + size // 2)
