"""The organisation pages keep a fixed number of queries whatever the data size.

Each page is measured at two sizes; the bound is the same for both, so a query inside a
loop (one per branch or per member) fails the test.
"""

import pytest
from django.urls import reverse

from branches.models import ModelPost, Role, ShockTeam
from tests.factories import BranchFactory, MemberFactory, PartyGroupFactory, RoleFactory


def grow(branch, n):
    """Give `branch` n more members, each in a group, a team and a model post."""
    group = PartyGroupFactory(branch=branch)
    post = ModelPost.objects.create(branch=branch, name=f"示范岗{branch.pk}-{n}")
    team = ShockTeam.objects.create(branch=branch, name=f"突击队{branch.pk}-{n}")
    for _ in range(n):
        member = MemberFactory(branch=branch, party_group=group)
        post.members.add(member)
        team.members.add(member)
    RoleFactory(member=MemberFactory(branch=branch), kind=Role.Kind.BRANCH_COMMITTEE, branch=branch)


@pytest.fixture(params=[1, 12], ids=["small", "large"])
def company(request, sam, bob, carol, alice):
    for _ in range(request.param):
        BranchFactory()
    for branch in (sam.branch, bob.branch):
        grow(branch, request.param * 2)
    return request.param


# Home: session, user, actor (2), then the page: own profile with roles and teams (5), the
# branch cards (secretary, 2) or the tree (committee, 3), the unread reminders (1). Not
# O(branches) or O(members).
@pytest.mark.parametrize(("who", "bound"), [("alice", 11), ("sam", 14), ("carol", 14)])
def test_home_queries_fixed(
    company, client_for, request, django_assert_max_num_queries, who, bound
):
    client = client_for(request.getfixturevalue(who))
    with django_assert_max_num_queries(bound):
        assert client.get(reverse("home")).status_code == 200


def test_org_tree_queries_fixed(company, client_for, carol, django_assert_max_num_queries):
    client = client_for(carol)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("branches:org_tree")).status_code == 200


def test_branch_page_queries_fixed(company, client_for, sam, django_assert_max_num_queries):
    client = client_for(sam)
    # Counts, groups, roles, teams and their members, roster, the year's compliance calendar.
    with django_assert_max_num_queries(19):
        assert client.get(sam.branch.get_absolute_url()).status_code == 200


def test_member_page_queries_fixed(company, client_for, sam, alice, django_assert_max_num_queries):
    client = client_for(sam)
    with django_assert_max_num_queries(10):
        assert client.get(alice.get_absolute_url()).status_code == 200
