"""factory-boy factories for the portal's records."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

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


# Safety: pledge versions, responsibility zones, violations ---------------------------
# Signatures have no factory: tests sign through `safety.services.sign_pledge`, so that
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
