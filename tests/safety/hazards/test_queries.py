"""Hazard pages keep a fixed number of queries whatever the number of hazards.

Measured at two sizes with the same bound: a query per row (zone, branch, people, overdue)
or per timeline entry fails the test.
"""

import pytest
from django.urls import reverse

from safety.hazards import services as hazard_services
from tests.factories import HazardFactory, HazardZoneFactory, MemberFactory


@pytest.fixture(params=[1, 15], ids=["small", "large"])
def hazards(request, alice, sam, bob, carol):
    zone = HazardZoneFactory(branch=alice.branch, name="电解槽一区")
    other = HazardZoneFactory(branch=bob.branch, name="铸造机旁")
    made = []
    for _ in range(request.param):
        made.append(
            HazardFactory(zone=zone, assigned=True, assignee=MemberFactory(branch=zone.branch))
        )
        made.append(HazardFactory(zone=zone, reported_by=alice))
        made.append(HazardFactory(zone=other, reported_by=alice))
        HazardFactory(zone=other, assigned=True, assignee=alice)
    return made


# Session, user, actor (2); filter choices: branches and zones (2); page count, rows and the
# open/overdue/closed summary (3). Not O(hazards).
@pytest.mark.parametrize("who", ["alice", "sam", "carol"])
def test_list_queries_fixed(hazards, client_for, request, django_assert_max_num_queries, who):
    client = client_for(request.getfixturevalue(who))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("hazards:list"), {"severity": "general"})
        assert response.status_code == 200


def test_mine_queries_fixed(hazards, client_for, alice, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("hazards:mine")).status_code == 200


# Session, user, actor (2), the hazard with zone, branch and people, the content type and
# the timeline with each entry's actor and member. Not O(timeline entries).
def test_detail_queries_fixed(hazards, client_for, sam, django_assert_max_num_queries):
    hazard = hazards[0]
    for n in range(len(hazards)):
        hazard_services.HAZARD_FLOW.transition(
            hazard, "assigned", sam.user, update={"deadline": hazard.deadline}, round=n
        )
    client = client_for(sam)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("hazards:detail", args=[hazard.pk]))
        assert response.status_code == 200
    assert len(response.context["timeline"]) == len(hazards)
