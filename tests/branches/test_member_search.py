"""The member pickers: the search behind them, and forms that no longer list every member.

A company has 8,000 members; the project form, the mentor pairs and the transfers list
each listed all of them in a select (350 KB, 1.4 s for the project form at company scale).
Now the select holds only the chosen members and the browser asks `branches:member_search`.
"""

import pytest
from django.urls import reverse

from tests.factories import BranchFactory, MemberFactory

SEARCH = reverse("branches:member_search")


def found(client, **params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response.json()["results"]


def test_committee_finds_a_member_of_any_branch_by_name_or_employee_number(
    client_for, carol, alice, bob
):
    client = client_for(carol)
    assert found(client, q="爱丽") == [
        {"id": alice.pk, "text": "李爱丽 · 电解一车间党支部", "hint": alice.employee_no}
    ]
    assert [r["id"] for r in found(client, q=bob.employee_no[:4].lower())] == [
        m.pk
        for m in sorted(
            [alice, bob, carol],
            key=lambda m: (m.branch.order, m.name, m.pk),
        )
        if m.employee_no.startswith(bob.employee_no[:4])
    ]
    assert [r["id"] for r in found(client, q="包博")] == [bob.pk]


def test_a_secretary_finds_only_their_own_branch(client_for, sam, alice, bob):
    MemberFactory(name="李爱丽", branch=bob.branch)  # a namesake in branch B
    assert [r["id"] for r in found(client_for(sam), q="李爱丽")] == [alice.pk]
    assert found(client_for(sam), q="包博") == []


def test_the_branch_narrows_the_search_and_the_inactive_are_left_out(client_for, carol, alice):
    other = MemberFactory(name="李爱丽", branch=BranchFactory())
    MemberFactory(name="李爱丽", branch=alice.branch, is_active=False)
    client = client_for(carol)
    assert {r["id"] for r in found(client, q="李爱丽")} == {alice.pk, other.pk}
    assert [r["id"] for r in found(client, q="李爱丽", branch=alice.branch_id)] == [alice.pk]
    assert found(client, q="李爱丽", branch="x") != []  # a bad branch is no filter, not a 500


def test_empty_query_finds_nothing_and_at_most_twenty_come_back(client_for, carol, branch_a):
    MemberFactory.create_batch(25, branch=branch_a, name="王强")
    client = client_for(carol)
    assert found(client, q="  ") == []
    assert len(found(client, q="王强")) == 20


def test_search_needs_a_login(client):
    response = client.get(SEARCH, {"q": "李"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_search_has_fixed_queries(client_for, carol, branch_a, django_assert_max_num_queries):
    MemberFactory.create_batch(30, branch=branch_a, name="王强")
    client = client_for(carol)
    with django_assert_max_num_queries(5):
        assert len(found(client, q="王")) == 20


@pytest.fixture
def crowd(branch_a, branch_b):
    """Enough members that listing them would show."""
    return MemberFactory.create_batch(30, branch=branch_a) + MemberFactory.create_batch(
        30, branch=branch_b
    )


def options_for(html, members):
    return [m.pk for m in members if f'<option value="{m.pk}"' in html]


def test_project_form_lists_no_one_but_the_chosen(client_for, carol, crowd):
    client = client_for(carol)
    html = client.get(reverse("initiatives:create")).content.decode()
    assert 'data-member-search="/members/search/"' in html
    assert options_for(html, crowd) == []
    assert "tom-select.complete.min" in html and "member-search" in html
    # Posted back with an error, the chosen lead and team stay chosen, and only they.
    from tests.initiatives.test_pages import project_data

    data = project_data(lead=crowd[0].pk, team=[crowd[1].pk, crowd[40].pk], title="")
    html = client.post(reverse("initiatives:create"), data).content.decode()
    assert options_for(html, crowd) == [crowd[0].pk, crowd[1].pk, crowd[40].pk]
    assert f'<option value="{crowd[0].pk}" selected>{crowd[0].name} · ' in html


def test_project_form_saves_a_lead_and_team_found_by_search(client_for, carol, crowd):
    from initiatives.models import Initiative
    from tests.initiatives.test_pages import project_data

    data = project_data(lead=crowd[5].pk, team=[crowd[6].pk, crowd[45].pk])
    assert client_for(carol).post(reverse("initiatives:create"), data).status_code == 302
    project = Initiative.objects.get()
    assert project.lead == crowd[5]
    assert set(project.team.all()) == {crowd[6], crowd[45]}


def test_project_form_queries_do_not_grow_with_members(
    client_for, carol, branch_a, django_assert_max_num_queries
):
    client = client_for(carol)
    client.get(reverse("initiatives:create"))
    MemberFactory.create_batch(40, branch=branch_a)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("initiatives:create")).status_code == 200


def test_mentor_pair_form_searches_within_the_chosen_branch(client_for, sam, crowd):
    html = client_for(sam).get(reverse("study:mentor_pairs")).content.decode()
    assert options_for(html, crowd) == []
    assert 'data-branch-field="branch"' in html


def test_transfers_list_picks_the_member_by_search(client_for, sam, crowd):
    client = client_for(sam)
    html = client.get(reverse("affairs:transfer_list")).content.decode()
    assert options_for(html, crowd) == []
    assert 'name="member"' in html and "data-member-search" in html
    response = client.get(reverse("affairs:transfer_pick"), {"member": crowd[0].pk})
    assert response["Location"] == reverse("affairs:transfer_create", args=[crowd[0].pk])
