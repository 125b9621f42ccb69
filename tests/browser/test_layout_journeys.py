"""Layout defects a first walk found, pinned in real Chromium: a button that moved under the
pointer, branch names a printed chart dropped."""

import pytest

from tests.factories import PASSWORD, BranchFactory, MemberFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_transfer_continue_takes_one_click_after_picking_a_member(
    live_server, phone, shoot, sam, alice
):
    """Picking a member used to leave Tom Select's search box wrapped under the name while
    the picker had focus; the click on 继续 took the focus away, the box unwrapped, the
    button rose 24 px under the pointer and the click missed."""
    log_in(phone, live_server, "sam", PASSWORD)
    phone.goto(f"{live_server.url}/affairs/transfers/")
    button = phone.locator("main button[type=submit]", has_text="继续")
    phone.fill("#id_member-ts-control", "爱丽")
    phone.locator("#id_member-ts-dropdown .option", has_text="李爱丽").click()
    with phone.expect_navigation(timeout=5000):
        button.click()
    assert phone.url == f"{live_server.url}/affairs/transfers/new/{alice.pk}/"
    assert "李爱丽" in phone.locator("h1").inner_text()
    shoot(phone, "journey-transfer-continue")


# Every name the chart was given, and each on a line of its own: the ticks Chart.js kept
# after skipping (it skips labels that do not fit), and the pixels between two of them.
CHART_LABELS = """(id) => {
  const chart = Chart.getChart(document.getElementById(id));
  const axis = chart.scales.y;
  const kept = axis.ticks.map((tick) => chart.data.labels[tick.value]);
  const at = (i) => axis.getPixelForTick(i);
  const gaps = axis.ticks.slice(1).map((_, i) => at(i + 1) - at(i));
  const font = Chart.defaults.font.size;  // the portal sets no font of its own
  return {given: chart.data.labels, kept, minGap: Math.min(...gaps), font,
          shown: chart.canvas.checkVisibility()};
}"""


def test_printed_dashboard_ranking_keeps_every_branch_name(live_server, desktop, shoot, carol):
    """The ranking chart printed every other branch name: the print style gave it 260 px
    and Chart.js skipped the names that did not fit (up to 12 branches; more had a taller
    box on screen that print kept)."""
    for _ in range(10):
        MemberFactory(branch=BranchFactory())
    log_in(desktop, live_server, "carol", PASSWORD)
    desktop.goto(f"{live_server.url}/dashboard/?scope=company")
    desktop.emulate_media(media="print")
    # What the browser does before it lays the page out on paper.
    desktop.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    desktop.wait_for_function(
        "() => Chart.getChart(document.getElementById('chart-ranking')).canvas"
        ".getBoundingClientRect().height > 0"
    )
    for chart in ("chart-ranking", "chart-compliance"):
        seen = desktop.evaluate(CHART_LABELS, chart)
        assert len(seen["given"]) == 11, seen["given"]
        assert seen["shown"], chart
        assert seen["kept"] == seen["given"], chart
        assert seen["minGap"] >= seen["font"], seen  # no name drawn over the next
    shoot(desktop, "journey-dashboard-print")
