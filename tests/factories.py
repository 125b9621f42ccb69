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


# Hazards and 三学 study ---------------------------------------------------------------

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402

from safety.models import (  # noqa: E402
    Hazard,
    MentorPair,
    SafetyZone,
    StudyAttendance,
    StudySession,
)

# The smallest valid PNG header is enough for the content check (hongjun.uploads.sniff).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class HazardZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyZone
        django_get_or_create = ("branch", "name")

    branch = factory.SubFactory(BranchFactory)
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
