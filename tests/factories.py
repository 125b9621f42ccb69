"""factory-boy factories for the portal's records."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import (
    Activity,
    ActivityKind,
    Attendance,
    Branch,
    Committee,
    GeneralBranch,
    Member,
    PartyGroup,
    Role,
)
from hongjun.themes import Theme
from initiatives.models import (
    Application,
    Initiative,
    Milestone,
    OutcomeFigure,
    ProgressReport,
    TeamKind,
)
from reminders.models import Reminder
from safety.models import (
    Hazard,
    MentorPair,
    StudyAttendance,
    StudySession,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = "测试公司党委"


class GeneralBranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneralBranch

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"第{n}党总支")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试{n}党支部")
    unit = factory.Sequence(lambda n: f"测试{n}车间")


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    employee_no = factory.Sequence(lambda n: f"T{n:05d}")
    branch = factory.SubFactory(BranchFactory)
    post = "电解工"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    member = factory.SubFactory(MemberFactory)
    kind = Role.Kind.SECRETARY
    branch = factory.SelfAttribute("member.branch")


# Activities ---------------------------------------------------------------------------


class ActivityFactory(factory.django.DjangoModelFactory):
    """A held 支部委员会 a week ago, one hour long."""

    class Meta:
        model = Activity

    branch = factory.SubFactory(BranchFactory)
    kind = ActivityKind.COMMITTEE_MEETING
    theme = Theme.SAFETY
    status = Activity.Status.HELD
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + datetime.timedelta(hours=1))
    place = "党员活动室"
    topic = factory.Sequence(lambda n: f"研究第{n}项工作")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    activity = factory.SubFactory(ActivityFactory)
    member = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..activity.branch"))
    status = Attendance.Status.PRESENT


# Reminders --------------------------------------------------------------------------


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder about a branch (any record will do for the outbox and the inbox)."""

    class Meta:
        model = Reminder

    kind = "activity"
    target = factory.SubFactory(BranchFactory)
    recipient = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(timezone.localdate)
    subject = factory.Sequence(lambda n: f"明天有支部活动 {n}")
    body = "请准时参加。"
    url = "/org/"


# Initiatives ------------------------------------------------------------------------
# Rows made directly, for setting up a state; the workflow's own steps are tested through
# `initiatives.services`.


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    kind = Initiative.Kind.LISTED
    title = factory.Sequence(lambda n: f"攻关项目{n}")
    theme = Theme.INNOVATION
    problem = "电解槽底清灰依靠人工。"
    expected_outcome = "清灰时间缩短一半。"
    apply_deadline = datetime.date(2025, 3, 31)
    reward_points = 50
    status = Initiative.Status.PUBLISHED
    starts_on = datetime.date(2025, 4, 1)
    ends_on = datetime.date(2025, 12, 31)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    branch = factory.SubFactory(BranchFactory)
    plan = "成立党员突击队，三个月完成样机。"
    team_kind = TeamKind.SHOCK_TEAM


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    due_on = datetime.date(2025, 6, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    initiative = factory.SubFactory(InitiativeFactory)
    percent = 40
    text = "样机试制完成。"


class OutcomeFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeFigure

    report = factory.SubFactory(ProgressReportFactory)
    label = "节约电量"
    quantity = 1000
    unit = OutcomeFigure.Unit.KWH


# Safety: pledge versions, responsibility zones, violations ---------------------------
# Signatures have no factory: tests sign through `safety.pledges.services.sign_pledge`, so that
# every chain they build is a real one.


class PledgeVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "safety.PledgeVersion"

    year = 2025
    title = factory.Sequence(lambda n: f"党员身边无违章承诺书（第{n}版）")
    text = "一、不违章指挥。\n二、不违章作业。\n三、不违反劳动纪律。"

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))


class SafetyZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "safety.SafetyZone"
        skip_postgeneration_save = True

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"{n}号责任区")
    location = "电解厂房"
    established_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=100)
    )

    @factory.post_generation
    def responsible(self, create, extracted, **kwargs):
        if create and extracted:
            self.responsible.set(extracted)


class ViolationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "safety.Violation"

    zone = factory.SubFactory(SafetyZoneFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    description = "未戴防护面罩"
    severity = "minor"


# Hazards and 三学 study ---------------------------------------------------------------


# The smallest valid PNG header is enough for the content check (hongjun.uploads.sniff).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class HazardZoneFactory(SafetyZoneFactory):
    """A zone the hazard tests name again and again: the same branch and name is one zone."""

    class Meta:
        django_get_or_create = ("branch", "name")

    name = factory.Sequence(lambda n: f"责任区{n}")


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    zone = factory.SubFactory(HazardZoneFactory)
    reported_by = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..zone.branch"))
    description = factory.Sequence(lambda n: f"隐患{n}：护栏缺失")
    severity = Hazard.Severity.GENERAL

    class Params:
        assigned = factory.Trait(
            status=Hazard.Status.ASSIGNED,
            assignee=factory.SubFactory(
                MemberFactory, branch=factory.SelfAttribute("..zone.branch")
            ),
            deadline=factory.LazyFunction(
                lambda: timezone.localdate() + datetime.timedelta(days=7)
            ),
        )


class MentorPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorPair

    branch = factory.SubFactory(BranchFactory)
    mentor = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..branch"))
    apprentice = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..branch"))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))


class StudySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudySession

    mode = StudySession.Mode.BRANCH_STUDY
    topic = factory.Sequence(lambda n: f"安全规程学习{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    place = "党员活动室"
    branch = factory.SubFactory(BranchFactory)
    host = factory.SubFactory(MemberFactory, branch=factory.SelfAttribute("..branch"))


class StudyAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyAttendance

    session = factory.SubFactory(StudySessionFactory)
    member = factory.SubFactory(MemberFactory)


# Party affairs (发展党员, 党费, 组织关系转接, 民主评议) -----------------------------------


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "affairs.Applicant"

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"申请人{n}")
    employee_no = factory.Sequence(lambda n: f"A{n:05d}")
    birth_date = datetime.date(1995, 6, 1)


def applicant_with_steps(branch, steps, **kwargs):
    """An applicant whose steps {code: date, or {field: value} with done_on} are recorded
    (in table order, the branch's decisions last), stage to match."""
    from affairs.models import BRANCH_DECISIONS, RECRUITMENT_STEPS, RecruitmentRecord

    applicant = ApplicantFactory(branch=branch, **kwargs)
    stage = applicant.stage
    for rule in [*RECRUITMENT_STEPS, *BRANCH_DECISIONS]:
        if rule.code in steps:
            value = steps[rule.code]
            fields = value if isinstance(value, dict) else {"done_on": value}
            RecruitmentRecord.objects.create(applicant=applicant, step=rule.code, **fields)
            stage = rule.stage
    applicant.stage = stage
    applicant.save(update_fields=["stage"])
    return applicant


# A believable way to membership that keeps every rule of the 细则 (dates in 2023–2025):
# the year as activist, the 公示 of five working days, three days of training, the vote.
D_ = datetime.date
RECRUITMENT_WAY = {
    "application": D_(2023, 1, 10),
    "talk": D_(2023, 1, 20),
    "activist": D_(2023, 3, 1),
    "activist_filed": D_(2023, 3, 5),
    "contacts": D_(2023, 3, 6),
    "cultivation": D_(2024, 3, 1),
    "candidate_notice": {"started_on": D_(2024, 3, 4), "done_on": D_(2024, 3, 8)},
    "candidate": D_(2024, 3, 11),
    "candidate_filed": D_(2024, 3, 15),
    "sponsors": D_(2024, 3, 20),
    "vetting": D_(2024, 5, 6),
    "training": {"started_on": D_(2024, 6, 3), "done_on": D_(2024, 6, 5), "hours": 24},
    "review": D_(2024, 7, 1),
    "prereview": D_(2024, 7, 15),
    "form": D_(2024, 8, 1),
    "vote": D_(2024, 9, 2),
    "interview": D_(2024, 9, 10),
    "approval": D_(2024, 10, 15),
    "approval_filed": D_(2024, 10, 20),
    "oath": D_(2024, 10, 25),
    "placed": D_(2024, 10, 25),
    "probation": D_(2025, 9, 2),
    "conversion_request": D_(2025, 9, 2),
    "conversion_notice": {"started_on": D_(2025, 9, 3), "done_on": D_(2025, 9, 9)},
    "conversion_vote": D_(2025, 9, 12),
    "confirmation": D_(2025, 10, 9),
    "archive": D_(2025, 10, 20),
}


def way_until(code):
    """The steps of `RECRUITMENT_WAY` up to and including `code`."""
    codes = list(RECRUITMENT_WAY)
    return {c: RECRUITMENT_WAY[c] for c in codes[: codes.index(code) + 1]}
