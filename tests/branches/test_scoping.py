"""Who may change the organisation: the branch's secretary and the committee, no one else."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Member
from hongjun.models import AuditEntry


def member_data(**overrides):
    data = {
        "name": "赵新",
        "gender": "m",
        "employee_no": "N00001",
        "status": "probationary",
        "joined_on": "2024-07-01",
        "post": "出铝工",
        "phone": "13800000000",
    }
    data.update(overrides)
    return data


def test_secretary_edits_own_branch_and_it_is_audited(client_for, sam):
    response = client_for(sam).post(
        reverse("branches:branch_edit", args=[sam.branch.pk]),
        {"unit": "电解一车间", "meeting_place": "二楼活动室", "description": "新简介"},
    )
    assert response.status_code == 302
    sam.branch.refresh_from_db()
    assert sam.branch.meeting_place == "二楼活动室"
    entry = AuditEntry.objects.get(action="branch.updated")
    assert entry.actor == sam.user
    assert entry.changes["meeting_place"] == ["", "二楼活动室"]
    assert entry.ip_address == "127.0.0.1"


def test_secretary_of_other_branch_gets_404_on_edit_pages(client_for, sam, bob, alice):
    client = client_for(bob)
    for url in (
        reverse("branches:branch_edit", args=[sam.branch.pk]),
        reverse("branches:member_create", args=[sam.branch.pk]),
        reverse("branches:member_edit", args=[alice.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, member_data()).status_code == 404
    assert not Member.objects.filter(employee_no="N00001").exists()
    assert not AuditEntry.objects.exists()


def test_member_gets_403_on_own_branch_edit_pages(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("branches:branch_edit", args=[alice.branch.pk])).status_code == 403
    response = client.post(reverse("branches:member_create", args=[alice.branch.pk]), member_data())
    assert response.status_code == 403
    assert client.get(reverse("branches:member_edit", args=[alice.pk])).status_code == 403
    assert not Member.objects.filter(employee_no="N00001").exists()


def test_committee_edits_any_branch(client_for, carol, bob):
    response = client_for(carol).post(
        reverse("branches:branch_edit", args=[bob.branch.pk]),
        {"unit": "铸造车间", "meeting_place": "会议室", "description": ""},
    )
    assert response.status_code == 302


def test_secretary_adds_member_with_account(client_for, sam):
    response = client_for(sam).post(
        reverse("branches:member_create", args=[sam.branch.pk]), member_data(), follow=True
    )
    member = Member.objects.get(employee_no="N00001")
    assert member.branch == sam.branch
    assert member.user.username == "N00001"
    assert member.status == Member.Status.PROBATIONARY
    assert "初始密码" in response.content.decode()
    assert AuditEntry.objects.filter(action="member.created", object_id=str(member.pk)).exists()


NEXT_MONTH = (datetime.date.today() + datetime.timedelta(days=31)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "这个字段是必填项"),
        ({"employee_no": "T-dup"}, "具有 工号 的 党员 已存在"),
        ({"joined_on": NEXT_MONTH}, "入党日期不能晚于今天"),
        ({"joined_on": "2999-01-01"}, "日期不能晚于"),  # past `hongjun.dates`' bounds
        ({"joined_on": "1900-01-01"}, "日期不能早于 1921-07-01"),
        ({"joined_on": "2024-13-45"}, "输入一个有效的日期"),
        ({"status": "boss"}, "选择一个有效的选项"),
    ],
)
def test_member_form_rejects_bad_input_in_chinese(client_for, sam, overrides, message):
    from tests.factories import MemberFactory

    MemberFactory(employee_no="T-dup", branch=sam.branch)
    before = Member.objects.count()
    response = client_for(sam).post(
        reverse("branches:member_create", args=[sam.branch.pk]), member_data(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Member.objects.count() == before


def test_party_group_of_another_branch_is_refused(client_for, sam, bob):
    from tests.factories import PartyGroupFactory

    foreign = PartyGroupFactory(branch=bob.branch)
    response = client_for(sam).post(
        reverse("branches:member_create", args=[sam.branch.pk]), member_data(party_group=foreign.pk)
    )
    assert response.status_code == 200
    assert not Member.objects.filter(employee_no="N00001").exists()


def test_secretary_edits_member_and_change_is_audited(client_for, sam, alice):
    response = client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]),
        member_data(name=alice.name, employee_no=alice.employee_no, post="计量工"),
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.post == "计量工"
    entry = AuditEntry.objects.get(action="member.updated")
    assert entry.changes["post"] == ["电解工", "计量工"]


def test_deputy_and_branch_committee_member_may_edit(client_for, alice):
    from branches.models import Role
    from tests.factories import RoleFactory

    RoleFactory(member=alice, kind=Role.Kind.BRANCH_COMMITTEE, branch=alice.branch)
    url = reverse("branches:branch_edit", args=[alice.branch.pk])
    assert client_for(alice).get(url).status_code == 200
