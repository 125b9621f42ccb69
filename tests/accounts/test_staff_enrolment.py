"""A staff account enrols its first two-factor device only with a one-time code."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StaffEnrolmentCode
from hongjun.models import AuditEntry
from tests.factories import PASSWORD

TWO_FACTOR = reverse("two_factor")


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def printed_code(username):
    out = StringIO()
    call_command("staff_enrolment_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


@pytest.fixture
def staff(carol):
    carol.user.is_staff = carol.user.is_superuser = True
    carol.user.save()
    return carol.user


@pytest.fixture
def thief(client, staff):
    """Someone who has only carol's password."""
    response = client.post(reverse("login"), {"username": "carol", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_password_alone_shows_no_secret_and_enrols_nothing(thief):
    body = thief.get(TWO_FACTOR).content.decode()
    assert "开通码" in body
    assert "data:image/svg+xml" not in body
    assert not TOTPDevice.objects.exists()
    admin = thief.get(reverse("admin:index"))
    assert admin.status_code == 302
    assert thief.get(admin.url).url.startswith(TWO_FACTOR)


def test_a_wrong_code_is_refused_in_chinese(thief):
    response = thief.post(TWO_FACTOR, {"code": "ABCDE-FGHJK"})
    assert response.status_code == 200
    assert "开通码错误、已使用或已过期" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_the_code_from_manage_py_lets_the_staff_account_enrol_and_open_the_admin(thief, staff):
    code = printed_code("carol")
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    response = thief.post(TWO_FACTOR, {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    page = thief.get(TWO_FACTOR).content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert thief.post(TWO_FACTOR, {"code": code_for(device)}).status_code == 302
    assert thief.get(reverse("admin:index")).status_code == 200
    assert AuditEntry.objects.filter(action="account.enrolment_code_used").count() == 1


def test_a_code_is_used_once(client, staff, django_user_model):
    code = printed_code("carol")
    first = client
    first.post(reverse("login"), {"username": "carol", "password": PASSWORD})
    assert first.post(TWO_FACTOR, {"code": code}).status_code == 302
    from django.test import Client

    second = Client()
    second.post(reverse("login"), {"username": "carol", "password": PASSWORD})
    response = second.post(TWO_FACTOR, {"code": code})
    assert "开通码错误、已使用或已过期" in response.content.decode()


def test_a_code_expires_after_thirty_minutes(thief):
    code = printed_code("carol")
    with time_machine.travel(datetime.timedelta(minutes=31)):
        response = thief.post(TWO_FACTOR, {"code": code})
    assert "开通码错误、已使用或已过期" in response.content.decode()


def test_five_wrong_codes_void_the_live_code(thief):
    code = printed_code("carol")
    for _ in range(5):
        thief.post(TWO_FACTOR, {"code": "AAAAA-AAAAA"})
    response = thief.post(TWO_FACTOR, {"code": code})
    assert "开通码错误、已使用或已过期" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_a_new_code_voids_the_earlier_one(thief):
    earlier = printed_code("carol")
    printed_code("carol")
    response = thief.post(TWO_FACTOR, {"code": earlier})
    assert "开通码错误、已使用或已过期" in response.content.decode()


def test_only_the_digest_of_a_code_is_stored(staff):
    code = printed_code("carol")
    row = StaffEnrolmentCode.objects.get()
    assert code.replace("-", "") not in row.code_digest
    assert len(row.code_digest) == 64


def test_a_secret_seen_before_the_code_is_not_the_one_enrolled(thief, staff):
    seen = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=False)
    thief.post(TWO_FACTOR, {"code": printed_code("carol")})
    thief.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=staff)
    assert device.pk != seen.pk and device.key != seen.key


def test_the_command_refuses_members_and_unknown_accounts(alice):
    with pytest.raises(CommandError, match="管理后台账号"):
        printed_code("alice")
    with pytest.raises(CommandError, match="no account"):
        printed_code("nobody")


def test_a_verified_administrator_issues_a_code_in_the_admin(admin_client, thief, staff):
    response = admin_client.post(
        reverse("admin:accounts_staffenrolmentcode_add"), {"user": staff.pk}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    code = re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}", body).group(0)
    row = StaffEnrolmentCode.objects.get()
    assert row.issued_by == admin_client.user
    assert thief.post(TWO_FACTOR, {"code": code}).status_code == 302


def test_the_admin_page_is_closed_to_a_staff_account_without_a_device(thief):
    response = thief.post(reverse("admin:accounts_staffenrolmentcode_add"), {"user": 1})
    assert response.status_code == 302
    assert not StaffEnrolmentCode.objects.exists()


def test_a_member_still_turns_on_two_factor_without_a_code(client_for, alice):
    body = client_for(alice).get(TWO_FACTOR).content.decode()
    assert "data:image/svg+xml" in body


def test_the_admin_page_refuses_a_member_account_with_a_message(admin_client, alice):
    response = admin_client.post(
        reverse("admin:accounts_staffenrolmentcode_add"), {"user": alice.user.pk}
    )
    assert response.status_code == 200
    assert "只有管理后台账号需要开通码" in response.content.decode()
    assert not StaffEnrolmentCode.objects.exists()
