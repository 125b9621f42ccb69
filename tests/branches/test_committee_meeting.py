"""A 支部委员会 is its 委员's meeting: the form lists only them, the other members are not
absent from it, and the record says whether more than half attended (《中国共产党支部工作
条例（试行）》第十二条: 须有半数以上委员到会方可进行)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from branches.models import Activity, Attendance, Role, committee_quorum_met
from tests.factories import ActivityFactory, AttendanceFactory, MemberFactory, RoleFactory

from .test_activities import form_data

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def committee(sam, alice):
    """sam (书记), a 副书记 and two 委员 of branch A; alice is a member only."""
    people = [sam]
    for name, kind in (
        ("周副书记", Role.Kind.DEPUTY),
        ("吴组织委员", Role.Kind.BRANCH_COMMITTEE),
        ("郑纪检委员", Role.Kind.BRANCH_COMMITTEE),
    ):
        member = MemberFactory(branch=sam.branch, name=name)
        RoleFactory(member=member, kind=kind, branch=sam.branch)
        people.append(member)
    return people


def create_url(branch, kind=None):
    url = reverse("branches:activity_create", args=[branch.pk])
    return f"{url}?kind={kind}" if kind else url


@pytest.mark.parametrize(
    ("present", "expected", "met"),
    [(3, 5, True), (2, 4, False), (3, 4, True), (1, 3, False), (2, 3, True), (0, 0, False)],
)
def test_more_than_half_and_exactly_half_is_not_enough(present, expected, met):
    assert committee_quorum_met(present, expected) is met


def test_the_form_for_a_committee_meeting_lists_the_committee_only(
    client_for, sam, alice, committee
):
    response = client_for(sam).get(create_url(sam.branch, "committee_meeting"))
    listed = {row.member for row in response.context["formset"].rows()}
    assert listed == set(committee)
    assert alice not in listed
    page = response.content.decode()
    assert 'data-roster="committee"' in page
    assert '<option value="committee_meeting" selected>' in page


def test_the_form_for_other_meetings_lists_the_branch(client_for, sam, alice, committee):
    response = client_for(sam).get(create_url(sam.branch))
    assert {row.member for row in response.context["formset"].rows()} == {alice, *committee}
    assert 'data-roster="branch"' in response.content.decode()


def test_a_committee_meeting_records_the_committee_and_nobody_else(
    client_for, sam, alice, committee
):
    data = form_data(committee, kind="committee_meeting")
    assert client_for(sam).post(create_url(sam.branch), data).status_code == 302
    activity = Activity.objects.get()
    assert {a.member for a in activity.attendances.all()} == set(committee)
    assert not Attendance.objects.filter(member=alice).exists()  # not absent: not expected
    assert activity.tally.absent == 0


def test_a_committee_meeting_posted_with_the_whole_branch_is_not_saved(
    client_for, sam, alice, committee
):
    data = form_data([alice, *committee], kind="committee_meeting")
    response = client_for(sam).post(create_url(sam.branch), data)
    assert response.status_code == 200
    assert "委员" in response.content.decode() and "再保存" in response.content.decode()
    assert {row.member for row in response.context["formset"].rows()} == set(committee)
    assert not Activity.objects.exists() and not Attendance.objects.exists()


def test_the_edit_form_of_a_committee_meeting_lists_the_committee(
    client_for, sam, alice, committee
):
    activity = ActivityFactory(branch=sam.branch, kind="committee_meeting")
    response = client_for(sam).get(reverse("branches:activity_edit", args=[activity.pk]))
    assert {row.member for row in response.context["formset"].rows()} == set(committee)
    assert 'data-roster="committee"' in response.content.decode()


def meeting(branch, statuses):
    """A held 支委会 with one 委员 a status."""
    activity = ActivityFactory(branch=branch, kind="committee_meeting")
    for status in statuses:
        AttendanceFactory(
            activity=activity, status=status, reason="" if status == "present" else "出差"
        )
    return activity


def test_the_record_says_more_than_half_attended(client_for, sam):
    activity = meeting(sam.branch, ["present", "present", "present", "excused", "absent"])
    page = client_for(sam).get(activity.get_absolute_url()).content.decode()
    assert "5 名委员中 3 名到会，超过半数，会议有效" in page
    assert "第十二条" in page


def test_the_record_says_exactly_half_is_not_valid(client_for, sam):
    activity = meeting(sam.branch, ["present", "present", "excused", "absent"])
    page = client_for(sam).get(activity.get_absolute_url()).content.decode()
    assert "4 名委员中 2 名到会，未超过半数，会议无效" in page


def test_other_meetings_show_no_quorum(client_for, sam):
    activity = meeting(sam.branch, ["present"])
    activity.kind = "general_meeting"
    activity.save()
    assert 'id="quorum"' not in client_for(sam).get(activity.get_absolute_url()).content.decode()


@pytest.mark.parametrize("members", [2, 25])
def test_the_committee_form_queries_do_not_grow_with_the_branch(
    client_for, sam, committee, django_assert_max_num_queries, members
):
    for _ in range(members):
        MemberFactory(branch=sam.branch)
    client = client_for(sam)
    with django_assert_max_num_queries(9):  # as the branch's form: not O(members)
        response = client.get(create_url(sam.branch, "committee_meeting"))
    assert len(response.context["formset"].forms) == len(committee)
