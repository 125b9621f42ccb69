"""Hazards and study in a real browser: a member reports from a phone, a secretary assigns."""

import datetime

import pytest

from safety.models import Hazard
from tests.factories import PASSWORD, PNG_BYTES, HazardZoneFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_member_reports_a_hazard_with_a_photo_on_a_phone(live_server, phone, shoot, alice):
    zone = HazardZoneFactory(branch=alice.branch, name="电解槽一区")
    log_in(phone, live_server, "alice", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/hazards/report/")
    phone.select_option("select[name=zone]", str(zone.pk))
    phone.fill("textarea[name=description]", "槽沿积料，存在烫伤风险")
    phone.check("input[name=severity][value=serious]")
    phone.set_input_files(
        "input[name=photo]", {"name": "p.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.click("main button[type=submit]")
    phone.wait_for_selector("text=隐患已上报")
    hazard = Hazard.objects.get()
    assert hazard.severity == "serious" and hazard.photo
    assert "上报了隐患" in phone.locator(".timeline").inner_text()
    shoot(phone, "hazard-reported-phone")


def test_secretary_assigns_from_the_hazard_page(live_server, desktop, shoot, sam, alice):
    from tests.factories import HazardFactory

    hazard = HazardFactory(zone=HazardZoneFactory(branch=sam.branch), reported_by=alice)
    log_in(desktop, live_server, "sam", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/")
    desktop.click("text=安全生产")
    desktop.click("text=隐患排查")
    desktop.click(f"a[href='/hazards/{hazard.pk}/']")
    desktop.select_option("select[name=assignee]", str(alice.pk))
    # A month ahead: a deadline past `hongjun.dates`' bounds (e.g. 2099) is refused.
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    desktop.fill("input[name=deadline]", deadline.isoformat())
    desktop.click("button:has-text('指派整改')")
    desktop.wait_for_selector("text=已指派整改")
    hazard.refresh_from_db()
    assert hazard.status == "assigned" and hazard.assignee == alice
    shoot(desktop, "hazard-assigned")
