"""The real scans: which records turn into reminders, for whom, on which day, and only once.

Each scan is run through `reminders.run_scans` for one kind (as the workers and the
command run it) and the tests read the rows it wrote; delivery is tested in test_outbox.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from branches.models import Activity, ActivityKind, Branch, Cadence, Role
from initiatives.models import Initiative, Milestone
from reminders import services as reminders
from reminders.models import Reminder, ReminderPreference
from safety.models import PledgeVersion
from safety.pledges import services as safety_services
from tests.factories import (
    ActivityFactory,
    BranchFactory,
    InitiativeFactory,
    MemberFactory,
    MilestoneFactory,
    PartyGroupFactory,
    PledgeVersionFactory,
    RoleFactory,
    UserFactory,
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


def planned(branch, starts_at, **extra):
    """A planned activity (a 支部党员大会 unless `kind` says otherwise)."""
    extra.setdefault("kind", ActivityKind.GENERAL_MEETING)
    return ActivityFactory(
        branch=branch,
        status=Activity.Status.PLANNED,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1),
        **extra,
    )


def warm_content_types(*models):
    """ContentType lookups are cached per process: fill the cache so counts are stable."""
    for model in models:
        ContentType.objects.get_for_model(model)


# Activities -----------------------------------------------------------------------------


def test_activity_reminds_each_member_of_its_branch_the_day_before(alice, sam, bob):
    activity = planned(
        alice.branch, at(TODAY + DAY, 15), topic="研究本月党建重点工作", place="三楼会议室"
    )
    scan("activity")
    assert recipients("activity") == ["alice", "sam"]  # not bob, of branch B
    reminder = rows("activity").first()
    assert reminder.due_on == TODAY
    assert reminder.target == activity
    assert reminder.url == activity.get_absolute_url()
    assert reminder.subject == "明天 15:00：支部党员大会：研究本月党建重点工作"
    assert "电解一车间党支部将于2025年3月11日 15:00在三楼会议室举行支部党员大会" in reminder.body


def test_branch_committee_meeting_reminds_only_the_branch_committee(alice, sam, bob):
    member = MemberFactory(branch=alice.branch, user__username="zhiwei")
    RoleFactory(member=member, kind=Role.Kind.BRANCH_COMMITTEE, branch=alice.branch)
    # Secretary of branch B and a member of A: on a committee, but not this branch's.
    RoleFactory(member=alice, kind=Role.Kind.BRANCH_COMMITTEE, branch=bob.branch)
    planned(alice.branch, at(TODAY + DAY, 9), kind=ActivityKind.COMMITTEE_MEETING)
    scan("activity")
    assert recipients("activity") == ["sam", "zhiwei"]


def test_activity_topic_that_names_its_kind_says_it_once(alice):
    planned(
        alice.branch,
        at(TODAY + DAY, 14),
        kind=ActivityKind.THEME_DAY,
        topic="主题党日：重温入党誓词",
    )
    scan("activity")
    assert rows("activity").get().subject == "明天 14:00：主题党日：重温入党誓词"


def test_activity_is_reminded_only_the_day_before_in_local_time(alice):
    """Tomorrow runs from 00:00 to 24:00 in Shanghai (16:00 to 16:00 UTC)."""
    first = planned(alice.branch, at(TODAY + DAY, 0, 0), topic="零点")
    last = planned(alice.branch, at(TODAY + DAY, 23, 59), topic="午夜前")
    planned(alice.branch, at(TODAY + 2 * DAY, 0, 0), topic="后天零点")
    planned(alice.branch, at(TODAY, 20), topic="今晚")
    scan("activity")
    assert {r.target for r in rows("activity")} == {first, last}


def test_activity_two_days_ahead_is_reminded_the_next_day(alice):
    activity = planned(alice.branch, at(TODAY + 2 * DAY, 9))
    assert scan("activity") == 0
    assert scan("activity", TODAY + DAY) == 1
    assert rows("activity").get().target == activity


def test_group_meeting_reminds_only_the_groups_members(alice, sam):
    group = PartyGroupFactory(branch=alice.branch, name="第一党小组")
    alice.party_group = group
    alice.save()
    other = MemberFactory(branch=alice.branch, party_group=PartyGroupFactory(branch=alice.branch))
    planned(alice.branch, at(TODAY + DAY, 16), kind=ActivityKind.GROUP_MEETING, party_group=group)
    scan("activity")
    assert recipients("activity") == ["alice"]  # not sam (no group) nor the other group
    assert other.user.reminders.count() == 0
    assert "参加人员：第一党小组的党员。" in rows("activity").get().body


def test_activity_skips_inactive_members_and_members_without_an_account(alice):
    MemberFactory(branch=alice.branch, is_active=False, user__username="left")
    MemberFactory(branch=alice.branch, user=None)
    MemberFactory(branch=alice.branch, user__username="locked", user__is_active=False)
    planned(alice.branch, at(TODAY + DAY, 9))
    scan("activity")
    assert recipients("activity") == ["alice"]


def test_activity_scan_run_again_changes_nothing(alice, sam):
    planned(alice.branch, at(TODAY + DAY, 9))
    scan("activity")
    before = list(rows("activity").values_list("pk", "recipient_id", "due_on", "subject"))
    scan("activity")
    after = list(rows("activity").values_list("pk", "recipient_id", "due_on", "subject"))
    assert len(before) == 2 and after == before


def test_activity_reminders_go_when_the_activity_is_deleted(alice):
    activity = planned(alice.branch, at(TODAY + DAY, 9))
    scan("activity")
    activity.delete()
    assert not rows("activity").exists()


@pytest.mark.parametrize("size", [2, 12])
def test_activity_scan_queries_do_not_grow(db, size, django_assert_max_num_queries):
    """The activities, their invited members, one INSERT (and the scan's savepoint)."""
    for _ in range(size):
        branch = BranchFactory()
        group = PartyGroupFactory(branch=branch)
        MemberFactory.create_batch(size, branch=branch, party_group=group, user__password=None)
        planned(branch, at(TODAY + DAY, 9))
        planned(branch, at(TODAY + DAY, 16), kind=ActivityKind.GROUP_MEETING, party_group=group)
        RoleFactory(member=MemberFactory(branch=branch, user__password=None))
        planned(branch, at(TODAY + DAY, 10), kind=ActivityKind.COMMITTEE_MEETING)
    warm_content_types(Activity)
    with django_assert_max_num_queries(5):
        scan("activity")
    # Everyone to the general meeting, the group to its meeting, the secretary to the committee.
    assert rows("activity").count() == size * ((size + 1) + size + 1)


# The pledge ------------------------------------------------------------------------------

PUBLISHED = at(TODAY, 9)


def publish(when=PUBLISHED, **extra):
    return PledgeVersionFactory(published_at=when, **extra)


def sign(member, version):
    return safety_services.sign_pledge(version, member, member.name, by=member.user)


def test_pledge_reminds_each_member_who_has_not_signed(alice, sam, bob):
    version = publish()
    sign(alice, version)
    scan("pledge_unsigned")
    assert recipients("pledge_unsigned") == ["bob", "sam"]
    reminder = rows("pledge_unsigned").first()
    assert reminder.target == version and reminder.due_on == TODAY
    assert reminder.url == reverse("safety:sign")
    assert reminder.subject == f"请签署安全承诺书：{version.title}"
    assert "您尚未签署《" in reminder.body and "2025年3月10日发布" in reminder.body


def test_pledge_is_reminded_once_a_week(alice):
    publish()
    for offset in range(7):
        scan("pledge_unsigned", TODAY + offset * DAY)
    assert list(rows("pledge_unsigned").values_list("due_on", flat=True)) == [TODAY]
    scan("pledge_unsigned", TODAY + 7 * DAY)
    scan("pledge_unsigned", TODAY + 13 * DAY)
    assert sorted(rows("pledge_unsigned").values_list("due_on", flat=True)) == [
        TODAY,
        TODAY + 7 * DAY,
    ]


def test_pledge_campaign_ends_after_eight_weeks(alice):
    publish()
    assert reminders.KINDS["pledge_unsigned"].lasts == 56
    assert scan("pledge_unsigned", TODAY + 55 * DAY) == 1
    assert rows("pledge_unsigned").get().due_on == TODAY + 49 * DAY
    assert scan("pledge_unsigned", TODAY + 56 * DAY) == 0
    assert scan("pledge_unsigned", TODAY + 200 * DAY) == 0


def test_pledge_not_reminded_before_publication_or_for_a_draft(alice):
    PledgeVersionFactory(published_at=None)
    assert scan("pledge_unsigned") == 0
    publish(when=at(TODAY + DAY, 9))
    assert scan("pledge_unsigned") == 0
    assert scan("pledge_unsigned", TODAY + DAY) == 1


def test_pledge_signed_stops_the_reminders(alice):
    version = publish()
    scan("pledge_unsigned")
    sign(alice, version)
    assert scan("pledge_unsigned", TODAY + 7 * DAY) == 0
    assert rows("pledge_unsigned").count() == 1


def test_a_newer_version_starts_a_new_campaign_for_those_who_signed_the_old(alice, sam):
    old = publish(when=at(TODAY - 30 * DAY, 9))
    sign(alice, old)
    new = publish(when=at(TODAY, 7))
    scan("pledge_unsigned")
    assert recipients("pledge_unsigned") == ["alice", "sam"]
    assert {r.target for r in rows("pledge_unsigned")} == {new}


def test_pledge_skips_inactive_members_and_members_without_an_account(alice):
    MemberFactory(branch=alice.branch, is_active=False)
    MemberFactory(branch=alice.branch, user=None)
    MemberFactory(branch=alice.branch, user__is_active=False)
    publish()
    scan("pledge_unsigned")
    assert recipients("pledge_unsigned") == ["alice"]


def test_pledge_scan_run_again_changes_nothing(alice, sam):
    publish()
    assert scan("pledge_unsigned") == 2
    assert scan("pledge_unsigned") == 2
    assert rows("pledge_unsigned").count() == 2


@pytest.mark.parametrize("size", [3, 30])
def test_pledge_scan_queries_do_not_grow(size, alice, django_assert_max_num_queries):
    """The version in force, the members who have not signed, one INSERT, savepoint."""
    MemberFactory.create_batch(size, user__password=None)
    version = publish()
    sign(alice, version)
    warm_content_types(PledgeVersion)
    with django_assert_max_num_queries(5):
        scan("pledge_unsigned")
    assert rows("pledge_unsigned").count() == size


# Cadence: due and overdue ----------------------------------------------------------------

MARCH_24 = datetime.date(2025, 3, 24)  # a week before March (and the first quarter) ends


@pytest.fixture
def two_rules(db):
    """Monthly 支部委员会 and quarterly 支部党员大会 only, so the lists are short."""
    Cadence.objects.exclude(kind__in=["committee_meeting", "general_meeting"]).delete()


@pytest.fixture
def dan(branch_a):
    """The deputy secretary of branch A."""
    member = MemberFactory(name="邓副书记", branch=branch_a, user__username="dan")
    RoleFactory(member=member, kind=Role.Kind.DEPUTY, branch=branch_a)
    return member


def held(branch, day, kind=ActivityKind.COMMITTEE_MEETING):
    return ActivityFactory(branch=branch, kind=kind, starts_at=at(day, 9))


def test_secretary_and_deputy_reminded_a_week_before_period_end_of_what_is_not_held(
    two_rules, alice, sam, dan, bob
):
    held(sam.branch, datetime.date(2025, 3, 5))
    scan("compliance_due", MARCH_24)
    assert recipients("compliance_due") == ["bob", "dan", "sam"]  # not alice, a member
    mine = rows("compliance_due").get(recipient=sam.user)
    assert mine.subject == "电解一车间党支部：本期尚未开展支部党员大会"
    assert mine.body == (
        "支部党员大会：2025年第1季度已开展 0 次，至少应开展 1 次，2025年3月31日截止。"
    )
    assert mine.url == reverse("branches:activity_create", args=[sam.branch.pk])
    assert mine.target == sam.branch and mine.due_on == MARCH_24
    bobs = rows("compliance_due").get(recipient=bob.user)
    assert bobs.subject == "铸造车间党支部：本期尚未开展支部党员大会、支部委员会"


def test_compliance_due_only_exactly_a_week_before(two_rules, sam):
    for day in (MARCH_24 - DAY, MARCH_24 + DAY, datetime.date(2025, 3, 31)):
        assert scan("compliance_due", day) == 0
    assert scan("compliance_due", MARCH_24) == 1


def test_compliance_due_in_a_quarters_middle_month_names_only_the_monthly_rule(two_rules, sam):
    scan("compliance_due", datetime.date(2025, 4, 23))  # April ends; the quarter does not
    assert rows("compliance_due").get().subject == "电解一车间党支部：本期尚未开展支部委员会"


def test_nothing_due_when_every_required_activity_is_held(two_rules, sam):
    held(sam.branch, datetime.date(2025, 3, 5))
    held(sam.branch, datetime.date(2025, 2, 20), kind=ActivityKind.GENERAL_MEETING)
    assert scan("compliance_due", MARCH_24) == 0


def test_overdue_the_day_after_a_period_ended_unmet(two_rules, sam, dan, bob):
    held(sam.branch, datetime.date(2025, 3, 5))
    held(sam.branch, datetime.date(2025, 3, 6), kind=ActivityKind.GENERAL_MEETING)
    # A planned meeting is not a held one: branch B stays overdue.
    ActivityFactory(branch=bob.branch, status=Activity.Status.PLANNED, starts_at=at(TODAY, 9))
    april_1 = datetime.date(2025, 4, 1)
    scan("compliance_overdue", april_1)
    assert recipients("compliance_overdue") == ["bob"]
    reminder = rows("compliance_overdue").get()
    assert reminder.subject == "铸造车间党支部：逾期未开展支部党员大会、支部委员会"
    assert "支部委员会：2025年3月开展 0 次，至少应开展 1 次，该期已于2025年3月31日结束。" in (
        reminder.body
    )
    assert reminder.url == bob.branch.get_absolute_url()
    assert reminder.due_on == april_1
    assert scan("compliance_overdue", april_1 + DAY) == 0
    assert scan("compliance_overdue", datetime.date(2025, 3, 31)) == 0


def test_compliance_skips_secretaries_who_left_or_have_no_account(two_rules, sam, dan):
    sam.is_active = False
    sam.save()
    dan.user = None
    dan.save()
    assert scan("compliance_due", MARCH_24) == 0


def test_compliance_scans_run_again_change_nothing(two_rules, sam, dan):
    assert scan("compliance_due", MARCH_24) == 2
    assert scan("compliance_due", MARCH_24) == 2
    assert rows("compliance_due").count() == 2


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("kind", ["compliance_due", "compliance_overdue"])
def test_compliance_scan_queries_do_not_grow(db, size, kind, django_assert_max_num_queries):
    """The rules, the secretaries and deputies, one aggregate, one INSERT, savepoint."""
    for _ in range(size):
        branch = BranchFactory()
        for role in (Role.Kind.SECRETARY, Role.Kind.DEPUTY):
            RoleFactory(member=MemberFactory(branch=branch, user__password=None), kind=role)
        held(branch, datetime.date(2025, 3, 5))
    warm_content_types(Branch)
    day = MARCH_24 if kind == "compliance_due" else datetime.date(2025, 4, 1)
    with django_assert_max_num_queries(6):
        scan(kind, day)
    assert rows(kind).count() == 2 * size


# Milestones ------------------------------------------------------------------------------


def project(lead=None, branch=None, status=Initiative.Status.IN_PROGRESS, **extra):
    return InitiativeFactory(
        lead=lead, branch=branch or (lead.branch if lead else None), status=status, **extra
    )


def test_lead_reminded_three_days_before_a_milestone(alice, sam):
    initiative = project(lead=alice, title="槽下清理自动化")
    milestone = MilestoneFactory(initiative=initiative, title="样机试制", due_on=TODAY + 3 * DAY)
    scan("milestone_due")
    reminder = rows("milestone_due").get()
    assert reminder.recipient == alice.user  # the lead, not the secretary
    assert reminder.target == milestone and reminder.due_on == TODAY
    assert reminder.url == initiative.get_absolute_url()
    assert reminder.subject == "里程碑将于2025年3月13日到期：样机试制"
    assert "项目“槽下清理自动化”的里程碑“样机试制”将于2025年3月13日到期" in reminder.body


def test_milestone_only_exactly_three_days_before(alice):
    initiative = project(lead=alice)
    for offset in (0, 2, 4):
        MilestoneFactory(initiative=initiative, due_on=TODAY + offset * DAY)
    assert scan("milestone_due") == 0


def test_milestone_done_or_project_not_being_worked_on_is_not_reminded(alice):
    due = TODAY + 3 * DAY
    MilestoneFactory(initiative=project(lead=alice), due_on=due, done_on=TODAY)
    for status in (Initiative.Status.AWARDED, Initiative.Status.SUBMITTED):
        MilestoneFactory(initiative=project(lead=alice, status=status), due_on=due)
    returned = MilestoneFactory(
        initiative=project(lead=alice, status=Initiative.Status.RETURNED), due_on=due
    )
    scan("milestone_due")
    assert [r.target for r in rows("milestone_due")] == [returned]


def test_project_without_a_reachable_lead_reminds_its_branch_secretary(alice, sam, bob):
    MilestoneFactory(initiative=project(branch=alice.branch), due_on=TODAY + 3 * DAY)
    gone = MemberFactory(branch=bob.branch, is_active=False)
    MilestoneFactory(initiative=project(lead=gone), due_on=TODAY + 3 * DAY)
    scan("milestone_due")
    assert recipients("milestone_due") == ["bob", "sam"]


def test_milestone_scan_run_again_changes_nothing(alice):
    MilestoneFactory(initiative=project(lead=alice), due_on=TODAY + 3 * DAY)
    assert scan("milestone_due") == 1
    assert scan("milestone_due") == 1
    assert rows("milestone_due").count() == 1


def test_milestone_reminders_go_when_the_milestone_is_deleted(alice):
    milestone = MilestoneFactory(initiative=project(lead=alice), due_on=TODAY + 3 * DAY)
    scan("milestone_due")
    milestone.delete()
    assert not rows("milestone_due").exists()


@pytest.mark.parametrize("size", [2, 12])
def test_milestone_scan_queries_do_not_grow(db, size, django_assert_max_num_queries):
    """The milestones with their projects and leads, the secretaries of leaderless ones."""
    for i in range(size):
        branch = BranchFactory()
        RoleFactory(member=MemberFactory(branch=branch, user__password=None))
        lead = MemberFactory(branch=branch, user__password=None) if i % 2 else None
        MilestoneFactory(initiative=project(lead=lead, branch=branch), due_on=TODAY + 3 * DAY)
    warm_content_types(Milestone)
    with django_assert_max_num_queries(5):
        scan("milestone_due")
    assert rows("milestone_due").count() == size


# End to end ------------------------------------------------------------------------------


def test_send_reminders_puts_tomorrows_activity_in_the_inbox(client_for, alice, sam):
    """The embedded default: no broker; the command scans, delivers, and the inbox shows it."""
    for member, address in ((alice, "alice@hongjun.test"), (sam, "sam@hongjun.test")):
        member.user.email = address
        member.user.save()
    ReminderPreference.objects.create(user=sam.user, kind="activity", email_enabled=False)
    planned(alice.branch, at(TODAY + DAY, 15), topic="研究本月党建重点工作")
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(rows("activity").values_list("state", flat=True)) == {Reminder.State.SENT}
    sent = [m for m in mail.outbox if "研究本月党建重点工作" in m.subject]
    assert [m.to for m in sent] == [["alice@hongjun.test"]]  # sam turned e-mail off
    assert sent[0].subject == "[红领·铝航] 明天 15:00：支部党员大会：研究本月党建重点工作"
    for member in (alice, sam):
        page = client_for(member).get(reverse("inbox:list")).content.decode()
        assert "明天 15:00：支部党员大会：研究本月党建重点工作" in page


def test_every_scan_of_the_issue_is_registered():
    assert {
        "activity",
        "study_session",
        "pledge_unsigned",
        "hazard_deadline",
        "hazard_escalated",
        "compliance_due",
        "compliance_overdue",
        "milestone_due",
        "recruitment_due",
    } <= set(reminders.SCANS)
    assert "hazard_assigned" not in reminders.SCANS  # queued by the assignment itself


def test_scans_write_chinese_whatever_language_the_caller_uses(alice):
    from django.utils import translation

    planned(alice.branch, at(TODAY + DAY, 15), topic="研究本月党建重点工作")
    with translation.override("en"):
        scan("activity")
    assert rows("activity").get().subject.startswith("明天 15:00")


def test_a_user_without_a_member_gets_nothing(alice):
    UserFactory(username="visitor")
    planned(alice.branch, at(TODAY + DAY, 9))
    publish()
    scan("activity")
    scan("pledge_unsigned")
    assert not Reminder.objects.filter(recipient__username="visitor").exists()
