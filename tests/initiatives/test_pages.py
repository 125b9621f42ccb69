"""The list with its filters, my projects, creating and editing, and the step pages."""

import datetime

import pytest
from django.urls import reverse

from hongjun.models import AuditEntry
from initiatives.models import Initiative, Milestone
from tests.factories import InitiativeFactory

S = Initiative.Status


def titles(response):
    return {i.title for i in response.context["page"].object_list}


def test_list_filters_by_theme_status_kind_and_branch(client_for, carol, sam, bob):
    InitiativeFactory(title="清灰", theme="innovation", status=S.IN_PROGRESS, branch=sam.branch)
    InitiativeFactory(title="绿电", theme="green", status=S.PUBLISHED)
    InitiativeFactory(
        title="示范区",
        theme="safety",
        status=S.IN_PROGRESS,
        branch=bob.branch,
        kind="demonstration",
        apply_deadline=None,
    )
    client = client_for(carol)
    url = reverse("initiatives:list")
    assert titles(client.get(url)) == {"清灰", "绿电", "示范区"}
    assert titles(client.get(url, {"theme": "green"})) == {"绿电"}
    assert titles(client.get(url, {"status": "in_progress"})) == {"清灰", "示范区"}
    assert titles(client.get(url, {"kind": "demonstration"})) == {"示范区"}
    assert titles(client.get(url, {"branch": sam.branch.pk})) == {"清灰"}
    assert titles(client.get(url, {"status": "in_progress", "theme": "safety"})) == {"示范区"}
    body = client.get(url).content.decode()
    for text in ("党建+科技创新", "党建+绿色发展", "揭榜中", "实施中", "党委示范项目"):
        assert text in body


def test_bad_filter_value_is_not_an_error(client_for, alice):
    response = client_for(alice).get(reverse("initiatives:list"), {"theme": "nonsense"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_an_unknown_branch_is_ignored_and_the_choice_kept_to_real_branches(
    client_for, carol, sam, value
):
    InitiativeFactory(title="清灰", branch=sam.branch)
    response = client_for(carol).get(reverse("initiatives:list"), {"branch": value})
    assert response.status_code == 200
    assert titles(response) == {"清灰"}
    body = response.content.decode()
    assert f'<option value="{sam.branch.pk}">{sam.branch.name}</option>' in body
    assert f'value="{value}"' not in body
    assert '<option value="" selected>全部</option>' in body


def test_members_do_not_see_drafts(client_for, alice, carol):
    InitiativeFactory(title="草稿项目", status=S.DRAFT)
    InitiativeFactory(title="公开项目", status=S.PUBLISHED)
    assert titles(client_for(alice).get(reverse("initiatives:list"))) == {"公开项目"}
    assert titles(client_for(carol).get(reverse("initiatives:list"))) == {"草稿项目", "公开项目"}
    draft = Initiative.objects.get(title="草稿项目")
    assert client_for(alice).get(draft.get_absolute_url()).status_code == 404


def test_my_projects_are_those_whose_team_i_am_on(client_for, alice, sam):
    mine = InitiativeFactory(title="我参加的", status=S.IN_PROGRESS)
    mine.team.add(alice)
    InitiativeFactory(title="我负责的", status=S.IN_PROGRESS, lead=alice)
    InitiativeFactory(title="别人的", status=S.IN_PROGRESS).team.add(sam)
    response = client_for(alice).get(reverse("initiatives:mine"))
    assert titles(response) == {"我参加的", "我负责的"}
    assert "我的项目" in response.content.decode()
    assert titles(client_for(sam).get(reverse("initiatives:mine"))) == {"别人的"}


def test_nav_has_projects(client_for, alice):
    body = client_for(alice).get(reverse("home")).content.decode()
    assert f'href="{reverse("initiatives:list")}"' in body and ">项目<" in body


def project_data(**overrides):
    data = {
        "kind": "demonstration",
        "title": "绿电铝示范",
        "theme": "green",
        "problem": "提高绿电占比。",
        "expected_outcome": "绿电占比40%。",
        "apply_deadline": "",
        "reward_points": "0",
        "reward_text": "",
        "starts_on": "2025-04-01",
        "ends_on": "2025-12-31",
        "branch": "",
        "lead": "",
        "team_kind": "shock_team",
        "team": [],
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "方案定稿",
        "milestones-0-due_on": "2025-05-01",
        "milestones-1-title": "",
        "milestones-1-due_on": "",
    }
    data.update(overrides)
    return data


def test_committee_starts_a_demonstration_project(client_for, carol, alice, sam):
    client = client_for(carol)
    response = client.post(
        reverse("initiatives:create"),
        project_data(lead=alice.pk, team=[alice.pk, sam.pk], branch=alice.branch.pk),
    )
    assert response.status_code == 302
    project = Initiative.objects.get()
    assert (project.status, project.lead, project.branch) == (S.DRAFT, alice, alice.branch)
    assert set(project.team.all()) == {alice, sam}
    assert list(project.milestones.values_list("title", flat=True)) == ["方案定稿"]
    body = client.get(project.get_absolute_url()).content.decode()
    assert "启动项目" in body and "发布到榜单" not in body
    response = client.post(reverse("initiatives:step", args=[project.pk, "in_progress"]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == S.IN_PROGRESS


def test_committee_publishes_a_listed_project(client_for, carol):
    client = client_for(carol)
    client.post(
        reverse("initiatives:create"),
        project_data(kind="listed", apply_deadline="2025-03-31", reward_points="50"),
    )
    project = Initiative.objects.get()
    assert "发布到榜单" in client.get(project.get_absolute_url()).content.decode()
    client.post(reverse("initiatives:step", args=[project.pk, "published"]))
    project.refresh_from_db()
    assert project.status == S.PUBLISHED
    assert AuditEntry.objects.filter(action="initiative.published").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"milestones-0-due_on": "2025-03-01"},
            "里程碑“方案定稿”：计划完成日期不能早于项目开始日期（2025-04-01）。",
        ),
        ({"milestones-0-due_on": "2026-03-01"}, "计划完成日期不能晚于项目结束日期（2025-12-31）。"),
        ({"ends_on": "2025-03-01"}, "结束日期不能早于开始日期。"),
        ({"kind": "listed"}, "揭榜项目需要填写揭榜截止日期。"),
        ({"lead": ""}, "请指定示范项目的负责人。"),
        ({"theme": "money"}, "选择一个有效的选项"),
        ({"starts_on": "2025-02-30"}, "输入一个有效的日期"),
    ],
)
def test_project_form_refuses_bad_input_in_chinese(client_for, carol, alice, overrides, message):
    data = project_data(lead=alice.pk)
    data.update(overrides)
    response = client_for(carol).post(reverse("initiatives:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Initiative.objects.exists() and not Milestone.objects.exists()


def test_only_committee_creates_and_edits(client_for, sam, alice, listed):
    for person in (sam, alice):
        assert client_for(person).get(reverse("initiatives:create")).status_code == 403
        assert (
            client_for(person).post(reverse("initiatives:create"), project_data()).status_code
            == 403
        )
        assert (
            client_for(person).get(reverse("initiatives:edit", args=[listed.pk])).status_code == 403
        )
    assert not Initiative.objects.exclude(pk=listed.pk).exists()


def test_committee_edits_and_change_is_audited(client_for, carol, listed):
    data = project_data(
        kind="listed",
        title="电解槽底清灰自动化（二期）",
        theme="innovation",
        apply_deadline="2025-04-15",
    )
    response = client_for(carol).post(reverse("initiatives:edit", args=[listed.pk]), data)
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.title == "电解槽底清灰自动化（二期）"
    assert listed.apply_deadline == datetime.date(2025, 4, 15)
    entry = AuditEntry.objects.get(action="initiative.updated")
    assert entry.changes["title"] == ["电解槽底清灰自动化", "电解槽底清灰自动化（二期）"]


def test_accepting_needs_a_rating_and_records_it(client_for, working, sam, carol):
    from initiatives import services

    services.take_step(working, S.SUBMITTED, by=sam.user)
    url = reverse("initiatives:step", args=[working.pk, "accepted"])
    assert "验收等级" in client_for(carol).get(url).content.decode()
    response = client_for(carol).post(url, {"comments": "很好"})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    response = client_for(carol).post(url, {"rating": "excellent", "comments": "成果显著"})
    assert response.status_code == 302
    working.refresh_from_db()
    assert (working.status, working.rating) == (S.ACCEPTED, "excellent")
    body = client_for(sam).get(working.get_absolute_url()).content.decode()
    assert "验收通过" in body and "优秀" in body and "成果显著" in body


def test_return_with_reasons_shows_them_to_the_branch(client_for, working, sam, carol):
    from initiatives import services

    services.take_step(working, S.SUBMITTED, by=sam.user)
    url = reverse("initiatives:step", args=[working.pk, "returned"])
    client_for(carol).post(url, {"reason": "缺少运行数据"})
    working.refresh_from_db()
    assert working.status == S.RETURNED
    body = client_for(sam).get(working.get_absolute_url()).content.decode()
    assert "缺少运行数据" in body and "提交验收" in body


def test_branch_cannot_accept_its_own_work(client_for, working, sam):
    from initiatives import services

    services.take_step(working, S.SUBMITTED, by=sam.user)
    response = client_for(sam).post(
        reverse("initiatives:step", args=[working.pk, "accepted"]),
        {"rating": "excellent"},
        follow=True,
    )
    assert "您无权执行此操作" in response.content.decode()
    working.refresh_from_db()
    assert working.status == S.SUBMITTED and working.rating == ""


def test_step_from_wrong_state_shows_message_and_changes_nothing(client_for, listed, carol):
    response = client_for(carol).post(
        reverse("initiatives:step", args=[listed.pk, "submitted"]), follow=True
    )
    assert "当前状态（揭榜中）下不允许此操作" in response.content.decode()
    listed.refresh_from_db()
    assert listed.status == S.PUBLISHED
    assert not AuditEntry.objects.exists()


def test_member_without_role_gets_403_on_steps(client_for, working, alice):
    response = client_for(alice).post(reverse("initiatives:step", args=[working.pk, "submitted"]))
    assert response.status_code == 403
    working.refresh_from_db()
    assert working.status == S.IN_PROGRESS


def test_unknown_step_is_404(client_for, listed, carol):
    assert (
        client_for(carol).get(reverse("initiatives:step", args=[listed.pk, "fly"])).status_code
        == 404
    )


def test_detail_shows_timeline_with_who_and_what(client_for, working, alice):
    response = client_for(alice).get(working.get_absolute_url())
    timeline = [(e.action, e.who) for e in response.context["timeline"]]
    # The fixture's applications are plain rows; the steps are real.
    assert timeline == [("initiative.awarded", "曹蕾"), ("initiative.work_started", "孙明")]
    assert "揭榜单位" in response.context["timeline"][0].sentence
    body = response.content.decode()
    assert "时间线" in body and "2025-03-15" in body


def test_detail_buttons_follow_role(client_for, working, sam, alice, carol):
    assert [
        b["target"] for b in client_for(sam).get(working.get_absolute_url()).context["buttons"]
    ] == ["submitted"]
    assert client_for(alice).get(working.get_absolute_url()).context["buttons"] == []
    assert [
        b["target"] for b in client_for(carol).get(working.get_absolute_url()).context["buttons"]
    ] == ["cancelled"]
