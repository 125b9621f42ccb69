"""Journeys through the portal in a real browser."""

import pytest

from tests.factories import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_on_a_phone_and_sees_their_branch(live_server, phone, shoot, alice):
    log_in(phone, live_server, "alice", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.locator("h1").inner_text() == "您好，李爱丽"
    assert "电解一车间党支部" in phone.locator("main").inner_text()
    # Fits the screen: no sideways scrolling at 375 px.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "member-home-phone")


def test_secretary_opens_roster_from_the_menu(live_server, desktop, shoot, sam, alice):
    log_in(desktop, live_server, "sam", PASSWORD)
    desktop.click("text=组织架构")
    desktop.click(f"a[href='/branches/{sam.branch.pk}/']")
    assert "李爱丽" in desktop.locator("table", has_text="党小组").inner_text()
    shoot(desktop, "secretary-roster")


def test_wrong_password_message_in_browser(live_server, desktop, alice):
    log_in(desktop, live_server, "alice", "wrong-password")
    assert "请输入一个正确的用户名和密码" in desktop.locator("main form").inner_text()
