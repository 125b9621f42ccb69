"""The cadence rules and the done / due / overdue states at period boundaries."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from branches import compliance
from branches.compliance import DONE, DUE, OVERDUE, UPCOMING, period_of, previous, state_of
from branches.models import Activity, Cadence
from tests.factories import ActivityFactory, BranchFactory

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_periods_of_a_leap_year():
    assert period_of("month", D(2028, 2, 10)).end == D(2028, 2, 29)
    assert period_of("month", D(2027, 2, 10)).end == D(2027, 2, 28)
    q1 = period_of("quarter", D(2028, 2, 29))
    assert (q1.start, q1.end) == (D(2028, 1, 1), D(2028, 3, 31))
    assert previous(period_of("month", D(2028, 3, 1))).end == D(2028, 2, 29)
    year = period_of("year", D(2028, 2, 29))
    assert (year.start, year.end) == (D(2028, 1, 1), D(2028, 12, 31))


def test_quarter_boundaries():
    q4 = period_of("quarter", D(2026, 12, 31))
    assert (q4.start, q4.end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert previous(period_of("quarter", D(2027, 1, 1))) == q4
    assert [p.start.month for p in compliance.periods_of_year("quarter", 2026)] == [1, 4, 7, 10]


def test_state_on_the_last_day_of_a_quarter_and_the_day_after():
    q1 = period_of("quarter", D(2026, 3, 31))
    assert state_of(0, 1, q1, D(2026, 3, 31)) == DUE
    assert state_of(0, 1, q1, D(2026, 4, 1)) == OVERDUE
    assert state_of(1, 1, q1, D(2026, 4, 1)) == DONE
    assert state_of(1, 2, q1, D(2026, 2, 1)) == DUE
    assert state_of(0, 1, q1, D(2025, 12, 31)) == UPCOMING


def test_leap_day_is_still_due_and_march_first_is_overdue():
    feb = period_of("month", D(2028, 2, 29))
    assert state_of(0, 1, feb, D(2028, 2, 29)) == DUE
    assert state_of(0, 1, feb, D(2028, 3, 1)) == OVERDUE


def _rule(rows, kind):
    return next(r for r in rows[0].rules if r.rule.kind == kind)


@pytest.mark.django_db
def test_default_cadences_are_seeded_as_data():
    rules = {r.kind: (r.period, r.minimum) for r in Cadence.objects.all()}
    assert rules == {
        "general_meeting": ("quarter", 1),
        "committee_meeting": ("month", 1),
        "group_meeting": ("month", 1),
        "party_lecture": ("quarter", 1),
        "theme_day": ("month", 1),
        "life_meeting": ("year", 1),
        "appraisal": ("year", 1),
    }


@pytest.mark.django_db
def test_meeting_at_half_past_midnight_on_april_first_counts_for_the_second_quarter():
    branch = BranchFactory()
    ActivityFactory(
        branch=branch,
        kind="general_meeting",
        starts_at=at(2026, 4, 1, 0, 30),
        ends_at=at(2026, 4, 1, 1, 30),
    )
    on_last_day = compliance.compliance_for([branch], on=D(2026, 3, 31))
    assert _rule(on_last_day, "general_meeting").current.state == DUE
    after = compliance.compliance_for([branch], on=D(2026, 4, 1))
    general = _rule(after, "general_meeting")
    assert (general.current.state, general.previous.state) == (DONE, OVERDUE)


@pytest.mark.django_db
def test_meeting_on_the_last_evening_of_a_quarter_counts_for_it():
    branch = BranchFactory()
    ActivityFactory(
        branch=branch,
        kind="party_lecture",
        starts_at=at(2026, 3, 31, 23, 0),
        ends_at=at(2026, 3, 31, 23, 50),
    )
    rows = compliance.compliance_for([branch], on=D(2026, 4, 1))
    lecture = _rule(rows, "party_lecture")
    assert (lecture.previous.state, lecture.current.state, lecture.state) == (DONE, DUE, DUE)


@pytest.mark.django_db
def test_missed_last_month_makes_the_cell_overdue_until_met():
    branch = BranchFactory()
    rows = compliance.compliance_for([branch], on=D(2028, 3, 1))
    assert _rule(rows, "committee_meeting").state == OVERDUE
    ActivityFactory(branch=branch, starts_at=at(2028, 3, 1, 9), ends_at=at(2028, 3, 1, 10))
    rows = compliance.compliance_for([branch], on=D(2028, 3, 1))
    assert _rule(rows, "committee_meeting").state == DONE


@pytest.mark.django_db
def test_planned_activities_do_not_count():
    branch = BranchFactory()
    ActivityFactory(
        branch=branch,
        status=Activity.Status.PLANNED,
        starts_at=at(2026, 5, 20, 9),
        ends_at=at(2026, 5, 20, 10),
    )
    rows = compliance.compliance_for([branch], on=D(2026, 5, 10))
    assert _rule(rows, "committee_meeting").current.count == 0


@pytest.mark.django_db
def test_changing_a_cadence_row_changes_the_verdict():
    branch = BranchFactory()
    ActivityFactory(branch=branch, starts_at=at(2026, 5, 2, 9), ends_at=at(2026, 5, 2, 10))

    def may():
        rows = compliance.compliance_for([branch], on=D(2026, 5, 10))
        return _rule(rows, "committee_meeting").current

    assert (may().count, may().state) == (1, DONE)
    Cadence.objects.filter(kind="committee_meeting").update(minimum=2)
    assert (may().minimum, may().state) == (2, DUE)


@pytest.mark.django_db
def test_year_calendar_marks_each_month_of_the_year():
    branch = BranchFactory()
    ActivityFactory(branch=branch, starts_at=at(2028, 2, 29, 9), ends_at=at(2028, 2, 29, 10))
    calendar = compliance.year_calendar(branch, 2028, on=D(2028, 3, 15))
    committee = next(r for r in calendar if r.rule.kind == "committee_meeting")
    assert [p.state for p in committee.periods[:4]] == [OVERDUE, DONE, DUE, UPCOMING]


def test_branch_page_shows_its_compliance_calendar(client_for, alice):
    with time_machine.travel(at(2026, 4, 1, 10), tick=False):
        ActivityFactory(
            branch=alice.branch,
            kind="theme_day",
            starts_at=timezone.now() - datetime.timedelta(days=5),
        )
        body = client_for(alice).get(alice.branch.get_absolute_url()).content.decode()
    assert "2026年规定活动落实情况" in body
    assert "主题党日" in body and "每月" in body
    assert 'cell-done" title="2026年3月: 1/1' in body
    assert 'cell-overdue" title="2026年2月: 0/1' in body
    assert 'cell-due" title="2026年4月: 0/1' in body


def test_matrix_is_for_the_committee_only(client_for, sam, carol):
    assert client_for(sam).get(reverse("branches:compliance_matrix")).status_code == 403
    assert client_for(carol).get(reverse("branches:compliance_matrix")).status_code == 200


def test_matrix_shows_each_branch_against_each_rule(client_for, carol, sam, bob):
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        ActivityFactory(
            branch=sam.branch, starts_at=at(2026, 11, 3, 9), ends_at=at(2026, 11, 3, 10)
        )
        response = client_for(carol).get(reverse("branches:compliance_matrix"))
    rows = {r.branch.name: r for r in response.context["rows"]}
    assert rows["电解一车间党支部"].rules[1].state == DONE
    assert rows["铸造车间党支部"].rules[1].state == OVERDUE
    body = response.content.decode()
    assert "组织生活落实情况" in body and "支部委员会" in body and "2026年10月未开展" in body


@pytest.mark.parametrize(("branches", "activities"), [(1, 1), (8, 12)])
def test_matrix_queries_do_not_grow(
    client_for, carol, django_assert_max_num_queries, branches, activities
):
    for _ in range(branches):
        branch = BranchFactory()
        for i in range(activities):
            ActivityFactory(branch=branch, kind=["committee_meeting", "theme_day"][i % 2])
    client = client_for(carol)
    # Session, user, actor (2), rules, branches, one aggregate: not O(branches).
    with django_assert_max_num_queries(8):
        assert client.get(reverse("branches:compliance_matrix")).status_code == 200


@pytest.mark.parametrize("activities", [1, 25])
def test_branch_page_queries_do_not_grow_with_activities(
    client_for, sam, django_assert_max_num_queries, activities
):
    for _ in range(activities):
        ActivityFactory(branch=sam.branch)
    client = client_for(sam)
    with django_assert_max_num_queries(17):
        assert client.get(sam.branch.get_absolute_url()).status_code == 200


def test_matrix_cells_link_each_branch_to_its_own_list(client_for, carol, sam, bob):
    """Cells with the same status share one rendering (the matrix_cells tag): each copy
    still links to its own branch, and a branch's name is escaped."""
    sam.branch.name = "<b>电解</b>支部"
    sam.branch.save()
    with time_machine.travel(at(2026, 11, 20, 10), tick=False):
        body = client_for(carol).get(reverse("branches:compliance_matrix")).content.decode()
    assert "&lt;b&gt;电解&lt;/b&gt;支部" in body and "<b>电解" not in body
    rules = list(Cadence.objects.order_by("order", "id"))
    for branch in (sam.branch, bob.branch):
        url = reverse("branches:activity_list", args=[branch.pk])
        for rule in rules:
            assert f'href="{url}?kind={rule.kind}"' in body
        # The same cells (every rule missed) for both branches, each with its own link.
        assert body.count(f'href="{url}?kind=') == len(rules)
    assert "__compliance_cell_url__" not in body
