"""Login throttling, two-factor sign-in, and the admin that requires it."""

import datetime
import time

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hongjun.models import AuditEntry
from tests.factories import PASSWORD


def code_for(device):
    """The code the user's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client, alice):
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "密码错误次数过多" in body
    assert "15 分钟" in body
    assert "_auth_user_id" not in client.session


def test_a_lock_on_one_account_does_not_lock_another(client, alice, sam):
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def alice_with_device(alice):
    return TOTPDevice.objects.create(user=alice.user, name="app", confirmed=True)


def test_user_turns_on_two_factor_by_confirming_a_code(client_for, alice):
    client = client_for(alice)
    page = client.get(reverse("two_factor"))
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=alice.user, confirmed=False)
    response = client.post(
        reverse("two_factor"), {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "验证码错误" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    # After a wrong code django-otp makes the user wait a moment before the next try.
    with time_machine.travel(datetime.timedelta(seconds=5)):
        response = client.post(reverse("two_factor"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="account.two_factor_enabled").exists()


def test_login_with_two_factor_asks_for_the_code(client, alice_with_device):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login_code"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
    response = client.post(reverse("login_code"), {"code": code_for(alice_with_device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_code_does_not_log_in(client, alice_with_device):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    wrong = "123456" if code_for(alice_with_device) != "123456" else "654321"
    response = client.post(reverse("login_code"), {"code": wrong})
    assert response.status_code == 200
    assert "验证码错误或已过期" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_step_expires(client, alice_with_device, monkeypatch):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(reverse("login_code"), {"code": code_for(alice_with_device)})
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_admin_needs_a_verified_device(client_for, carol):
    carol.user.is_staff = carol.user.is_superuser = True
    carol.user.save()
    client = client_for(carol)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    follow = client.get(response.url)
    assert follow.url.startswith(reverse("two_factor"))
    device = TOTPDevice.objects.create(user=carol.user, name="app", confirmed=True)
    client.post(reverse("two_factor"), {"code": code_for(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_sends_anonymous_to_portal_login(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_audit_log_cannot_be_changed_in_admin(client_for, carol, sam):
    carol.user.is_staff = carol.user.is_superuser = True
    carol.user.save()
    client = client_for(carol)
    device = TOTPDevice.objects.create(user=carol.user, name="app", confirmed=True)
    client.post(reverse("two_factor"), {"code": code_for(device)})
    entry = AuditEntry.objects.create(action="branch.updated", object_repr="x")
    assert client.get(reverse("admin:hongjun_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:hongjun_auditentry_add")).status_code == 403
    response = client.post(
        reverse("admin:hongjun_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
