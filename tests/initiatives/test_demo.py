"""The demo projects: every state on show, real timelines, and a second run changes nothing."""

import io

from django.core.management import call_command

from hongjun.models import AuditEntry
from initiatives.models import Application, Initiative, Milestone, OutcomeFigure, ProgressReport

MODELS = [Initiative, Application, Milestone, ProgressReport, OutcomeFigure, AuditEntry]


def test_seed_demo_shows_every_state_and_is_idempotent(db, settings):
    call_command("seed_demo", stdout=io.StringIO())
    counts = [m.objects.count() for m in MODELS]
    states = set(Initiative.objects.values_list("status", flat=True))
    assert {"draft", "published", "in_progress", "submitted", "accepted", "returned"} <= states
    assert Initiative.objects.filter(kind="demonstration").count() == 3
    assert Initiative.objects.filter(kind="listed").count() == 6
    open_list = Initiative.objects.get(status="published")
    assert open_list.applications.count() == 3
    accepted = Initiative.objects.get(status="accepted")
    assert accepted.rating == "excellent"
    assert AuditEntry.objects.filter(
        object_id=str(accepted.pk), action="initiative.accepted"
    ).exists()
    assert Milestone.objects.filter(
        done_on__isnull=True,
        due_on__lt=open_list.created_at.date(),
        initiative__status="in_progress",
    ).exists()
    assert set(OutcomeFigure.objects.values_list("unit", flat=True)) >= {"kwh", "t_co2", "wan_yuan"}

    call_command("seed_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in MODELS] == counts
