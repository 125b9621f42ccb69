"""The committee's 年度发展计划 per branch and year, set against the records on the list."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from affairs.models import RecruitmentPlan, RecruitmentRecord
from hongjun.models import AuditEntry
from tests.factories import BranchFactory, applicant_with_steps, way_until

D = datetime.date
pytestmark = pytest.mark.django_db
LIST = reverse("affairs:recruitment_list")
PLAN = reverse("affairs:recruitment_plan")


def plan_row(text, branch):
    """The plan table's row of `branch`, as text."""
    table = text.split("plan-table", 1)[1].split("</table>", 1)[0]
    row = table.split(f"<td>{branch.name}</td>", 1)[1].split("</tr>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


@time_machine.travel(D(2026, 6, 1))
def test_committee_sets_a_plan_and_setting_it_again_changes_it(client_for, carol, sam):
    client = client_for(carol)
    data = {"branch": sam.branch.pk, "year": 2026, "candidates": 3, "admissions": 2}
    response = client.post(PLAN, data)
    assert response.status_code == 302 and response.url.endswith("?year=2026")
    client.post(PLAN, data | {"admissions": 4, "note": "新增青年骨干"})
    plan = RecruitmentPlan.objects.get()
    assert (plan.candidates, plan.admissions, plan.note) == (3, 4, "新增青年骨干")
    assert plan.set_by == carol.user
    entries = AuditEntry.objects.filter(action="recruitment_plan.set")
    assert entries.count() == 2
    assert entries.order_by("id").last().changes["admissions"] == [2, 4]


@time_machine.travel(D(2026, 6, 1))
def test_a_secretary_reads_the_plan_but_cannot_set_it(client_for, carol, sam):
    RecruitmentPlan.objects.create(branch=sam.branch, year=2026, candidates=2, admissions=1)
    client = client_for(sam)
    data = {"branch": sam.branch.pk, "year": 2026, "candidates": 9, "admissions": 9}
    assert client.post(PLAN, data).status_code == 403
    assert RecruitmentPlan.objects.get().candidates == 2
    text = client.get(LIST).content.decode()
    assert "2026年度发展计划" in text and "制定计划" not in text
    assert client_for(carol).get(PLAN).status_code == 405


@time_machine.travel(D(2026, 6, 1))
def test_bad_plans_are_refused_in_chinese(client_for, carol, sam):
    client = client_for(carol)
    response = client.post(
        PLAN, {"branch": sam.branch.pk, "year": 2030, "candidates": 1, "admissions": 1}
    )
    assert "只能制定上一年、本年或下一年的计划" in response.content.decode()
    response = client.post(
        PLAN, {"branch": sam.branch.pk, "year": 2026, "candidates": -1, "admissions": 1}
    )
    assert response.status_code == 200
    assert not RecruitmentPlan.objects.exists()


@time_machine.travel(D(2026, 6, 1))
def test_the_list_shows_the_plan_against_what_the_records_show(client_for, carol, sam, bob):
    RecruitmentPlan.objects.create(branch=sam.branch, year=2026, candidates=3, admissions=2)
    # This year: two candidates named (one corrected into this year), one admitted.
    named = way_until("candidate") | {"candidate": D(2026, 3, 2)}
    named |= {
        "cultivation": D(2026, 2, 2),
        "candidate_notice": {"started_on": D(2026, 2, 2), "done_on": D(2026, 2, 27)},
    }
    applicant_with_steps(sam.branch, named)
    moved = applicant_with_steps(sam.branch, way_until("candidate"))
    old = moved.records.get(step="candidate")
    RecruitmentRecord.objects.create(
        applicant=moved, step="candidate", done_on=D(2026, 1, 5), corrects=old
    )
    admitted = way_until("vote") | {"vote": D(2026, 4, 1)}
    applicant_with_steps(sam.branch, admitted)
    # Withdrawn: does not count.
    gone = applicant_with_steps(sam.branch, way_until("vote") | {"vote": D(2026, 5, 6)})
    vote = gone.records.get(step="vote")
    RecruitmentRecord.objects.create(
        applicant=gone, step="vote", done_on=vote.done_on, corrects=vote, reverses=True
    )
    text = client_for(carol).get(LIST).content.decode()
    assert plan_row(text, sam.branch) == "3 / 2 2 / 1"
    assert plan_row(text, bob.branch) == "未制定 / 0 未制定 / 0"
    # Last year's view: the way_until records of 2024 are not this year's.
    text = client_for(carol).get(LIST + "?year=2025").content.decode()
    assert "2025年度发展计划" in text and plan_row(text, sam.branch) == "未制定 / 0 未制定 / 0"


def test_the_list_keeps_its_queries_whatever_the_branches_and_applicants(
    client_for, carol, sam, django_assert_max_num_queries
):
    client = client_for(carol)
    RecruitmentPlan.objects.create(branch=sam.branch, year=2026, candidates=1, admissions=1)
    applicant_with_steps(sam.branch, way_until("candidate"))
    with django_assert_max_num_queries(20) as small:
        client.get(LIST)
    for n in range(6):
        branch = BranchFactory()
        RecruitmentPlan.objects.create(branch=branch, year=2026, candidates=n, admissions=n)
        applicant_with_steps(branch, way_until("vote"))
        applicant_with_steps(branch, way_until("candidate"))
    # Not O(branches) nor O(applicants): the count is the same as with none.
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(LIST).status_code == 200
