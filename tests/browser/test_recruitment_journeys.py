"""发展党员 in a real browser: a secretary records a 公示 on a phone."""

import datetime

import pytest
from django.utils import timezone

from hongjun import workdays
from tests.factories import PASSWORD, applicant_with_steps

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_records_a_notice_on_a_phone_and_the_next_step_waits(
    live_server, phone, shoot, sam
):
    today = timezone.localdate()
    days = datetime.timedelta
    activist = today - days(420)
    applicant = applicant_with_steps(
        sam.branch,
        {
            "application": activist - days(60),
            "talk": activist - days(50),
            "activist": activist,
            "activist_filed": activist,
            "contacts": activist,
            "cultivation": today - days(30),
        },
        name="周公示",
    )
    start = workdays.nth_working_day(today - days(20), 1)
    short, end = workdays.nth_working_day(start, 4), workdays.nth_working_day(start, 5)
    log_in(phone, live_server, "sam", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/affairs/recruitment/{applicant.pk}/")
    assert "发展对象公示" in phone.locator("main").inner_text()
    phone.fill("input[name=started_on]", start.isoformat())
    phone.fill("input[name=done_on]", short.isoformat())
    phone.click("text=记录此步骤")
    assert "公示期不少于5个工作日" in phone.locator("main").inner_text()
    phone.fill("input[name=done_on]", end.isoformat())
    phone.click("text=记录此步骤")
    phone.wait_for_selector(".alert-success")
    phone.fill("input[name=done_on]", end.isoformat())
    phone.click("text=记录此步骤")
    text = phone.locator("main").inner_text()
    assert f"不能早于 {(end + days(1)).isoformat()}" in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "recruitment-notice-phone")
