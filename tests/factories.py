"""factory-boy factories for the portal's records."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Branch, Committee, GeneralBranch, Member, PartyGroup, Role
from hongjun.models import Reminder

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
