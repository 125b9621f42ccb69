"""The role-based home pages and browsing the organisation."""

from django.urls import reverse

from branches.models import Member
from tests.factories import MemberFactory, PartyGroupFactory


def test_member_home_shows_own_branch_and_nothing_of_others(client_for, alice, bob):
    body = client_for(alice).get(reverse("home")).content.decode()
    assert "电解一车间党支部" in body
    assert "我的支部" in body
    assert "铸造车间党支部" not in body
    assert "全部支部" not in body


def test_secretary_home_shows_own_branch_counts(client_for, sam, alice, bob):
    MemberFactory(branch=sam.branch, status=Member.Status.PROBATIONARY)
    response = client_for(sam).get(reverse("home"))
    assert response.context["kind"] == "secretary"
    (branch,) = response.context["branches"]
    assert branch == sam.branch
    assert (branch.member_count, branch.full_count, branch.probationary_count) == (3, 2, 1)
    assert "添加党员" in response.content.decode()
    assert "铸造车间党支部" not in response.content.decode()


def test_committee_home_lists_all_branches(client_for, carol, sam, bob):
    body = client_for(carol).get(reverse("home")).content.decode()
    assert "全部支部" in body
    for name in ("电解一车间党支部", "铸造车间党支部", "机关第一党支部"):
        assert name in body


def test_account_without_member_is_told_so(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "尚未关联党员" in client.get(reverse("home")).content.decode()


def test_org_tree_shows_all_branches_but_links_only_visible(client_for, alice, bob):
    PartyGroupFactory(branch=alice.branch, name="第一党小组")
    body = client_for(alice).get(reverse("branches:org_tree")).content.decode()
    assert "第一党小组" in body
    assert "铸造车间党支部" in body
    assert alice.branch.get_absolute_url() in body
    assert bob.branch.get_absolute_url() not in body


def test_roster_shows_status_post_roles_and_teams(client_for, sam, alice):
    from branches.models import ModelPost, ShockTeam

    alice.status = Member.Status.PROBATIONARY
    alice.post = "槽控工"
    alice.save()
    ModelPost.objects.create(branch=alice.branch, name="槽控示范岗").members.add(alice)
    ShockTeam.objects.create(branch=alice.branch, name="清灰突击队", leader=sam).members.add(alice)
    body = client_for(alice).get(alice.branch.get_absolute_url()).content.decode()
    for text in ("李爱丽", "预备党员", "槽控工", "槽控示范岗", "清灰突击队", "孙明", "党支部书记"):
        assert text in body


def test_member_cannot_open_other_branch_roster(client_for, alice, bob):
    assert client_for(alice).get(bob.branch.get_absolute_url()).status_code == 404


def test_member_sees_branchmate_but_not_their_phone(client_for, alice, sam):
    sam.phone = "13900001111"
    sam.save()
    body = client_for(alice).get(sam.get_absolute_url()).content.decode()
    assert "孙明" in body
    assert "13900001111" not in body
    assert "13900001111" in client_for(sam).get(sam.get_absolute_url()).content.decode()


def test_unknown_url_gets_styled_chinese_404(client_for, alice):
    response = client_for(alice).get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "红领·铝航" in body


def test_secretary_home_leads_to_recording_an_activity(client_for, sam):
    body = client_for(sam).get(reverse("home")).content.decode()
    assert reverse("branches:activity_create", args=[sam.branch.pk]) in body
    assert "记录活动" in body
