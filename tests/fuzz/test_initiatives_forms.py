"""Hostile input through the projects' forms: the project, applications, steps, progress."""

import datetime

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from initiatives.models import Initiative
from tests.factories import ApplicationFactory, InitiativeFactory

from . import strategies as s

AUDIT = "hongjun.AuditEntry"
MODELS = [
    "initiatives.Initiative",
    "initiatives.Milestone",
    "initiatives.Application",
    "initiatives.ProgressReport",
    "initiatives.OutcomeFigure",
    "initiatives.Evidence",
    AUDIT,
]
S = Initiative.Status


def day(offset):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def formset(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def initiative_data(lead):
    return {
        "kind": "demonstration",
        "title": "示范项目",
        "theme": "green",
        "problem": "问题",
        "expected_outcome": "成果",
        "apply_deadline": "",
        "reward_points": "10",
        "reward_text": "",
        "starts_on": day(1),
        "ends_on": day(200),
        "branch": str(lead.branch_id),
        "lead": str(lead.pk),
        "team_kind": "shock_team",
        "team": [str(lead.pk)],
        **formset("milestones", 1),
        "milestones-0-title": "样机",
        "milestones-0-due_on": day(30),
    }


INITIATIVE_FIELDS = {
    "kind": s.choice,
    "title": s.text,
    "theme": s.choice,
    "problem": s.text,
    "expected_outcome": s.text,
    "apply_deadline": s.dates,
    "reward_points": s.numbers,
    "reward_text": s.text,
    "starts_on": s.dates,
    "ends_on": s.dates,
    "branch": s.choice,
    "lead": s.choice,
    "team_kind": s.choice,
    "team": s.choice,
    "milestones-TOTAL_FORMS": s.form_counts,
    "milestones-INITIAL_FORMS": s.form_counts,
    "milestones-0-title": s.text,
    "milestones-0-due_on": s.dates,
}


def test_initiative_create_survives_hostile_input(client_for, carol, sam):
    client = client_for(carol)
    url = reverse("initiatives:create")

    @s.FUZZ
    @given(s.hostile(initiative_data(sam), INITIATIVE_FIELDS))
    def attack(data):
        s.submit(client, url, data, MODELS, creates="initiatives.Initiative")

    attack()


def test_initiative_edit_survives_hostile_input(client_for, carol, sam):
    client = client_for(carol)
    initiative = InitiativeFactory(
        kind="demonstration", status=S.DRAFT, lead=sam, branch=sam.branch
    )
    url = reverse("initiatives:edit", args=[initiative.pk])

    @s.FUZZ
    @given(s.hostile(initiative_data(sam), INITIATIVE_FIELDS))
    def attack(data):
        s.submit(client, url, data, MODELS)

    attack()


def test_application_and_award_survive_hostile_input(client_for, carol, sam, alice, bob):
    listed = InitiativeFactory(apply_deadline=timezone.localdate() + datetime.timedelta(days=30))
    apply_url = reverse("initiatives:apply", args=[listed.pk])
    valid = {
        "branch": str(sam.branch_id),
        "plan": "方案",
        "team_kind": "shock_team",
        "lead": str(sam.pk),
        "team": [str(alice.pk)],
    }
    fields = {"branch": s.choice, "plan": s.text, "team_kind": s.choice, "lead": s.choice}
    fields["team"] = st.one_of(s.choice, st.just(str(bob.pk)))
    secretary = client_for(sam)

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def apply(data):
        with s.rolled_back():
            s.submit(secretary, apply_url, data, MODELS)

    apply()

    ApplicationFactory(initiative=listed, branch=sam.branch, lead=sam)
    award_url = reverse("initiatives:award", args=[listed.pk])
    committee = client_for(carol)

    @s.FUZZ
    @given(
        s.hostile(
            {"branch": str(sam.branch_id), "comments": "好"},
            {"branch": s.choice, "comments": s.text},
        )
    )
    def award(data):
        with s.rolled_back():
            s.submit(committee, award_url, data, MODELS)

    award()


def test_workflow_step_forms_survive_hostile_input(client_for, carol, sam):
    people = {"sam": client_for(sam), "carol": client_for(carol)}
    # (state the project is in, step, who takes it, the step's form)
    cases = [
        (S.IN_PROGRESS, S.SUBMITTED, "sam", {"comments": s.text}),
        (S.SUBMITTED, S.ACCEPTED, "carol", {"rating": s.choice, "comments": s.text}),
        (S.SUBMITTED, S.RETURNED, "carol", {"reason": s.text}),
        (S.IN_PROGRESS, S.CANCELLED, "carol", {"reason": s.text}),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        state, target, who, fields = data.draw(st.sampled_from(cases))
        payload = data.draw(s.hostile({}, fields))
        with s.rolled_back():
            initiative = InitiativeFactory(status=state, branch=sam.branch, lead=sam)
            url = reverse("initiatives:step", args=[initiative.pk, target])
            s.submit(people[who], url, payload, MODELS)

    attack()


def test_milestone_and_progress_forms_survive_hostile_input(client_for, sam):
    client = client_for(sam)
    initiative = InitiativeFactory(
        status=S.IN_PROGRESS,
        branch=sam.branch,
        lead=sam,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    milestone_url = reverse("initiatives:milestone_create", args=[initiative.pk])

    @s.FUZZ
    @given(s.hostile({"title": "阶段", "due_on": day(10)}, {"title": s.text, "due_on": s.dates}))
    def milestone(data):
        with s.rolled_back():
            s.submit(client, milestone_url, data, MODELS, creates="initiatives.Milestone")

    milestone()

    report_url = reverse("initiatives:report", args=[initiative.pk])
    valid = {
        "percent": "40",
        "text": "完成样机",
        **formset("figures", 1),
        "figures-0-label": "节电",
        "figures-0-quantity": "1250.5",
        "figures-0-unit": "kwh",
    }
    fields = {
        "percent": s.numbers,
        "text": s.text,
        "figures-TOTAL_FORMS": s.form_counts,
        "figures-INITIAL_FORMS": s.form_counts,
        "figures-0-label": s.text,
        "figures-0-quantity": s.numbers,
        "figures-0-unit": s.choice,
    }

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def report(data):
        with s.rolled_back():
            s.submit(client, report_url, data, MODELS, creates="initiatives.ProgressReport")

    report()


def test_initiative_filters_survive_hostile_query(client_for, carol, alice):
    InitiativeFactory()
    clients = [client_for(carol), client_for(alice)]
    urls = [reverse("initiatives:list"), reverse("initiatives:mine")]
    fields = {
        "theme": s.choice,
        "status": s.choice,
        "kind": s.choice,
        "branch": s.choice,
        "general_branch": s.numbers,
        "period_from": s.dates,
        "period_to": s.dates,
        "page": s.numbers,
    }

    @s.FUZZ
    @given(st.sampled_from(clients), st.sampled_from(urls), s.hostile({}, fields))
    def attack(client, url, data):
        s.submit(client, url, data, MODELS, method="get")

    attack()
