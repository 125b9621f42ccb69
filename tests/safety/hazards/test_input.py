"""Bad input on the hazard pages: a clear Chinese message next to the field, nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hongjun.models import AuditEntry
from safety.models import Hazard
from tests.factories import PNG_BYTES, HazardFactory, HazardZoneFactory, MemberFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def report_data(the_zone, **overrides):
    data = {
        "zone": the_zone.pk,
        "description": "护栏缺失",
        "severity": "major",
        "location_detail": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"photo": SimpleUploadedFile("x.jpg", b"<html>not an image</html>")}, "不是图片"),
        (
            {"photo": SimpleUploadedFile("pdf.png", b"%PDF-1.7\n" + b"0" * 40)},
            "不是图片",
        ),
        (
            {"photo": SimpleUploadedFile("big.png", PNG_BYTES + b"\x00" * (10 * 1024 * 1024))},
            "超过 10 MB",
        ),
        ({"description": "   "}, "请说明隐患情况"),
        ({"severity": "catastrophic"}, "选择一个有效的选项"),
        ({"zone": ""}, "这个字段是必填项"),
    ],
)
def test_report_refuses_bad_input_in_chinese(client_for, alice, zone_a, overrides, message):
    response = client_for(alice).post(reverse("hazards:report"), report_data(zone_a, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Hazard.objects.exists()


def test_report_form_is_phone_first_with_camera_input(client_for, alice, zone_a):
    page = client_for(alice).get(reverse("hazards:report")).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    assert "电解槽一区" in page


def test_report_offers_own_branch_zones_first_then_every_other(
    client_for, alice, bob, zone_a, django_assert_max_num_queries
):
    theirs = HazardZoneFactory(branch=bob.branch, name="混合炉")
    client = client_for(alice)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("hazards:report")).content.decode()
    mine_at = page.index(f'<option value="{zone_a.pk}">{zone_a.branch.name} · 电解槽一区</option>')
    theirs_at = page.index(f'<option value="{theirs.pk}">{bob.branch.name} · 混合炉</option>')
    assert page.index('<optgroup label="我的支部">') < mine_at < theirs_at
    # Hazards do not respect branches: another branch's zone is reported as well.
    response = client.post(reverse("hazards:report"), report_data(theirs))
    assert response.status_code == 302
    assert Hazard.objects.get().zone == theirs
    # A member of a branch without zones gets them all, by branch, without groups.
    page = client_for(MemberFactory()).get(reverse("hazards:report")).content.decode()
    assert "optgroup" not in page and page.index(f'value="{zone_a.pk}"') > 0
    # More zones in more branches: the same queries.
    for _ in range(5):
        HazardZoneFactory()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("hazards:report")).status_code == 200


@pytest.fixture
def reported(zone_a, alice):
    return HazardFactory(zone=zone_a, reported_by=alice)


def post_assign(client, hazard, **data):
    return client.post(reverse("hazards:assign", args=[hazard.pk]), data)


def test_deadline_in_the_past_is_refused(client_for, sam, alice, reported):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = post_assign(client_for(sam), reported, assignee=alice.pk, deadline=yesterday)
    assert response.status_code == 200
    assert "整改期限不能早于今天" in response.content.decode()
    reported.refresh_from_db()
    assert reported.status == "reported" and reported.deadline is None
    assert not AuditEntry.objects.filter(action="hazard.assigned").exists()


def test_deadline_today_is_accepted(client_for, sam, alice, reported):
    response = post_assign(
        client_for(sam), reported, assignee=alice.pk, deadline=timezone.localdate()
    )
    assert response.status_code == 302


def test_assignee_outside_the_zones_branch_is_refused(client_for, sam, bob, reported):
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    response = post_assign(client_for(sam), reported, assignee=bob.pk, deadline=deadline)
    assert response.status_code == 200
    assert "请选择责任区所在党支部的在册党员" in response.content.decode()
    reported.refresh_from_db()
    assert reported.assignee is None


def test_inactive_member_cannot_be_assigned(client_for, sam, reported):
    gone = MemberFactory(branch=reported.zone.branch, is_active=False)
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    response = post_assign(client_for(sam), reported, assignee=gone.pk, deadline=deadline)
    assert "请选择责任区所在党支部的在册党员" in response.content.decode()


def test_service_refuses_assignee_outside_branch_too(sam, bob, reported):
    from django.core.exceptions import ValidationError

    from safety.hazards import services as hazard_services

    with pytest.raises(ValidationError):
        hazard_services.assign(
            reported, bob, timezone.localdate() + datetime.timedelta(days=1), by=sam.user
        )
    reported.refresh_from_db()
    assert reported.status == "reported"


def test_fix_without_image_is_refused(client_for, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice)
    response = client_for(alice).post(
        reverse("hazards:submit", args=[hazard.pk]),
        {"fix_description": "已修", "after_photo": SimpleUploadedFile("a.png", b"GIF? no")},
    )
    assert response.status_code == 200
    assert "不是图片" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == "assigned" and not hazard.after_photo


def test_send_back_needs_a_reason(client_for, sam, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice, status="submitted")
    response = client_for(sam).post(reverse("hazards:return", args=[hazard.pk]), {"reason": " "})
    assert response.status_code == 200
    assert "请填写退回原因" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == "submitted"


def test_database_refuses_assigned_hazard_without_deadline(zone_a, alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        HazardFactory(zone=zone_a, status="assigned", assignee=alice, deadline=None)
