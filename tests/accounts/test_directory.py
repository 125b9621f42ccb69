"""Signing in with a company account against a real OpenLDAP server (slapd, see
directory.py): members matched by 工号, local accounts unchanged, two-factor unchanged."""

import socket
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hongjun.models import AuditEntry
from tests.factories import PASSWORD, MemberFactory

from .directory import BACKEND, PEOPLE, SERVICE, use_directory

WRONG_LOGIN = "请输入一个正确的用户名和密码"
DIRECTORY_DOWN = "公司账号暂时无法验证"


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nobody listens


@pytest.fixture
def directory(db, company_directory):
    return company_directory


@pytest.fixture
def directory_down(db, settings):
    use_directory(settings, f"ldap://127.0.0.1:{closed_port()}")


def sign_in(client, uid, password=None):
    password = password or PEOPLE[uid][1]
    return client.post(reverse("login"), {"username": uid, "password": password})


def test_directory_is_off_unless_ldap_url_is_set(settings):
    assert settings.LDAP_AUTH_URL == []
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS


def test_member_signs_in_with_company_account_and_finds_their_branch(client, directory, branch_a):
    member = MemberFactory(name="张伟", employee_no="10023", branch=branch_a, user__username="zw")
    response = sign_in(client, "zhangwei")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.user.pk)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert branch_a.name in home.content.decode()
    member.user.refresh_from_db()
    # The directory is now the account's one password: the local one is retired.
    assert not member.user.has_usable_password()
    assert client.post(reverse("logout")).status_code == 302
    assert sign_in(client, "zw", PASSWORD).status_code == 200
    entry = AuditEntry.objects.get(action="account.directory_linked")
    assert entry.actor == member.user
    assert entry.object_id == str(member.pk)


def test_member_without_an_account_gets_one_named_by_employee_number(client, directory):
    member = MemberFactory(employee_no="10025", user=None)
    assert sign_in(client, "wangfang").status_code == 302
    member.refresh_from_db()
    assert member.user.username == "10025"
    assert member.user.email == "wangfang@hongjun.test"
    assert not member.user.has_usable_password()
    # The second sign-in finds the same account and links nothing again.
    client.post(reverse("logout"))
    assert sign_in(client, "wangfang").status_code == 302
    assert get_user_model().objects.filter(username="10025").count() == 1
    assert AuditEntry.objects.filter(action="account.directory_linked").count() == 1


@pytest.mark.parametrize(
    "uid,password",
    [
        ("zhangwei", "wrong-password"),  # wrong password
        ("lisi", None),  # disabled (locked) in the directory, right password
        ("nobody", "Company-Pass-1"),  # no such account
    ],
)
def test_directory_refusals_read_as_a_wrong_password(client, directory, uid, password):
    MemberFactory(employee_no="10023")
    MemberFactory(employee_no="10024")
    response = sign_in(client, uid, password)
    assert response.status_code == 200
    assert WRONG_LOGIN in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_directory_account_matching_no_member_is_told_so(client, directory):
    response = sign_in(client, "zhaoliu")
    body = response.content.decode()
    assert response.status_code == 200
    assert "工号 99999" in body
    assert "没有对应的党员" in body
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username__in=["zhaoliu", "99999"]).exists()


def test_directory_never_takes_over_a_local_account_by_name(client, directory):
    """A local 'zhangwei' (another person) keeps its password; the directory's zhangwei,
    with no member of his 工号, does not get in as the local account."""
    local = MemberFactory(employee_no="L0001", user__username="zhangwei")
    response = sign_in(client, "zhangwei")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    local.user.refresh_from_db()
    assert local.user.has_usable_password()
    assert sign_in(client, "zhangwei", PASSWORD).status_code == 302


def test_directory_down_local_accounts_still_sign_in(client, directory_down, alice):
    started = time.monotonic()
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert time.monotonic() - started < 5


def test_directory_down_directory_user_gets_a_clear_message(client, directory_down):
    MemberFactory(employee_no="10023", user=None)
    started = time.monotonic()
    response = sign_in(client, "zhangwei")
    body = response.content.decode()
    assert response.status_code == 200
    assert DIRECTORY_DOWN in body
    assert "本地账号不受影响" in body
    assert time.monotonic() - started < 10
    # A local account's wrong password is a wrong password, whatever the directory does.
    MemberFactory(user__username="local")
    assert WRONG_LOGIN in sign_in(client, "local", "wrong").content.decode()


def test_two_factor_still_asked_of_a_directory_user(client, directory):
    member = MemberFactory(employee_no="10023")
    TOTPDevice.objects.create(user=member.user, name="app", confirmed=True)
    response = sign_in(client, "zhangwei")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login_code"))
    assert "_auth_user_id" not in client.session


def test_lockout_still_applies_to_company_accounts(client, directory):
    MemberFactory(employee_no="10023")
    for _ in range(5):
        sign_in(client, "zhangwei", "wrong-password")
    response = sign_in(client, "zhangwei")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.fixture
def directory_hangs(db, settings):
    """A directory server that accepts the connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    use_directory(settings, f"ldap://127.0.0.1:{listener.getsockname()[1]}")
    settings.LDAP_AUTH_CONNECT_TIMEOUT = settings.LDAP_AUTH_RECEIVE_TIMEOUT = 1
    yield
    listener.close()


def test_directory_that_never_answers_gives_the_clear_message_in_seconds(client, directory_hangs):
    MemberFactory(employee_no="10023", user=None)
    started = time.monotonic()
    response = sign_in(client, "zhangwei")
    assert DIRECTORY_DOWN in response.content.decode()
    assert time.monotonic() - started < 6
    assert "_auth_user_id" not in client.session


def test_service_account_searches_when_configured(client, directory, settings):
    settings.LDAP_AUTH_CONNECTION_USERNAME, settings.LDAP_AUTH_CONNECTION_PASSWORD = SERVICE
    member = MemberFactory(employee_no="10023")
    assert sign_in(client, "zhangwei").status_code == 302
    assert client.session["_auth_user_id"] == str(member.user.pk)


def test_an_account_outside_the_user_filter_cannot_sign_in(client, directory, settings):
    settings.LDAP_USER_FILTER = "(mail=*@contractor.test)"
    MemberFactory(employee_no="10023")
    response = sign_in(client, "zhangwei")
    assert WRONG_LOGIN in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_ins_while_the_directory_is_down_do_not_lock_the_account(client, directory_down):
    MemberFactory(employee_no="10023", user=None)
    for _ in range(6):
        response = sign_in(client, "zhangwei")
        assert response.status_code == 200
        assert DIRECTORY_DOWN in response.content.decode()
    # A local account's wrong passwords still count, directory or not.
    MemberFactory(user__username="local")
    for _ in range(5):
        sign_in(client, "local", "wrong")
    assert sign_in(client, "local", PASSWORD).status_code == 429
