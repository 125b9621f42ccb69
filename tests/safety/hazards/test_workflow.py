"""The hazard workflow through the pages: report → assign → submit → close, and back."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hongjun.models import AuditEntry
from safety.hazards.services import HAZARD_FLOW
from safety.models import Hazard
from tests.factories import PNG_BYTES, HazardFactory, MemberFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo(name="p.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def in_days(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def url(name, hazard):
    return reverse(f"hazards:{name}", args=[hazard.pk])


def test_member_reports_with_photo_and_it_starts_the_timeline(client_for, alice, zone_a):
    response = client_for(alice).post(
        reverse("hazards:report"),
        {
            "zone": zone_a.pk,
            "location_detail": "112 槽北侧",
            "description": "槽沿积料",
            "severity": "serious",
            "photo": photo(),
        },
        follow=True,
    )
    hazard = Hazard.objects.get()
    assert (hazard.reported_by, hazard.zone, hazard.status) == (alice, zone_a, "reported")
    assert hazard.severity == "serious" and hazard.photo.name.startswith("hazards/")
    page = response.content.decode()
    assert "隐患已上报" in page and "上报了隐患" in page and "较大" in page
    assert AuditEntry.objects.filter(action="hazard.reported", object_id=str(hazard.pk)).exists()


def test_whole_workflow_assign_submit_return_resubmit_close(client_for, alice, sam, zone_a):
    hazard = HazardFactory(zone=zone_a, reported_by=alice)
    secretary, assignee = client_for(sam), client_for(alice)

    response = secretary.post(url("assign", hazard), {"assignee": alice.pk, "deadline": in_days(5)})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.status, hazard.assignee, hazard.deadline) == (
        "assigned",
        alice,
        timezone.localdate() + datetime.timedelta(days=5),
    )

    assignee.post(url("submit", hazard), {"fix_description": "已清理", "after_photo": photo()})
    hazard.refresh_from_db()
    assert hazard.status == "submitted" and hazard.after_photo and hazard.submitted_at

    secretary.post(url("return", hazard), {"reason": "照片看不清"})
    hazard.refresh_from_db()
    assert hazard.status == "returned"

    assignee.post(url("submit", hazard), {"fix_description": "已补拍", "after_photo": photo()})
    secretary.post(url("close", hazard), {"note": "验收合格"})
    hazard.refresh_from_db()
    assert hazard.status == "closed" and hazard.closed_at is not None

    actions = list(
        AuditEntry.objects.filter(object_id=str(hazard.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "hazard.assigned",
        "hazard.submitted",
        "hazard.returned",
        "hazard.submitted",
        "hazard.closed",
    ]
    returned = AuditEntry.objects.get(action="hazard.returned")
    assert returned.changes["reason"] == "照片看不清"
    page = secretary.get(url("detail", hazard)).content.decode()
    for label in (
        "指派了隐患",
        "提交了隐患",
        "退回了隐患",
        "验收并关闭了隐患",
        "照片看不清",
        "验收合格",
    ):
        assert label in page


def test_committee_member_checks_and_closes_any_branch(client_for, carol, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice)
    client_for(alice).post(
        url("submit", hazard), {"fix_description": "已修", "after_photo": photo()}
    )
    assert client_for(carol).post(url("close", hazard), {}).status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "closed"


def test_secretary_reassigns_a_returned_hazard(client_for, sam, alice, zone_a):
    other = MemberFactory(branch=zone_a.branch)
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice, status="returned")
    client_for(sam).post(url("assign", hazard), {"assignee": other.pk, "deadline": in_days(2)})
    hazard.refresh_from_db()
    assert (hazard.status, hazard.assignee) == ("assigned", other)


def test_member_cannot_assign_and_nothing_changes(client_for, alice, zone_a):
    hazard = HazardFactory(zone=zone_a)
    response = client_for(alice).post(
        url("assign", hazard), {"assignee": alice.pk, "deadline": in_days(3)}
    )
    assert response.status_code == 403
    hazard.refresh_from_db()
    assert hazard.status == "reported" and hazard.assignee is None
    assert not AuditEntry.objects.filter(action="hazard.assigned").exists()


def test_only_the_assignee_submits_a_fix(client_for, sam, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice)
    response = client_for(sam).post(
        url("submit", hazard), {"fix_description": "代为提交", "after_photo": photo()}
    )
    assert response.status_code == 403
    hazard.refresh_from_db()
    assert hazard.status == "assigned" and hazard.fix_description == ""


def test_assignee_cannot_close_their_own_fix(client_for, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice, status="submitted")
    assert client_for(alice).post(url("close", hazard), {}).status_code == 403
    hazard.refresh_from_db()
    assert hazard.status == "submitted"


def test_step_from_wrong_state_is_refused_and_changes_nothing(client_for, sam, zone_a):
    hazard = HazardFactory(zone=zone_a)
    response = client_for(sam).post(url("close", hazard), {"note": "直接关闭"}, follow=True)
    assert "不允许" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == "reported" and hazard.closed_at is None
    assert not AuditEntry.objects.filter(action="hazard.closed").exists()


def test_workflow_table_refuses_role_outside_it(sam, alice, zone_a):
    from hongjun.workflow import TransitionNotAllowed

    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice, status="submitted")
    with pytest.raises(TransitionNotAllowed):
        HAZARD_FLOW.transition(hazard, "closed", alice.user, update={"closed_at": timezone.now()})
    hazard.refresh_from_db()
    assert hazard.status == "submitted"
    assert HAZARD_FLOW.can(hazard, "closed", sam.user)


def test_page_offers_only_the_steps_the_user_may_take(client_for, sam, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice)
    assert url("submit", hazard) in client_for(alice).get(url("detail", hazard)).content.decode()
    secretary_page = client_for(sam).get(url("detail", hazard)).content.decode()
    assert url("submit", hazard) not in secretary_page
    assert url("assign", hazard) in secretary_page
    assert url("close", hazard) not in secretary_page


def test_branch_committee_member_may_assign(client_for, alice, zone_a):
    from branches.models import Role
    from tests.factories import RoleFactory

    RoleFactory(member=alice, kind=Role.Kind.BRANCH_COMMITTEE, branch=zone_a.branch)
    hazard = HazardFactory(zone=zone_a)
    client_for(alice).post(url("assign", hazard), {"assignee": alice.pk, "deadline": in_days(1)})
    hazard.refresh_from_db()
    assert hazard.status == "assigned"
