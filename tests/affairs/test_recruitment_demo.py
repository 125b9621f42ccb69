"""The demo's applicants keep every rule of the 细则 the portal checks, whatever the day."""

import datetime
import random

import pytest

from affairs import demo
from affairs.models import Applicant, RecruitmentPlan, Stage
from affairs.recruitment.queries import current_steps
from affairs.recruitment.services import _check_chain
from tests.factories import BranchFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today", [D(2026, 12, 7), D(2026, 10, 5), D(2025, 2, 1)])
def test_demo_applicants_satisfy_all_rules(today):
    branches = [BranchFactory() for _ in range(3)]
    demo._recruitment(random.Random(7), branches, today)
    demo._plans(random.Random(7), branches, today)
    applicants = list(Applicant.objects.prefetch_related("records").select_related("member"))
    seen = set()
    for applicant in applicants:
        done = current_steps(applicant.records.order_by("id"))
        assert _check_chain(done, today) is None, applicant.employee_no
        seen.add(applicant.stage)
        assert (applicant.member is not None) is ("approval" in done)
        if applicant.member:
            assert applicant.member.joined_on == done["vote"].done_on
            full = applicant.stage == Stage.FULL
            assert (applicant.member.status == "full") is full
        age = (done["application"].done_on - applicant.birth_date).days
        assert age >= 18 * 366
    assert seen >= {Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY}
    assert Stage.FULL in seen
    assert Applicant.objects.filter(records__step="extension").exists()
    assert Applicant.objects.filter(records__step="candidate_notice").exists()
    assert RecruitmentPlan.objects.count() == len(branches) * 2
