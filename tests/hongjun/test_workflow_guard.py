"""A step's guard: a condition the state and the roles cannot say."""

import pytest

from hongjun.workflow import Step, TransitionNotAllowed, Workflow
from initiatives.models import Initiative
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

FLOW = Workflow(
    steps=[
        Step(
            {"draft"},
            "published",
            {"committee"},
            "x.published",
            "Publish",
            guard=lambda obj: obj.kind == "listed",
        ),
        Step({"draft"}, "in_progress", {"committee"}, "x.started", "Start"),
    ],
    roles_of=lambda user, obj: {"committee"},
)


def test_a_false_guard_hides_and_refuses_the_step(carol):
    project = InitiativeFactory(kind=Initiative.Kind.DEMONSTRATION, status="draft")
    assert [s.action for s in FLOW.available(project, carol.user)] == ["x.started"]
    assert not FLOW.can(project, "published", carol.user)
    with pytest.raises(TransitionNotAllowed):
        FLOW.transition(project, "published", carol.user)
    project.refresh_from_db()
    assert project.status == "draft"


def test_a_true_guard_lets_the_step_through(carol):
    project = InitiativeFactory(kind=Initiative.Kind.LISTED, status="draft")
    assert FLOW.can(project, "published", carol.user)
    assert FLOW.transition(project, "published", carol.user).status == "published"


def test_take_names_the_step_when_targets_are_shared(carol):
    project = InitiativeFactory(kind=Initiative.Kind.LISTED, status="draft")
    seen = []
    FLOW.take(project, "x.started", carol.user, then=lambda locked: seen.append(locked.pk))
    project.refresh_from_db()
    assert (project.status, seen) == ("in_progress", [project.pk])
