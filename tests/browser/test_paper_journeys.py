"""The printed 会议记录 in a real browser: the 打印 button on the activity page, the photos
shown, the A4 sheet on a desk at 1366 px, the record at a phone's width, and the page as
Chromium prints it (its PDF rendered to PNG for a person to look at)."""

import shutil
import subprocess

import pytest

from tests.branches.papers import attach, full_meeting, jpeg
from tests.factories import PASSWORD

from .conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def held_meeting(sam, alice):
    activity = full_meeting(sam, alice)
    attach(activity, "安全生产月动员.jpg", jpeg((1600, 1200)))
    attach(activity, "责任区划分.jpg", jpeg((1600, 1200), color=(20, 120, 60)))
    return activity


def test_secretary_prints_the_minutes_from_the_activity_page(
    live_server, desktop, shoot, sam, alice
):
    activity = held_meeting(sam, alice)
    desktop.set_viewport_size({"width": 1366, "height": 900})
    errors = []
    desktop.on("console", lambda m: m.type == "error" and errors.append(m.text))
    log_in(desktop, live_server, "sam", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/")
    desktop.goto(f"{live_server.url}{activity.get_absolute_url()}")
    desktop.click("text=打印会议记录")
    desktop.wait_for_selector("text=会议记录")
    desktop.wait_for_load_state("networkidle")
    # Both photos arrived as pictures (the address answers, the CSP lets them show).
    assert (
        desktop.evaluate(
            "[...document.images].filter(i => i.complete && i.naturalWidth > 0).length"
        )
        == 2
    )
    assert desktop.is_visible("button:has-text('打印')")
    assert errors == []
    shoot(desktop, "minutes-1366")
    desktop.emulate_media(media="print")
    assert not desktop.is_visible("button:has-text('打印')")  # the toolbar is not printed
    pdf = ARTIFACTS / "minutes-printed.pdf"
    desktop.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    assert pdf.read_bytes().startswith(b"%PDF-")
    # The printed page as a picture to look at (poppler-utils, where installed).
    if tool := shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603 (our own file)
            [tool, "-r", "80", "-png", str(pdf), str(ARTIFACTS / "minutes-printed")],
            check=True,
        )


def test_member_reads_the_minutes_on_a_phone(live_server, phone, shoot, sam, alice):
    activity = held_meeting(sam, alice)
    log_in(phone, live_server, "alice", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/activities/{activity.pk}/print/")
    phone.wait_for_selector("text=缺席人员及原因")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "minutes-375")
