"""Every page that creates or changes a record writes an audit entry: the right action, the
acting account and the address the request came from (issue 11: who, when, from where).

The valid payloads are the fuzz tests' own starting points.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.score import INDICATORS
from hongjun.models import AuditEntry
from reminders import services as reminders
from tests.factories import ActivityFactory, InitiativeFactory, SafetyZoneFactory
from tests.fuzz.test_branches_forms import activity_data, member_data
from tests.fuzz.test_initiatives_forms import initiative_data

IP = "10.9.8.7"


def day(offset):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def weights():
    data = {i.code: "0" for i in INDICATORS}
    data[INDICATORS[0].code] = "100"
    return data


# name: (who, build(world) -> (url, data), the action expected among the new entries)
CASES = {
    "branch edit": ("sam", lambda w: (
        reverse("branches:branch_edit", args=[w.sam.branch_id]),
        {"unit": "电解二车间", "meeting_place": "三楼", "description": "新简介"},
    ), "branch.updated"),
    "member create": ("sam", lambda w: (
        reverse("branches:member_create", args=[w.sam.branch_id]),
        member_data(employee_no="N00001"),
    ), "member.created"),
    "member edit": ("sam", lambda w: (
        reverse("branches:member_edit", args=[w.alice.pk]),
        member_data(employee_no=w.alice.employee_no, post="铸造工"),
    ), "member.updated"),
    "activity create": ("sam", lambda w: (
        reverse("branches:activity_create", args=[w.sam.branch_id]),
        activity_data([w.alice, w.sam], timezone.localdate() - datetime.timedelta(days=2)),
    ), "activity.created"),
    "activity edit": ("sam", lambda w: (
        reverse("branches:activity_edit", args=[w.activity.pk]),
        activity_data([w.alice, w.sam], timezone.localdate() - datetime.timedelta(days=3)),
    ), "activity.updated"),
    "applicant create": ("sam", lambda w: (
        reverse("affairs:applicant_create", args=[w.sam.branch_id]),
        {"name": "张申请", "gender": "f", "employee_no": "A90001", "post": "电工",
         "birth_date": "1995-03-01", "phone": "", "applied_on": day(-3), "note": ""},
    ), "applicant.created"),
    "dues declaration": ("sam", lambda w: (
        reverse("affairs:dues_declare", args=[w.alice.pk]),
        {"category": "in_service", "income": "5000",
         "valid_from": f"{timezone.localdate():%Y-%m}"},
    ), "dues.declared"),
    "dues payment": ("sam", lambda w: (
        reverse("affairs:dues_pay", args=[w.alice.pk]),
        {"month": f"{timezone.localdate():%Y-%m}", "amount": "25.00", "method": "cash",
         "paid_on": day(0), "proxy": "", "note": ""},
    ), "dues.paid"),
    "transfer": ("sam", lambda w: (
        reverse("affairs:transfer_create", args=[w.alice.pk]),
        {"kind": "internal", "to_branch": str(w.bob.branch_id), "reason": "调动"},
    ), "transfer.requested"),
    "appraisal": ("sam", lambda w: (
        reverse("affairs:appraisal_open", args=[w.sam.branch_id]), {"year": "2025"},
    ), "appraisal.opened"),
    "initiative create": ("carol", lambda w: (
        reverse("initiatives:create"), initiative_data(w.sam),
    ), "initiative.created"),
    "initiative edit": ("carol", lambda w: (
        reverse("initiatives:edit", args=[w.draft.pk]), initiative_data(w.sam),
    ), "initiative.updated"),
    "milestone": ("sam", lambda w: (
        reverse("initiatives:milestone_create", args=[w.working.pk]),
        {"title": "样机", "due_on": day(10)},
    ), "initiative.milestone_added"),
    "progress report": ("sam", lambda w: (
        reverse("initiatives:report", args=[w.working.pk]),
        {"percent": "40", "text": "完成样机", "figures-TOTAL_FORMS": "0",
         "figures-INITIAL_FORMS": "0"},
    ), "initiative.progress_reported"),
    "pledge version": ("carol", lambda w: (
        reverse("safety:version_create"), {"year": "2031", "title": "承诺书", "text": "不违章"},
    ), "pledge_version.created"),
    "zone create": ("sam", lambda w: (
        reverse("safety:zone_create", args=[w.sam.branch_id]),
        {"name": "新区", "location": "厂房", "established_on": day(-5),
         "responsible": [str(w.alice.pk)]},
    ), "zone.created"),
    "zone edit": ("sam", lambda w: (
        reverse("safety:zone_edit", args=[w.zone.pk]),
        {"name": "改名区", "location": "厂房", "established_on": day(-5),
         "responsible": [str(w.alice.pk)]},
    ), "zone.updated"),
    "violation": ("sam", lambda w: (
        reverse("safety:violation_create", args=[w.zone.pk]),
        {"occurred_on": day(-1), "severity": "minor", "description": "未戴面罩"},
    ), "violation.recorded"),
    "hazard": ("alice", lambda w: (
        reverse("hazards:report"),
        {"zone": str(w.zone.pk), "location_detail": "", "description": "护栏缺失",
         "severity": "general"},
    ), "hazard.reported"),
    "study session": ("sam", lambda w: (
        reverse("study:create", args=["branch_study"]),
        {"topic": "规程", "place": "活动室", "branch": str(w.sam.branch_id),
         "starts_at": (timezone.localtime() + datetime.timedelta(days=3)).strftime(
             "%Y-%m-%dT%H:%M")},
    ), "study.created"),
    "mentor pair": ("sam", lambda w: (
        reverse("study:mentor_pairs"),
        {"branch": str(w.sam.branch_id), "mentor": str(w.sam.pk), "apprentice": str(w.alice.pk),
         "starts_on": day(-5)},
    ), "mentor_pair.created"),
    "green power": ("carol", lambda w: (
        reverse("dashboard:green_power"), {"month": "2025-01", "percent": "35.5", "note": ""},
    ), "green_power.entered"),
    "weights": ("carol", lambda w: (reverse("dashboard:weights"), weights()), "score_weight.set"),
    "reminder settings": ("alice", lambda w: (
        reverse("inbox:preferences"), {next(iter(reminders.KINDS)): "on"},
    ), "reminder_preferences.updated"),
}  # fmt: skip


@pytest.fixture
def world(alice, sam, bob, carol, settings, tmp_path):
    from types import SimpleNamespace

    settings.MEDIA_ROOT = tmp_path
    return SimpleNamespace(
        alice=alice,
        sam=sam,
        bob=bob,
        carol=carol,
        activity=ActivityFactory(branch=sam.branch),
        zone=SafetyZoneFactory(branch=sam.branch),
        draft=InitiativeFactory(kind="demonstration", status="draft", lead=sam, branch=sam.branch),
        working=InitiativeFactory(
            status="in_progress",
            branch=sam.branch,
            lead=sam,
            starts_on=timezone.localdate() - datetime.timedelta(days=30),
            ends_on=timezone.localdate() + datetime.timedelta(days=300),
        ),
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_change_page_audits_actor_address_and_action(case, world, client_for):
    who, build, action = CASES[case]
    person = getattr(world, who)
    url, data = build(world)
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client_for(person).post(url, data, REMOTE_ADDR=IP)
    assert response.status_code == 302, response.context and [
        (f.errors, getattr(f, "non_form_errors", list)()) for f in response.context.get("form", [])
    ]
    new = list(AuditEntry.objects.filter(id__gt=last))
    assert new, f"{case}: no audit entry"
    assert {e.actor_id for e in new} == {person.user.pk}
    assert {e.ip_address for e in new} == {IP}
    assert action in {e.action for e in new}, [e.action for e in new]
