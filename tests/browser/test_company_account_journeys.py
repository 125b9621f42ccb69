"""A new member signs in with the company account (a real slapd) on a phone, finds their
branch, and chooses where reminders reach them."""

import pytest

from reminders.models import ReminderPreference
from tests.accounts.directory import PEOPLE
from tests.factories import MemberFactory

from .test_portal_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_member_signs_in_with_company_account_and_picks_channels(
    live_server,
    phone,
    shoot,
    settings,
    company_directory,
    branch_a,
):
    settings.WECOM_ROBOT_KEY = "robot-key"
    settings.DINGTALK_ROBOT_TOKEN = "robot-token"
    member = MemberFactory(name="王芳", employee_no="10025", branch=branch_a, user=None)
    log_in(phone, live_server, "wangfang", PEOPLE["wangfang"][1])
    phone.wait_for_url(f"{live_server.url}/")
    assert branch_a.name in phone.locator("main").inner_text()
    phone.goto(f"{live_server.url}/settings/reminders/")
    switch = phone.locator("#id_activity__wecom")
    assert switch.is_checked()
    box = phone.locator(".channel-switches .form-check").first.bounding_box()
    assert box["height"] >= 44
    phone.locator("label[for=id_activity__wecom]").tap()
    phone.click("main button[type=submit]")
    assert "提醒设置已保存" in phone.locator("body").inner_text()
    shoot(phone, "company-account-reminder-settings")
    member.refresh_from_db()
    choice = ReminderPreference.objects.get(user=member.user, kind="activity")
    assert not choice.wecom_enabled and choice.email_enabled and choice.dingtalk_enabled
