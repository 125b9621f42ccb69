"""Dates the portal accepts: from 1921-07-01 to the end of the fifth year ahead, in every
form and filter; out of range is a Chinese form error, never a 500 and never saved."""

import datetime
import importlib

import django_filters
import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from affairs.models import DuesBase, DuesPayment
from branches.models import Activity
from hongjun import dates
from safety.models import StudySession

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)  # 18:00 in Shanghai

FORM_MODULES = [
    "accounts.forms",
    "affairs.appraisal.forms",
    "affairs.dues.forms",
    "affairs.forms",
    "affairs.recruitment.forms",
    "affairs.transfers.forms",
    "branches.filters",
    "branches.forms",
    "dashboard.forms",
    "dashboard.scopes",
    "dashboard.views",
    "hongjun.audit_views",
    "initiatives.filters",
    "initiatives.forms",
    "reminders.forms",
    "safety.hazards.forms",
    "safety.pledges.forms",
    "safety.study.forms",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ours(cls):
    return cls.__module__.split(".")[0] in {m.split(".")[0] for m in FORM_MODULES}


def test_every_form_and_filter_with_a_date_is_bounded():
    for name in FORM_MODULES:
        importlib.import_module(name)
    forms_with_dates = [
        cls
        for cls in set(_subclasses(forms.BaseForm))
        if _ours(cls) and any(dates.is_date_field(f) for f in cls.base_fields.values())
    ]
    assert len(forms_with_dates) >= 15
    for cls in forms_with_dates:
        assert issubclass(cls, dates.DateBounds), f"{cls.__module__}.{cls.__name__}"
    filters_with_dates = [
        cls
        for cls in set(_subclasses(django_filters.FilterSet))
        if _ours(cls)
        and any(issubclass(f.field_class, forms.DateField) for f in cls.base_filters.values())
    ]
    assert len(filters_with_dates) >= 5
    for cls in filters_with_dates:
        assert issubclass(cls._meta.form, dates.DateBounds), f"{cls.__module__}.{cls.__name__}"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (datetime.date(1921, 7, 1), True),
        (datetime.date(1921, 6, 30), False),
        (datetime.date(1, 1, 1), False),
        (datetime.date(2031, 12, 31), True),  # the end of the fifth year after 2026
        (datetime.date(2032, 1, 1), False),
        (datetime.date(9999, 12, 31), False),
        (datetime.datetime(1921, 7, 1, 0, 0), True),
        (datetime.datetime(2031, 12, 31, 23, 59), True),
        (datetime.datetime(2032, 1, 1, 0, 0), False),
    ],
)
def test_bounds_edges(value, ok):
    if ok:
        dates.validate_in_range(value)
    else:
        with pytest.raises(ValidationError):
            dates.validate_in_range(value)


def activity_data(sam, day, start="00:00", end="01:00"):
    return {
        "kind": "committee_meeting",
        "theme": "safety",
        "status": "held",
        "date": day,
        "start_time": start,
        "end_time": end,
        "place": "活动室",
        "topic": "公元元年的会",
        "content": "",
        "attendance-TOTAL_FORMS": "1",
        "attendance-INITIAL_FORMS": "1",
        "attendance-0-member": str(sam.pk),
        "attendance-0-status": "present",
        "attendance-0-reason": "",
    }


@pytest.mark.parametrize(
    ("day", "message"),
    [("0001-01-01", "不能早于 1921-07-01"), ("1921-06-30", "不能早于 1921-07-01")],
)
def test_activity_before_1921_is_a_form_error_and_the_pages_still_work(
    client_for, sam, carol, day, message
):
    client = client_for(sam)
    url = reverse("branches:activity_create", args=[sam.branch.pk])
    response = client.post(url, activity_data(sam, day))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()
    assert client.get(reverse("branches:activity_list", args=[sam.branch.pk])).status_code == 200
    assert client_for(carol).get(reverse("dashboard:activities")).status_code == 200


def test_activity_on_the_first_day_is_saved(client_for, sam):
    url = reverse("branches:activity_create", args=[sam.branch.pk])
    response = client_for(sam).post(url, activity_data(sam, "1921-07-01", "09:00", "10:00"))
    assert response.status_code == 302
    assert Activity.objects.get().starts_at.year == 1921


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "0001-01-01 00:00", "2032-01-01T09:00"])
def test_study_session_out_of_range_is_a_form_error_and_study_still_works(
    client_for, carol, alice, when
):
    data = {"topic": "安全生产法", "starts_at": when, "place": "会议室", "material_text": ""}
    response = client_for(carol).post(reverse("study:create", args=["committee_led"]), data)
    assert response.status_code == 200
    assert "日期不能" in response.content.decode()
    assert not StudySession.objects.exists()
    assert client_for(alice).get(reverse("study:list")).status_code == 200


@pytest.mark.parametrize("param", ["date_to", "date_from"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_activity_lists_answer_an_extreme_date_filter_with_a_field_error(
    client_for, sam, carol, param, value
):
    pages = [
        (client_for(sam), reverse("branches:activity_list", args=[sam.branch.pk])),
        (client_for(carol), reverse("dashboard:activities")),
    ]
    for client, url in pages:
        response = client.get(url, {param: value})
        assert response.status_code == 200, url
        assert "日期不能" in response.content.decode(), url


def test_dues_paid_on_0001_01_01_and_income_valid_from_9999_12_are_refused(client_for, sam, alice):
    client = client_for(sam)
    declared = client.post(
        reverse("affairs:dues_declare", args=[alice.pk]),
        {"category": "in_service", "income": "4000", "valid_from": "9999-12"},
    )
    assert declared.status_code == 200 and "不能晚于 2031-12-31" in declared.content.decode()
    assert not DuesBase.objects.exists()
    assert (
        client.post(
            reverse("affairs:dues_declare", args=[alice.pk]),
            {"category": "in_service", "income": "4000", "valid_from": "2026-01"},
        ).status_code
        == 302
    )
    paid = client.post(
        reverse("affairs:dues_pay", args=[alice.pk]),
        {"month": "2026-01", "amount": "20.00", "method": "cash", "paid_on": "0001-01-01"},
    )
    assert paid.status_code == 200 and "不能早于 1921-07-01" in paid.content.decode()
    assert not DuesPayment.objects.exists()


def test_admin_forms_keep_the_bounds_too(admin_client):
    from tests.audit.test_admin_and_immutability import form_data
    from tests.factories import StudySessionFactory, ViolationFactory

    violation = ViolationFactory(description="未戴面罩")
    url = reverse("admin:safety_violation_change", args=[violation.pk])
    data = form_data(admin_client.get(url)) | {
        "occurred_on": "0001-01-01",
        "recorded_by": str(admin_client.user.pk),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "不能早于 1921-07-01" in response.content.decode()
    violation.refresh_from_db()
    assert violation.occurred_on.year > 1921

    session = StudySessionFactory()
    url = reverse("admin:safety_studysession_change", args=[session.pk])
    data = form_data(admin_client.get(url)) | {
        "starts_at_0": "0001-01-01",
        "starts_at_1": "00:00:00",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "不能早于 1921-07-01" in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at.year == 2026
