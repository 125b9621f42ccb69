"""揭榜: branches apply, see only their own bids, and the committee awards one of them."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from hongjun.models import AuditEntry
from initiatives.models import Application, Initiative
from tests.factories import MemberFactory


def apply_data(branch, *team, **overrides):
    data = {
        "branch": branch.pk,
        "plan": "成立党员突击队，三个月完成样机。",
        "team_kind": "shock_team",
        "lead": team[0].pk if team else "",
        "team": [m.pk for m in team],
    }
    data.update(overrides)
    return data


def test_secretary_applies_with_plan_and_team(client_for, listed, sam, alice):
    url = reverse("initiatives:apply", args=[listed.pk])
    assert client_for(sam).get(url).status_code == 200
    response = client_for(sam).post(url, apply_data(sam.branch, sam, alice), follow=True)
    assert "揭榜申请已提交" in response.content.decode()
    application = Application.objects.get()
    assert (application.branch, application.lead, application.submitted_by) == (
        sam.branch,
        sam,
        sam,
    )
    assert set(application.team.all()) == {sam, alice}
    entry = AuditEntry.objects.get(action="application.submitted")
    assert entry.actor == sam.user


def test_applying_after_the_deadline_is_refused(client_for, listed, sam):
    url = reverse("initiatives:apply", args=[listed.pk])
    with time_machine.travel(datetime.datetime(2025, 4, 1, 9, 0, tzinfo=datetime.UTC)):
        assert "揭榜截止日期（2025-03-31）已过" in client_for(sam).get(url).content.decode()
        response = client_for(sam).post(url, apply_data(sam.branch, sam))
    assert response.status_code == 200
    assert "揭榜截止日期（2025-03-31）已过，不能再申请。" in response.content.decode()
    assert not Application.objects.exists()


def test_applying_on_the_deadline_day_is_accepted(client_for, listed, sam):
    with time_machine.travel(datetime.datetime(2025, 3, 31, 15, 0, tzinfo=datetime.UTC)):
        response = client_for(sam).post(
            reverse("initiatives:apply", args=[listed.pk]), apply_data(sam.branch, sam)
        )
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_applying_twice_is_refused(client_for, listed, sam):
    url = reverse("initiatives:apply", args=[listed.pk])
    client_for(sam).post(url, apply_data(sam.branch, sam))
    response = client_for(sam).post(url, apply_data(sam.branch, sam, plan="第二份方案"))
    assert response.status_code == 200
    assert "电解一车间党支部已经申请过该项目，不能重复申请。" in response.content.decode()
    assert list(Application.objects.values_list("plan", flat=True)) == [
        "成立党员突击队，三个月完成样机。"
    ]


def test_team_from_another_branch_is_refused(client_for, listed, sam, bob):
    response = client_for(sam).post(
        reverse("initiatives:apply", args=[listed.pk]), apply_data(sam.branch, sam, bob)
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Application.objects.exists()


def test_applying_for_another_branch_is_refused(client_for, listed, sam, bob):
    response = client_for(sam).post(
        reverse("initiatives:apply", args=[listed.pk]), apply_data(bob.branch, sam)
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_member_and_committee_cannot_apply(client_for, listed, alice, carol):
    url = reverse("initiatives:apply", args=[listed.pk])
    assert client_for(alice).get(url).status_code == 403
    assert client_for(alice).post(url, apply_data(alice.branch, alice)).status_code == 403
    assert client_for(carol).get(url).status_code == 403
    assert not Application.objects.exists()


def test_applying_to_a_closed_project_is_refused(client_for, sam):
    from tests.factories import InitiativeFactory

    done = InitiativeFactory(status=Initiative.Status.IN_PROGRESS)
    response = client_for(sam).post(
        reverse("initiatives:apply", args=[done.pk]), apply_data(sam.branch, sam)
    )
    assert "该项目当前不接受揭榜申请" in response.content.decode()
    assert not Application.objects.exists()


def test_branch_sees_its_own_application_not_its_rivals(
    client_for, applied, sam, bob, carol, alice
):
    a_body = client_for(sam).get(applied.get_absolute_url()).content.decode()
    assert "A支部方案" in a_body and "B支部方案" not in a_body
    b_body = client_for(bob).get(applied.get_absolute_url()).content.decode()
    assert "B支部方案" in b_body and "A支部方案" not in b_body
    assert "A支部方案" in client_for(alice).get(applied.get_absolute_url()).content.decode()
    c_body = client_for(carol).get(applied.get_absolute_url()).content.decode()
    assert "A支部方案" in c_body and "B支部方案" in c_body


def test_timeline_shows_own_application_but_not_a_rivals(client_for, listed, sam, bob):
    from initiatives import services

    services.apply(
        listed, sam.branch, {"plan": "甲", "team_kind": "studio", "team": [sam]}, sam.user
    )
    services.apply(
        listed, bob.branch, {"plan": "乙", "team_kind": "studio", "team": [bob]}, bob.user
    )
    timeline = client_for(bob).get(listed.get_absolute_url()).context["timeline"]
    assert [(e.action, e.who) for e in timeline] == [("application.submitted", "包博")]
    assert timeline[0].sentence.startswith("包博 申请揭榜")
    assert "铸造车间党支部" in [after for _label, _before, after in timeline[0].rows]


def test_committee_compares_and_awards(client_for, applied, carol, sam, alice):
    url = reverse("initiatives:award", args=[applied.pk])
    body = client_for(carol).get(url).content.decode()
    for text in ("A支部方案", "B支部方案", "电解一车间党支部", "铸造车间党支部", "党员突击队"):
        assert text in body
    response = client_for(carol).post(url, {"branch": sam.branch.pk, "comments": "方案最优"})
    assert response.status_code == 302
    applied.refresh_from_db()
    assert (applied.status, applied.branch, applied.lead) == ("awarded", sam.branch, sam)
    assert set(applied.team.all()) == {alice, sam}
    detail = client_for(carol).get(applied.get_absolute_url()).content.decode()
    assert "曹蕾 确定了项目" in detail and "方案最优" in detail


def test_award_to_branch_that_did_not_apply_shows_message(client_for, applied, carol):
    response = client_for(carol).post(
        reverse("initiatives:award", args=[applied.pk]), {"branch": carol.branch.pk}
    )
    assert response.status_code == 200
    assert "机关第一党支部没有申请该项目，不能确定其为揭榜支部。" in response.content.decode()
    applied.refresh_from_db()
    assert applied.status == "published" and applied.branch is None


def test_award_without_choice_asks_for_one(client_for, applied, carol):
    response = client_for(carol).post(reverse("initiatives:award", args=[applied.pk]), {})
    assert "请选择承担该项目的支部" in response.content.decode()


def test_award_page_after_award_says_already_awarded(client_for, awarded_to_a, carol, bob):
    response = client_for(carol).post(
        reverse("initiatives:award", args=[awarded_to_a.pk]), {"branch": bob.branch.pk}
    )
    assert response.status_code == 200
    assert "该项目已确定由电解一车间党支部揭榜，不能重复确定。" in response.content.decode()
    awarded_to_a.refresh_from_db()
    assert awarded_to_a.branch.name == "电解一车间党支部"


@pytest.mark.parametrize("who", ["sam", "alice"])
def test_only_committee_opens_award_page(client_for, applied, sam, alice, who):
    person = {"sam": sam, "alice": alice}[who]
    url = reverse("initiatives:award", args=[applied.pk])
    assert client_for(person).get(url).status_code == 403
    assert client_for(person).post(url, {"branch": sam.branch.pk}).status_code == 403
    applied.refresh_from_db()
    assert applied.branch is None


def test_account_without_member_gets_404(client, applied):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(applied.get_absolute_url()).status_code == 404
    assert client.get(reverse("initiatives:apply", args=[applied.pk])).status_code == 404


def test_secretary_of_two_branches_picks_the_branch(client_for, listed, sam, bob):
    from branches.models import Role
    from tests.factories import RoleFactory

    RoleFactory(member=sam, kind=Role.Kind.BRANCH_COMMITTEE, branch=bob.branch)
    bob_member = MemberFactory(branch=bob.branch)
    response = client_for(sam).post(
        reverse("initiatives:apply", args=[listed.pk]), apply_data(bob.branch, bob_member)
    )
    assert response.status_code == 302
    assert Application.objects.get().branch == bob.branch
