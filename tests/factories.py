"""factory-boy factories for the portal's records."""

import factory
from django.contrib.auth import get_user_model

from branches.models import Branch, Committee, GeneralBranch, Member, PartyGroup, Role

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


# Initiatives ------------------------------------------------------------------------
# Rows made directly, for setting up a state; the workflow's own steps are tested through
# `initiatives.services`.

import datetime  # noqa: E402

from hongjun.themes import Theme  # noqa: E402
from initiatives.models import (  # noqa: E402
    Application,
    Initiative,
    Milestone,
    OutcomeFigure,
    ProgressReport,
    TeamKind,
)


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
