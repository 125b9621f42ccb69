"""The server errors the fuzzing found, each pinned by the input that caused it."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from tests.factories import StudyAttendanceFactory, StudySessionFactory

from .test_initiatives_forms import initiative_data


def test_login_refuses_an_overlong_username_with_a_message(alice):
    """django-axes keeps a failed username in 255 characters: a longer one was a 500."""
    response = Client().post(reverse("login"), {"username": "x" * 300, "password": "whatever"})
    assert response.status_code == 200
    assert "不超过 150 字符" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("value", ["²", "٣", "１２", "99999999999999999999999"])
def test_ids_and_years_in_the_query_string_accept_ascii_digits_only(client_for, carol, value):
    """ "²".isdigit() is true but int("²") fails; a huge id overflowed the database's bigint."""
    client = client_for(carol)
    assert client.get(reverse("affairs:recruitment_list"), {"branch": value}).status_code == 200
    assert client.get(reverse("affairs:dues_home"), {"year": value}).status_code == 200
    assert client.get(reverse("affairs:hub"), {"branch": value}).status_code == 200
    assert client.get(reverse("affairs:transfer_pick"), {"member": value}).status_code == 404
    assert client.get(reverse("safety:zone_list"), {"branch": value}).status_code == 404


@pytest.mark.parametrize("total", ["-5", "-100000"])
def test_a_negative_milestone_count_is_a_form_error(client_for, carol, sam, total):
    data = initiative_data(sam) | {"milestones-TOTAL_FORMS": total}
    response = client_for(carol).post(reverse("initiatives:create"), data)
    assert response.status_code == 200
    assert "表单的行数不完整" in response.content.decode()
    assert not Initiative.objects.exists()


def test_a_forged_milestone_count_builds_no_more_than_twenty_rows(client_for, carol, sam):
    data = initiative_data(sam) | {"milestones-TOTAL_FORMS": "100000"}
    response = client_for(carol).post(reverse("initiatives:create"), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) <= 20
    assert response.context["formset"].non_form_errors()


def test_a_forged_attendance_count_builds_no_more_rows_than_invitees(client_for, sam, alice):
    session = StudySessionFactory(
        branch=sam.branch, host=sam, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    StudyAttendanceFactory(session=session, member=alice)
    data = {
        "attendance-TOTAL_FORMS": "100000",
        "attendance-INITIAL_FORMS": "1",
        "attendance-0-member": str(alice.pk),
        "attendance-0-attended": "on",
    }
    response = client_for(sam).post(reverse("study:attendance", args=[session.pk]), data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) == 1 and formset.non_form_errors()
    assert not session.attendances.filter(attended=True).exists()
