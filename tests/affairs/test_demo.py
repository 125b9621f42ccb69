"""The demo company's party affairs are believable and what the README's accounts expect."""

from django.core.management import call_command

from affairs.models import Applicant, Appraisal, BallotReceipt, DuesPayment, Transfer
from branches.models import Branch, Member


def test_demo_has_a_pipeline_dues_and_both_appraisals(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for branch in Branch.objects.all():
        stages = set(Applicant.objects.filter(branch=branch).values_list("stage", flat=True))
        # Nobody applies to join in the 离退休党支部.
        assert len(stages) >= 2 or branch.name == "离退休党支部", branch
        assert Appraisal.objects.filter(branch=branch, status="settled").exists()
    member = Member.objects.get(user__username="member")
    open_one = Appraisal.objects.get(branch=member.branch, status="open")
    assert member in open_one.participants.all()
    assert not BallotReceipt.objects.filter(appraisal=open_one, voter=member).exists()
    assert BallotReceipt.objects.filter(appraisal=open_one).exists()
    paid = DuesPayment.objects.filter(member=member).count()
    assert 6 <= paid <= 12
    active = Member.objects.filter(is_active=True).count()
    assert DuesPayment.objects.count() < active * 12  # some gaps
    assert Transfer.objects.filter(status="requested", to_branch=member.branch).exists()
