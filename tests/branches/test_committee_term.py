"""支部委员会 terms: an election's record replaces the committee, its term is three years
(支部工作条例 第二十一条), the branch page shows it, and 换届 is reminded six months and one
month before the end to the branch's 委员 and the 党委."""

import datetime

import pytest
from django.urls import reverse

from branches import services
from branches.models import COMMITTEE_TERM_YEARS, CommitteeElection, Member, Role
from hongjun.models import AuditEntry
from reminders import services as reminders
from reminders.models import Reminder
from tests.factories import MemberFactory, RoleFactory


@pytest.fixture
def candidates(branch_a):
    names = ["王强", "刘芳", "陈杰", "张敏", "赵磊"]
    return [MemberFactory(name=n, branch=branch_a) for n in names]


def election_data(candidates, **overrides):
    secretary, deputy, organisation, publicity, discipline = candidates
    data = {
        "held_on": "2025-03-15",
        "term_years": "3",
        "secretary": secretary.pk,
        "deputy": deputy.pk,
        "organisation": organisation.pk,
        "publicity": publicity.pk,
        "discipline": discipline.pk,
        "note": "支部党员大会差额选举",
    }
    data.update(overrides)
    return data


def test_three_years_is_the_rule():
    assert COMMITTEE_TERM_YEARS == 3


def test_committee_records_an_election_which_replaces_the_committee(
    client_for, carol, sam, candidates
):
    branch = sam.branch
    response = client_for(carol).post(
        reverse("branches:election_create", args=[branch.pk]), election_data(candidates)
    )
    assert response.status_code == 302
    election = CommitteeElection.objects.get(branch=branch)
    assert election.ends_on == datetime.date(2028, 3, 15)
    roles = {(r.member.name, r.kind, r.title) for r in Role.objects.filter(branch=branch)}
    assert roles == {
        ("王强", "secretary", ""),
        ("刘芳", "deputy", ""),
        ("陈杰", "branch_committee", "组织委员"),
        ("张敏", "branch_committee", "宣传委员"),
        ("赵磊", "branch_committee", "纪检委员"),
    }
    assert not Role.objects.filter(member=sam, branch=branch).exists()  # sam's office passed
    assert set(Role.objects.filter(branch=branch).values_list("election", flat=True)) == {
        election.pk
    }
    entry = AuditEntry.objects.get(action="election.recorded")
    assert "赵磊 纪检委员" in entry.changes["elected"]


def test_secretary_may_not_record_an_election(client_for, sam, candidates):
    url = reverse("branches:election_create", args=[sam.branch.pk])
    assert client_for(sam).get(url).status_code == 403
    assert client_for(sam).post(url, election_data(candidates)).status_code == 403
    assert not CommitteeElection.objects.exists()


def test_other_branch_is_404_and_member_403(client_for, bob, alice, candidates):
    url = reverse("branches:election_create", args=[alice.branch.pk])
    assert client_for(bob).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 403


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"discipline": ""}, "这个字段是必填项"),  # a 纪检委员 in every committee
        ({"held_on": "2099-01-01"}, "日期不能晚于"),
        ({"term_years": "6"}, "小于或等于5"),
    ],
)
def test_election_form_refuses_bad_input(client_for, carol, candidates, change, message):
    branch = candidates[0].branch
    response = client_for(carol).post(
        reverse("branches:election_create", args=[branch.pk]), election_data(candidates, **change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CommitteeElection.objects.exists()


def test_one_member_one_office(client_for, carol, candidates):
    branch = candidates[0].branch
    data = election_data(candidates, publicity=candidates[2].pk)
    response = client_for(carol).post(reverse("branches:election_create", args=[branch.pk]), data)
    assert "陈杰 已担任其他职务" in response.content.decode()
    assert not CommitteeElection.objects.exists()


def test_probationary_member_cannot_be_elected(client_for, carol, candidates):
    candidates[4].status = Member.Status.PROBATIONARY
    candidates[4].save()
    branch = candidates[0].branch
    response = client_for(carol).post(
        reverse("branches:election_create", args=[branch.pk]), election_data(candidates)
    )
    assert "赵磊 是预备党员，没有被选举权" in response.content.decode()


def test_member_of_another_branch_cannot_be_elected(client_for, carol, bob, candidates):
    branch = candidates[0].branch
    response = client_for(carol).post(
        reverse("branches:election_create", args=[branch.pk]),
        election_data(candidates, discipline=bob.pk),
    )
    assert response.status_code == 200
    assert not CommitteeElection.objects.exists()


def _elect(branch, held_on, members, by):
    data = {"held_on": held_on, "term_years": 3, "note": ""}
    titles = [
        (Role.Kind.SECRETARY, ""),
        (Role.Kind.BRANCH_COMMITTEE, "组织委员"),
        (Role.Kind.BRANCH_COMMITTEE, "纪检委员"),
    ]
    elected = [(m, k, t) for m, (k, t) in zip(members, titles, strict=False)]
    return services.record_election(branch, data, elected, by=by.user)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2027, 9, 14), "in_term"),
        (datetime.date(2027, 9, 15), "soon"),  # six months before 2028-03-15
        (datetime.date(2028, 3, 14), "soon"),
        (datetime.date(2028, 3, 15), "over"),
    ],
)
def test_term_state_edges(carol, candidates, today, state):
    from branches import queries

    branch = candidates[0].branch
    _elect(branch, datetime.date(2025, 3, 15), candidates, carol)
    assert queries.committee_term(branch, today).state == state


def test_branch_page_shows_the_term(client_for, carol, sam, candidates, time_machine):
    time_machine.move_to(datetime.datetime(2027, 12, 1, 9, 0))
    _elect(sam.branch, datetime.date(2025, 3, 15), candidates, carol)
    page = client_for(carol).get(sam.branch.get_absolute_url()).content.decode()
    assert "2025-03-15" in page and "2028-03-15" in page
    assert "距任期届满还有 105 天，请筹备换届选举" in page
    assert "登记换届选举" in page
    member_page = client_for(candidates[1]).get(sam.branch.get_absolute_url()).content.decode()
    assert "2028-03-15" in member_page and "登记换届选举" not in member_page


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (datetime.date(2027, 9, 15), True),  # six months before
        (datetime.date(2028, 2, 15), True),  # one month before
        (datetime.date(2027, 9, 14), False),
        (datetime.date(2028, 2, 16), False),
        (datetime.date(2028, 3, 15), False),
    ],
)
def test_term_reminders_six_and_one_month_before(carol, candidates, today, due):
    branch = candidates[0].branch
    _elect(branch, datetime.date(2025, 3, 15), candidates, carol)
    reminders.run_scans(today, kinds=["committee_term"], kick=False)
    recipients = set(
        Reminder.objects.filter(kind="committee_term").values_list("recipient_id", flat=True)
    )
    expected = {candidates[0].user_id, candidates[1].user_id, candidates[2].user_id, carol.user_id}
    assert recipients == (expected if due else set())


def test_term_reminder_runs_once_and_names_the_dates(carol, candidates):
    branch = candidates[0].branch
    _elect(branch, datetime.date(2025, 3, 15), candidates, carol)
    day = datetime.date(2028, 2, 15)
    reminders.run_scans(day, kinds=["committee_term"], kick=False)
    reminders.run_scans(day, kinds=["committee_term"], kick=False)
    rows = Reminder.objects.filter(kind="committee_term", recipient=carol.user)
    assert rows.count() == 1
    assert "2028年3月15日" in rows[0].subject and branch.name in rows[0].subject


def test_a_new_election_ends_the_old_terms_reminders(carol, candidates):
    branch = candidates[0].branch
    _elect(branch, datetime.date(2025, 3, 15), candidates, carol)
    _elect(branch, datetime.date(2027, 9, 1), candidates, carol)  # 提前换届
    reminders.run_scans(datetime.date(2027, 9, 15), kinds=["committee_term"], kick=False)
    assert not Reminder.objects.filter(kind="committee_term").exists()


def test_term_ending_on_the_31st_is_reminded_on_the_months_last_day(carol, candidates):
    branch = candidates[0].branch
    _elect(branch, datetime.date(2025, 3, 31), candidates, carol)
    reminders.run_scans(datetime.date(2028, 2, 29), kinds=["committee_term"], kick=False)
    assert Reminder.objects.filter(kind="committee_term").exists()


@pytest.mark.parametrize("branches", [1, 8])
def test_term_scan_queries_do_not_grow(carol, branches, django_assert_max_num_queries):
    from tests.factories import BranchFactory

    for _ in range(branches):
        branch = BranchFactory()
        members = [MemberFactory(branch=branch) for _ in range(3)]
        RoleFactory(member=members[0], kind=Role.Kind.SECRETARY, branch=branch)
        _elect(branch, datetime.date(2025, 3, 15), members, carol)
    from branches.reminders import committee_term

    with django_assert_max_num_queries(3):
        rows = committee_term(datetime.date(2028, 2, 15))
    assert len(rows) == branches * 4


@pytest.mark.parametrize("extra", [0, 6])
def test_branch_page_queries_do_not_grow(
    client_for, carol, candidates, extra, django_assert_max_num_queries
):
    branch = candidates[0].branch
    for year in range(extra):
        _elect(branch, datetime.date(2000 + 3 * year, 3, 1), candidates, carol)
    _elect(branch, datetime.date(2025, 3, 15), candidates, carol)
    client = client_for(carol)
    with django_assert_max_num_queries(30):
        assert client.get(branch.get_absolute_url()).status_code == 200
