"""Fixed query counts for the pages, whatever the data size, and the outcome sums."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives import queries
from initiatives.models import Evidence, Initiative
from tests.factories import (
    ApplicationFactory,
    BranchFactory,
    InitiativeFactory,
    MemberFactory,
    MilestoneFactory,
    OutcomeFigureFactory,
    ProgressReportFactory,
)

S = Initiative.Status


def busy_project(branch, size, **fields):
    """A project with `size` milestones, reports (two figures and a file each) and bids."""
    project = InitiativeFactory(status=S.IN_PROGRESS, branch=branch, **fields)
    project.team.set(MemberFactory.create_batch(size, branch=branch))
    for n in range(size):
        MilestoneFactory(initiative=project, due_on=datetime.date(2025, 3 + n % 6, 1))
        report = ProgressReportFactory(initiative=project, reported_by=project.team.first())
        OutcomeFigureFactory(report=report)
        OutcomeFigureFactory(report=report, unit="t_co2", quantity=Decimal("1.5"))
        Evidence.objects.create(
            initiative=project, report=report, file="initiatives/x.png", name="x.png"
        )
        bidder = branch if n == 0 else BranchFactory()
        application = ApplicationFactory(initiative=project, branch=bidder)
        application.team.set(MemberFactory.create_batch(2, branch=bidder))
    return project


# Session, user, the actor (member and roles), then the page's own reads. The bounds do
# not depend on the number of projects, milestones, reports, figures or applications.
LIST_QUERIES = 9
DETAIL_QUERIES = 15
AWARD_QUERIES = 8


@pytest.mark.parametrize("size", [1, 6])
def test_list_page_queries_do_not_grow(client_for, carol, sam, size, django_assert_max_num_queries):
    for _ in range(size):
        busy_project(sam.branch, 3)
    client = client_for(carol)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("initiatives:list"), {"theme": "innovation"})
    assert len(response.context["page"].object_list) == size


@pytest.mark.parametrize("size", [1, 6])
def test_my_projects_queries_do_not_grow(client_for, sam, size, django_assert_max_num_queries):
    for _ in range(size):
        busy_project(sam.branch, 2).team.add(sam)
    client = client_for(sam)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("initiatives:mine"))
    assert len(response.context["page"].object_list) == size


@pytest.mark.parametrize("size", [1, 6])
def test_detail_page_queries_do_not_grow(
    client_for, carol, sam, size, django_assert_max_num_queries
):
    project = busy_project(sam.branch, size)
    for who in (carol, sam):
        client = client_for(who)
        with django_assert_max_num_queries(DETAIL_QUERIES):
            response = client.get(project.get_absolute_url())
        assert len(response.context["initiative"].reports.all()) == size


@pytest.mark.parametrize("size", [1, 6])
def test_award_page_queries_do_not_grow(
    client_for, carol, sam, size, django_assert_max_num_queries
):
    project = busy_project(sam.branch, size, kind="listed")
    Initiative.objects.filter(pk=project.pk).update(status=S.PUBLISHED, branch=None)
    client = client_for(carol)
    with django_assert_max_num_queries(AWARD_QUERIES):
        response = client.get(reverse("initiatives:award", args=[project.pk]))
    assert len(response.context["applications"]) == size


def test_outcome_totals_add_up_by_theme_and_unit_for_the_period(db):
    green = InitiativeFactory(theme="green", status=S.IN_PROGRESS)
    safety = InitiativeFactory(theme="safety", status=S.ACCEPTED)
    cancelled = InitiativeFactory(theme="green", status=S.CANCELLED)

    def report(project, when, *figures):
        r = ProgressReportFactory(initiative=project)
        type(r).objects.filter(pk=r.pk).update(
            created_at=datetime.datetime(*when, 12, tzinfo=datetime.UTC)
        )
        for quantity, unit in figures:
            OutcomeFigureFactory(report=r, quantity=Decimal(quantity), unit=unit)

    report(green, (2025, 1, 10), ("1000", "kwh"), ("2.5", "t_co2"))
    report(green, (2025, 2, 10), ("500.25", "kwh"))
    report(green, (2024, 12, 31), ("9999", "kwh"))  # before the period
    report(safety, (2025, 2, 1), ("12", "hours"), ("3", "wan_yuan"))
    report(cancelled, (2025, 2, 1), ("7777", "kwh"))  # cancelled projects do not count

    rows = queries.outcome_totals(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
    assert [(r["theme"], r["unit"], r["total"]) for r in rows] == [
        ("green", "kwh", Decimal("1500.25")),
        ("green", "t_co2", Decimal("2.5")),
        ("safety", "hours", Decimal("12")),
        ("safety", "wan_yuan", Decimal("3")),
    ]
    assert rows[0]["theme_label"] == "党建+绿色发展" and rows[3]["unit_label"] == "万元"
    assert [r["total"] for r in queries.outcome_totals_for_year(2024)] == [Decimal("9999")]
    only_safety = queries.outcome_totals_for_year(2025, Initiative.objects.filter(pk=safety.pk))
    assert {r["theme"] for r in only_safety} == {"safety"}


def test_outcome_totals_is_one_query(db, django_assert_num_queries):
    OutcomeFigureFactory.create_batch(3)
    with django_assert_num_queries(1):
        queries.outcome_totals(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def test_detail_shows_outcome_totals_by_unit(client_for, alice):
    project = busy_project(alice.branch, 3)
    body = client_for(alice).get(project.get_absolute_url()).content.decode()
    assert "3,000 kWh" in body and "4.5 吨二氧化碳" in body
