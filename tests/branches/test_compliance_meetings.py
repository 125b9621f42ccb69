"""党小组会 counted per 党小组; 组织生活会 and 民主评议 counted for the 年度 they were held for."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from affairs.models import Appraisal
from branches import cadences, compliance
from branches.compliance import DONE, DUE, OVERDUE
from tests.factories import ActivityFactory, BranchFactory, PartyGroupFactory

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
pytestmark = pytest.mark.django_db


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def _rule(rows, kind):
    return next(r for r in rows[0].rules if r.rule.kind == kind)


def group_meeting(branch, group, day):
    return ActivityFactory(
        branch=branch,
        kind="group_meeting",
        party_group=group,
        starts_at=at(*day, 19),
        ends_at=at(*day, 20),
    )


def test_the_rules_name_their_articles():
    assert "第十三条" in cadences.PER_GROUP_KINDS["group_meeting"]
    assert set(cadences.FOR_YEAR_KINDS) == {"life_meeting", "appraisal"}
    assert all("支部工作条例" in source for source in cadences.FOR_YEAR_KINDS.values())


def test_a_branch_with_three_groups_is_done_only_when_each_group_met():
    branch = BranchFactory()
    one, two, three = (PartyGroupFactory(branch=branch) for _ in range(3))
    group_meeting(branch, one, (2026, 5, 6))
    group_meeting(branch, one, (2026, 5, 13))  # a second meeting of the same group
    group_meeting(branch, two, (2026, 5, 7))
    may = _rule(compliance.compliance_for([branch], on=D(2026, 5, 20)), "group_meeting").current
    assert (may.count, may.state) == (0, DUE)  # the third group has not met
    group_meeting(branch, three, (2026, 5, 28))
    may = _rule(compliance.compliance_for([branch], on=D(2026, 5, 30)), "group_meeting").current
    assert (may.count, may.state) == (1, DONE)


def test_a_group_meeting_recorded_without_its_group_counts_for_none_of_them():
    branch = BranchFactory()
    PartyGroupFactory(branch=branch)
    group_meeting(branch, None, (2026, 5, 6))
    june = _rule(compliance.compliance_for([branch], on=D(2026, 6, 2)), "group_meeting")
    assert june.previous.state == OVERDUE


def test_a_branch_without_groups_counts_its_group_meetings_as_one_group():
    branch = BranchFactory()
    group_meeting(branch, None, (2026, 5, 6))
    may = _rule(compliance.compliance_for([branch], on=D(2026, 5, 20)), "group_meeting").current
    assert (may.count, may.state) == (1, DONE)


def test_per_group_counting_in_the_year_calendar():
    branch = BranchFactory()
    one, two = PartyGroupFactory(branch=branch), PartyGroupFactory(branch=branch)
    group_meeting(branch, one, (2026, 1, 6))
    group_meeting(branch, two, (2026, 1, 7))
    group_meeting(branch, one, (2026, 2, 6))
    calendar = compliance.year_calendar(branch, 2026, on=D(2026, 3, 15))
    groups = next(r for r in calendar if r.rule.kind == "group_meeting")
    assert [p.state for p in groups.periods[:3]] == [DONE, OVERDUE, DUE]


def test_a_life_meeting_held_in_january_for_last_year_counts_for_last_year():
    branch = BranchFactory()
    ActivityFactory(
        branch=branch,
        kind="life_meeting",
        for_year=2026,
        starts_at=at(2027, 1, 12, 9),
        ends_at=at(2027, 1, 12, 11),
    )
    rows = compliance.compliance_for([branch], on=D(2027, 1, 20))
    life = _rule(rows, "life_meeting")
    assert (life.previous.period.start.year, life.previous.state) == (2026, DONE)
    assert (life.current.count, life.current.state) == (0, DUE)


def test_a_life_meeting_without_a_year_counts_for_the_year_it_was_held():
    branch = BranchFactory()
    ActivityFactory(
        branch=branch,
        kind="life_meeting",
        starts_at=at(2027, 1, 12, 9),
        ends_at=at(2027, 1, 12, 11),
    )
    life = _rule(compliance.compliance_for([branch], on=D(2027, 1, 20)), "life_meeting")
    assert (life.current.state, life.previous.state) == (DONE, OVERDUE)


def test_the_first_hour_of_new_year_local_time_belongs_to_the_new_year():
    branch = BranchFactory()
    ActivityFactory(
        branch=branch,
        kind="life_meeting",
        starts_at=at(2027, 1, 1, 0, 30),
        ends_at=at(2027, 1, 1, 1, 30),
    )
    life = _rule(compliance.compliance_for([branch], on=D(2027, 1, 2)), "life_meeting")
    assert (life.current.count, life.previous.count) == (1, 0)


def test_a_closed_appraisal_counts_as_the_years_appraisal_with_no_activity():
    branch = BranchFactory()
    appraisal = Appraisal.objects.create(branch=branch, year=2026, opened_on=D(2027, 1, 5))
    rows = compliance.compliance_for([branch], on=D(2027, 1, 20))
    assert _rule(rows, "appraisal").previous.state == OVERDUE  # open: not yet
    Appraisal.objects.filter(pk=appraisal.pk).update(status=Appraisal.Status.CLOSED)
    rows = compliance.compliance_for([branch], on=D(2027, 1, 20))
    appraisal_rule = _rule(rows, "appraisal")
    assert (appraisal_rule.previous.count, appraisal_rule.previous.state) == (1, DONE)
    assert appraisal_rule.current.count == 0


def test_the_branch_page_calendar_shows_the_appraisal_year_done(client_for, sam, branch_a):
    Appraisal.objects.create(
        branch=branch_a, year=2026, opened_on=D(2026, 12, 5), status=Appraisal.Status.SETTLED
    )
    calendar = compliance.year_calendar(branch_a, 2026, on=D(2026, 12, 20))
    row = next(r for r in calendar if r.rule.kind == "appraisal")
    assert [p.state for p in row.periods] == [DONE]


def _life_meeting_post(roster, **overrides):
    from tests.branches.test_activities import form_data

    return form_data(
        roster,
        kind="life_meeting",
        date="2027-01-12",
        first_topic=None,
        first_topic_text="",
        **overrides,
    )


def test_the_secretary_records_a_january_life_meeting_for_last_year(client_for, sam, alice):
    from branches.models import Activity

    with time_machine.travel(at(2027, 1, 20, 10), tick=False):
        response = client_for(sam).post(
            reverse("branches:activity_create", args=[sam.branch.pk]),
            _life_meeting_post([alice, sam], for_year="2026"),
        )
        assert response.status_code == 302
        assert Activity.objects.get().for_year == 2026
        rows = compliance.compliance_for([sam.branch], on=D(2027, 1, 20))
        assert _rule(rows, "life_meeting").previous.state == DONE


@pytest.mark.parametrize("year", ["2025", "2028"])
def test_a_life_meeting_cannot_be_for_a_year_other_than_held_or_the_one_before(
    client_for, sam, alice, year
):
    from branches.models import Activity

    with time_machine.travel(at(2027, 1, 20, 10), tick=False):
        response = client_for(sam).post(
            reverse("branches:activity_create", args=[sam.branch.pk]),
            _life_meeting_post([alice, sam], for_year=year),
        )
    assert response.status_code == 200
    assert "2027年开展的，所属年度只能是2027年或2026年" in response.content.decode()
    assert not Activity.objects.exists()


def test_other_kinds_carry_no_year(client_for, sam, alice):
    from branches.models import Activity
    from tests.branches.test_activities import form_data

    with time_machine.travel(at(2027, 1, 20, 10), tick=False):
        client_for(sam).post(
            reverse("branches:activity_create", args=[sam.branch.pk]),
            form_data([alice, sam], date="2027-01-12", for_year="2026"),
        )
    assert Activity.objects.get().for_year is None
