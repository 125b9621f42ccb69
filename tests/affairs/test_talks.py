"""谈心谈话: who talked with whom and when is the branch's record, the gist the two's and the
secretary's only; the branch's coverage against its members."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from affairs.models import TALKS_PER_YEAR, Talk
from branches.models import Role
from hongjun.models import AuditEntry
from tests.factories import MemberFactory, RoleFactory

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_december_2026():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 10, tzinfo=SHANGHAI), tick=False):
        yield


def branch_url(branch, year=2026):
    return reverse("affairs:branch_talks", args=[branch.pk]) + f"?year={year}"


def record(client, branch, talker, talkee, **data):
    payload = {
        "talker": talker.pk,
        "talkee": talkee.pk,
        "held_on": "2026-11-20",
        "gist": "谈了倒班期间学习安排和家里老人看病的困难。",
    } | data
    return client.post(reverse("affairs:branch_talks", args=[branch.pk]), payload)


def test_the_rule_names_its_article():
    assert TALKS_PER_YEAR.value == 1 and "第十九条" in str(TALKS_PER_YEAR.source)


def test_the_secretary_records_a_talk_and_sees_the_gist(client_for, sam, alice):
    response = record(client_for(sam), sam.branch, sam, alice)
    assert response.status_code == 302
    talk = Talk.objects.get()
    assert (talk.talker, talk.talkee, talk.held_on) == (sam, alice, D(2026, 11, 20))
    entry = AuditEntry.objects.get(action="talk.recorded")
    assert "gist" not in entry.changes and "困难" not in str(entry.changes)
    page = client_for(sam).get(branch_url(sam.branch)).content.decode()
    assert "家里老人看病" in page
    assert "本年度2名党员中已有2名开展了谈心谈话" in page


def test_the_gist_is_hidden_from_a_committee_member_and_other_branch_officers(
    client_for, sam, alice, carol
):
    deputy = MemberFactory(branch=sam.branch, name="钱副书记")
    RoleFactory(member=deputy, kind=Role.Kind.DEPUTY, branch=sam.branch)
    other = MemberFactory(branch=sam.branch, name="周其")
    record(client_for(sam), sam.branch, alice, other)
    for viewer in (carol, deputy):
        page = client_for(viewer).get(branch_url(sam.branch)).content.decode()
        assert "李爱丽 — 周其" in page  # that it happened, and between whom
        assert "家里老人看病" not in page
        assert "谈话要点仅谈话双方和党支部书记可见" in page
    # The secretary, who was not part of it, reads it.
    assert "家里老人看病" in client_for(sam).get(branch_url(sam.branch)).content.decode()


def test_a_member_sees_their_own_talks_and_no_other(client_for, sam, alice):
    other = MemberFactory(branch=sam.branch, name="周其")
    record(client_for(sam), sam.branch, sam, alice)
    record(client_for(sam), sam.branch, sam, other, gist="谈了岗位调整的想法。")
    page = client_for(alice).get(reverse("affairs:talk_list")).content.decode()
    assert "家里老人看病" in page and "岗位调整" not in page
    assert client_for(alice).get(branch_url(sam.branch)).status_code == 404


def test_coverage_counts_members_talked_with_this_year(client_for, sam, alice, carol, bob):
    quiet = MemberFactory(branch=sam.branch, name="吴静")
    Talk.objects.create(
        branch=sam.branch, talker=sam, talkee=quiet, held_on=D(2025, 12, 1), gist="去年"
    )
    record(client_for(sam), sam.branch, sam, alice)
    page = client_for(carol).get(reverse("affairs:talk_list")).content.decode()
    assert sam.branch.name in page and bob.branch.name in page
    body = client_for(sam).get(branch_url(sam.branch)).content.decode()
    assert "本年度3名党员中已有2名开展了谈心谈话" in body
    assert "吴静" in body.split('id="talk-missing"')[1]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": "2026-12-08"}, "谈话日期不能晚于今天"),
        ({"gist": "  "}, "这个字段是必填项"),
    ],
)
def test_a_bad_talk_is_refused_and_nothing_saved(client_for, sam, alice, overrides, message):
    response = record(client_for(sam), sam.branch, sam, alice, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Talk.objects.exists()


def test_a_talk_with_oneself_is_refused(client_for, sam, alice):
    response = record(client_for(sam), sam.branch, sam, sam)
    assert "谈心谈话在两人之间进行" in response.content.decode()
    assert not Talk.objects.exists()


def test_another_branch_member_cannot_be_picked(client_for, sam, alice, bob):
    response = record(client_for(sam), sam.branch, sam, bob)
    assert response.status_code == 200
    assert not Talk.objects.exists()


def test_outsider_404_member_403_get_on_list_only(client_for, sam, alice, bob):
    assert record(client_for(bob), sam.branch, sam, alice).status_code == 404
    assert client_for(alice).get(branch_url(sam.branch)).status_code == 404
    assert client_for(alice).get(reverse("affairs:talk_list")).status_code == 200
    assert not Talk.objects.exists()


def test_the_pages_keep_their_queries_with_more_talks(
    client_for, sam, alice, carol, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            member = MemberFactory(branch=sam.branch)
            Talk.objects.create(
                branch=sam.branch, talker=sam, talkee=member, held_on=D(2026, 6, 1), gist="谈"
            )

    secretary, committee = client_for(sam), client_for(carol)
    add(2)
    with django_assert_max_num_queries(8) as small:
        secretary.get(branch_url(sam.branch))
    with django_assert_max_num_queries(8) as small_list:
        committee.get(reverse("affairs:talk_list"))
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        secretary.get(branch_url(sam.branch))
    with django_assert_max_num_queries(len(small_list.captured_queries)):
        committee.get(reverse("affairs:talk_list"))
