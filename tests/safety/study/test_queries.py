"""三学 pages keep a fixed number of queries whatever the number of sessions and invitees.

Measured at two sizes with the same bound: not O(sessions), O(invitees) or O(branches).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    BranchFactory,
    MemberFactory,
    MentorPairFactory,
    StudyAttendanceFactory,
    StudySessionFactory,
)


@pytest.fixture(params=[1, 12], ids=["small", "large"])
def study(request, alice, sam, bob, carol):
    n = request.param
    for _ in range(n):
        BranchFactory()
    people = [alice, sam] + [MemberFactory(branch=sam.branch) for _ in range(n)]
    sessions = []
    for i in range(n):
        for days in (-5 - i, 5 + i):
            s = StudySessionFactory(
                branch=sam.branch,
                host=sam,
                starts_at=timezone.now() + datetime.timedelta(days=days),
            )
            for m in people:
                StudyAttendanceFactory(session=s, member=m, attended=days < 0, quiz_score=None)
            sessions.append(s)
        committee = StudySessionFactory(mode="committee_led", branch=None, host=carol)
        StudyAttendanceFactory(session=committee, member=bob, attended=True, quiz_score=90)
        MentorPairFactory(branch=sam.branch, mentor=sam, apprentice=people[-1 - i])
    return sessions


@pytest.mark.parametrize(("who", "bound"), [("alice", 9), ("sam", 9), ("carol", 9)])
def test_session_list_queries_fixed(
    study, client_for, request, django_assert_max_num_queries, who, bound
):
    client = client_for(request.getfixturevalue(who))
    with django_assert_max_num_queries(bound):
        assert client.get(reverse("study:list")).status_code == 200


# Session, user, actor (2), the session with host and branch, invited branches, the
# attendance rows with members and branches. Not O(invitees).
@pytest.mark.parametrize("who", ["alice", "sam"])
def test_session_detail_queries_fixed(
    study, client_for, request, django_assert_max_num_queries, who
):
    client = client_for(request.getfixturevalue(who))
    with django_assert_max_num_queries(8):
        response = client.get(study[0].get_absolute_url())
        assert response.status_code == 200


def test_participation_queries_fixed(study, client_for, carol, django_assert_max_num_queries):
    client = client_for(carol)
    # Session, user, actor (2), the branches, the sums of their tallies by mode, and the
    # reminders' count.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("study:participation")).status_code == 200


def test_mentor_pairs_queries_fixed(study, client_for, sam, django_assert_max_num_queries):
    client = client_for(sam)
    # Session, user, actor (2), the form's branches and members (2), count and rows (2).
    with django_assert_max_num_queries(10):
        assert client.get(reverse("study:mentor_pairs")).status_code == 200
