"""Logging in and out, changing the password, and pages that need a login."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def test_login_page_is_chinese_and_branded(client, db):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "红领·铝航" in body
    assert "登录" in body
    assert "img/logo.svg" in body


def test_member_logs_in_and_lands_on_home(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "李爱丽" in client.get(reverse("home")).content.decode()


def test_wrong_password_shows_clear_message(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url", ["/", "/org/", "/branches/1/", "/members/1/edit/", "/accounts/password/"]
)
def test_pages_need_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_logout_needs_post_and_ends_session(client_for, alice):
    client = client_for(alice)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_change_password(client_for, alice):
    client = client_for(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Lvhang-2025!",
            "new_password2": "Lvhang-2025!",
        },
    )
    assert response.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password("Lvhang-2025!")


def test_change_password_rejects_weak_password_in_chinese(client_for, alice):
    client = client_for(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "这个密码太常见了" in response.content.decode()
    alice.user.refresh_from_db()
    assert alice.user.check_password(PASSWORD)


def test_login_next_does_not_redirect_off_site(client, alice):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_language_switch_to_english(client_for, alice):
    client = client_for(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in body
    assert "My branch" in body


def test_chinese_even_for_an_english_browser(client, db):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in body
