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


# Party affairs (发展党员, 党费, 组织关系转接, 民主评议) -----------------------------------


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "branches.Applicant"

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"申请人{n}")
    employee_no = factory.Sequence(lambda n: f"A{n:05d}")


def applicant_with_steps(branch, steps, **kwargs):
    """An applicant whose steps {code: date} are recorded (in table order), stage to match."""
    from branches.affairs_models import RECRUITMENT_STEPS, RecruitmentRecord

    applicant = ApplicantFactory(branch=branch, **kwargs)
    stage = applicant.stage
    for rule in RECRUITMENT_STEPS:
        if rule.code in steps:
            RecruitmentRecord.objects.create(
                applicant=applicant, step=rule.code, done_on=steps[rule.code]
            )
            stage = rule.stage
    applicant.stage = stage
    applicant.save(update_fields=["stage"])
    return applicant
