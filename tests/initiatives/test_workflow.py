"""The project workflow: every allowed step, a sample of refused ones, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hongjun.models import AuditEntry
from hongjun.workflow import TransitionNotAllowed
from initiatives import services
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, MemberFactory

S = Initiative.Status


def actions(initiative):
    return [
        e.action
        for e in AuditEntry.objects.filter(object_id=str(initiative.pk)).order_by("id")
        if e.content_type.model == "initiative"
    ]


def test_listed_project_walks_draft_to_accepted_through_a_return(carol, sam, bob, alice):
    listed = InitiativeFactory(status=S.DRAFT)
    listed = services.take_step(listed, S.PUBLISHED, by=carol.user)
    application = services.apply(
        listed,
        sam.branch,
        {"plan": "方案", "team_kind": "shock_team", "lead": sam, "team": [alice]},
        by=sam.user,
    )
    listed = services.award(listed, sam.branch, by=carol.user, comments="方案最优")
    assert (listed.status, listed.branch, listed.lead) == (S.AWARDED, sam.branch, sam)
    assert list(listed.team.all()) == [alice]
    listed = services.take_step(listed, S.IN_PROGRESS, by=sam.user)
    listed = services.take_step(listed, S.SUBMITTED, by=sam.user, comments="完成")
    listed = services.take_step(listed, S.RETURNED, by=carol.user, reason="数据不全")
    assert listed.return_reason == "数据不全"
    listed = services.take_step(listed, S.SUBMITTED, by=sam.user)
    listed = services.take_step(
        listed, S.ACCEPTED, by=carol.user, rating="excellent", comments="好"
    )
    listed.refresh_from_db()
    assert (listed.status, listed.rating, listed.acceptance_comments) == (
        S.ACCEPTED,
        "excellent",
        "好",
    )
    assert actions(listed) == [
        "initiative.published",
        "initiative.awarded",
        "initiative.work_started",
        "initiative.submitted",
        "initiative.returned",
        "initiative.submitted",
        "initiative.accepted",
    ]
    award = AuditEntry.objects.get(action="initiative.awarded")
    assert award.actor == carol.user
    assert award.changes["from"] == "published" and award.changes["to"] == "awarded"
    assert award.changes["application"] == application.pk
    assert AuditEntry.objects.get(action="application.submitted").object_id == str(application.pk)


def test_demonstration_project_starts_from_draft_and_lead_submits(carol, alice):
    project = InitiativeFactory(
        kind=Initiative.Kind.DEMONSTRATION, status=S.DRAFT, apply_deadline=None, lead=alice
    )
    project = services.take_step(project, S.IN_PROGRESS, by=carol.user)
    project = services.take_step(project, S.SUBMITTED, by=alice.user)
    project = services.take_step(project, S.ACCEPTED, by=carol.user, rating="good")
    assert project.status == S.ACCEPTED
    assert actions(project) == ["initiative.started", "initiative.submitted", "initiative.accepted"]


@pytest.mark.parametrize("state", [S.DRAFT, S.PUBLISHED, S.AWARDED, S.IN_PROGRESS, S.RETURNED])
def test_committee_cancels_from_every_open_state(carol, state):
    project = InitiativeFactory(status=state)
    project = services.take_step(project, S.CANCELLED, by=carol.user, reason="任务调整")
    assert project.status == S.CANCELLED
    assert AuditEntry.objects.get(action="initiative.cancelled").changes["reason"] == "任务调整"


@pytest.mark.parametrize(
    ("kind", "state", "target", "who", "message"),
    [
        # Wrong state for the step.
        ("listed", S.DRAFT, S.SUBMITTED, "carol", "当前状态（草稿）下不允许此操作"),
        ("listed", S.ACCEPTED, S.CANCELLED, "carol", "当前状态（已验收）下不允许此操作"),
        ("listed", S.CANCELLED, S.PUBLISHED, "carol", "当前状态（已取消）下不允许此操作"),
        ("listed", S.IN_PROGRESS, S.ACCEPTED, "carol", "当前状态（实施中）下不允许此操作"),
        ("listed", S.SUBMITTED, S.SUBMITTED, "sam", "当前状态（待验收）下不允许此操作"),
        # A kind that does not take that first step (the step's guard).
        ("listed", S.DRAFT, S.IN_PROGRESS, "carol", "当前状态（草稿）下不允许此操作"),
        ("demonstration", S.DRAFT, S.PUBLISHED, "carol", "当前状态（草稿）下不允许此操作"),
        # The wrong role: the branch does not accept, publish or cancel; the committee does
        # not submit the branch's work.
        ("listed", S.SUBMITTED, S.ACCEPTED, "sam", "您无权执行此操作"),
        ("listed", S.DRAFT, S.PUBLISHED, "sam", "您无权执行此操作"),
        ("listed", S.IN_PROGRESS, S.CANCELLED, "sam", "您无权执行此操作"),
        ("listed", S.IN_PROGRESS, S.SUBMITTED, "carol", "您无权执行此操作"),
        # Another branch's secretary, a plain team member.
        ("listed", S.IN_PROGRESS, S.SUBMITTED, "bob", "您无权执行此操作"),
        ("listed", S.AWARDED, S.IN_PROGRESS, "alice", "您无权执行此操作"),
    ],
)
def test_refused_steps_change_nothing(
    request, sam, bob, alice, carol, kind, state, target, who, message
):
    project = InitiativeFactory(
        kind=kind,
        status=state,
        branch=sam.branch,
        apply_deadline=None if kind != "listed" else "2025-03-31",
    )
    project.team.add(alice)
    person = {"sam": sam, "bob": bob, "alice": alice, "carol": carol}[who]
    with pytest.raises(TransitionNotAllowed, match=message):
        services.take_step(project, target, by=person.user, rating="good", reason="x")
    project.refresh_from_db()
    assert project.status == state
    assert not AuditEntry.objects.exists()


def test_awarding_is_not_a_plain_step(carol, applied):
    with pytest.raises(TransitionNotAllowed):
        services.take_step(applied, S.AWARDED, by=carol.user)
    applied.refresh_from_db()
    assert applied.status == S.PUBLISHED


def test_accept_needs_a_rating_and_return_needs_reasons(carol):
    project = InitiativeFactory(status=S.SUBMITTED)
    with pytest.raises(ValidationError):
        services.take_step(project, S.ACCEPTED, by=carol.user, rating="")
    with pytest.raises(ValidationError):
        services.take_step(project, S.RETURNED, by=carol.user, reason="  ")
    project.refresh_from_db()
    assert project.status == S.SUBMITTED


def test_only_committee_awards(applied, sam):
    with pytest.raises(PermissionDenied):
        services.award(applied, sam.branch, by=sam.user)
    applied.refresh_from_db()
    assert applied.status == S.PUBLISHED and applied.branch is None


def test_award_to_branch_that_did_not_apply_is_refused(applied, carol):
    with pytest.raises(ValidationError, match="机关第一党支部没有申请该项目"):
        services.award(applied, carol.branch, by=carol.user)
    applied.refresh_from_db()
    assert applied.status == S.PUBLISHED and applied.branch is None
    assert not AuditEntry.objects.filter(action="initiative.awarded").exists()


def test_second_award_is_told_already_awarded(awarded_to_a, carol, bob):
    with pytest.raises(TransitionNotAllowed, match="该项目已确定由电解一车间党支部揭榜"):
        services.award(awarded_to_a, bob.branch, by=carol.user)
    awarded_to_a.refresh_from_db()
    assert awarded_to_a.branch.name == "电解一车间党支部"
    assert AuditEntry.objects.filter(action="initiative.awarded").count() == 1


def test_project_lead_from_another_branch_may_work_it(working, carol):
    lead = MemberFactory()
    working.lead = lead
    working.save()
    project = services.take_step(working, S.SUBMITTED, by=lead.user)
    assert project.status == S.SUBMITTED


def test_available_steps_follow_role_and_state(working, sam, carol, alice):
    assert [s.target for s in services.FLOW.available(working, sam.user)] == [S.SUBMITTED]
    assert [s.target for s in services.FLOW.available(working, carol.user)] == [S.CANCELLED]
    assert services.FLOW.available(working, alice.user) == []
