"""The three journeys the trust issue names, in real headless Chromium.

A secretary logs a 主题党日 with attendance and a photo and finds it in the ledger; a member
on a 375-pixel phone signs the pledge and opens the receipt; the committee opens the
dashboard, clicks through a chart to the records and downloads an .xlsx.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from branches.models import Activity, ActivityKind, Attendance
from safety.pledges import services as safety_services
from tests.factories import PASSWORD, PNG_BYTES, ActivityFactory, PledgeVersionFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_logs_a_theme_day_and_finds_it_in_the_ledger(
    live_server, desktop, shoot, sam, alice, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    log_in(desktop, live_server, "sam", PASSWORD)
    desktop.goto(f"{live_server.url}/branches/{sam.branch.pk}/")
    desktop.click("text=记录活动")
    desktop.select_option("select[name=kind]", ActivityKind.THEME_DAY)
    desktop.select_option("select[name=theme]", "safety")
    desktop.fill("input[name=date]", yesterday.isoformat())
    desktop.fill("input[name=start_time]", "14:00")
    desktop.fill("input[name=end_time]", "16:00")
    desktop.fill("input[name=place]", "电解一车间党员活动室")
    desktop.fill("input[name=topic]", "主题党日：安全生产月")
    desktop.fill("textarea[name=content]", "重温入党誓词，学习安全规程。")
    desktop.set_input_files(
        "input[name=photos]",
        files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG_BYTES}],
    )
    # The roster comes filled in as present; mark alice excused with a reason.
    row = desktop.locator("li.attendance-row", has_text="李爱丽")
    row.locator("label", has_text="请假").click()
    row.locator(".attendance-reason input").fill("倒班")
    desktop.click("#activity-form button[type=submit]")
    desktop.wait_for_selector("text=主题党日：安全生产月")

    activity = Activity.objects.get(topic="主题党日：安全生产月")
    assert activity.attachments.count() == 1
    assert Attendance.objects.get(activity=activity, member=alice).status == "excused"

    with desktop.expect_download() as download:
        desktop.goto(f"{live_server.url}/branches/{sam.branch.pk}/")
        desktop.click("text=台账")
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = next(ws for ws in workbook.worksheets if "主题党日" in ws.title)
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("主题党日：安全生产月" in c for c in cells)
    assert any("李爱丽" in c and "倒班" in c for c in cells)
    desktop.goto(f"{live_server.url}/activities/{activity.pk}/")
    shoot(desktop, "journey-secretary-activity")


def test_member_signs_the_pledge_on_a_phone_and_opens_the_receipt(
    live_server, phone, shoot, alice, carol
):
    version = PledgeVersionFactory(year=timezone.localdate().year, title="党员身边无违章承诺书")
    safety_services.publish_version(version, by=carol.user)
    log_in(phone, live_server, "alice", PASSWORD)
    phone.click("main a[href='/pledge/']")
    phone.fill("input[name=typed_name]", "李爱丽")
    phone.click("button.pledge-button")
    phone.wait_for_selector("text=验证码")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    body = phone.locator("main").inner_text()
    assert "李爱丽" in body and "党员身边无违章承诺书" in body
    shoot(phone, "journey-member-pledge-receipt")


def test_committee_clicks_a_chart_through_to_records_and_downloads_a_table(
    live_server, desktop, shoot, carol, sam
):
    ActivityFactory(branch=sam.branch, kind=ActivityKind.THEME_DAY, topic="主题党日：学习二十大")
    log_in(desktop, live_server, "carol", PASSWORD)
    desktop.goto(f"{live_server.url}/dashboard/")
    desktop.wait_for_function("window.Chart && Chart.getChart('chart-kinds')")
    # Click the first bar of "activities by kind" where Chart.js drew it.
    x, y = desktop.evaluate(
        """() => { const chart = Chart.getChart('chart-kinds');
                   const bar = chart.getDatasetMeta(0).data[0].getProps(["x", "y"], true);
                   return [bar.x, bar.y]; }"""
    )
    desktop.locator("#chart-kinds").scroll_into_view_if_needed()
    box = desktop.locator("#chart-kinds").bounding_box()
    with desktop.expect_navigation():
        desktop.mouse.click(box["x"] + x - 2, box["y"] + y)
    assert "主题党日：学习二十大" in desktop.locator("main").inner_text()
    shoot(desktop, "journey-committee-drilldown")

    desktop.go_back()
    with desktop.expect_download() as download:
        desktop.locator("a", has_text="下载 .xlsx").first.click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert workbook.worksheets and workbook.worksheets[0].max_row >= 2
