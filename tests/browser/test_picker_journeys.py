"""The member pickers in real Chromium: typing a name finds the member on the server."""

import pytest

from initiatives.models import Initiative
from tests.factories import PASSWORD, MemberFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick(page, field, typed, label):
    """Type into the picker of `field` and choose the option whose text holds `label`."""
    page.fill(f"#id_{field}-ts-control", typed)
    page.locator(f"#id_{field}-ts-dropdown .option", has_text=label).click()


def test_committee_picks_a_lead_and_a_team_by_typing(
    live_server, desktop, shoot, carol, alice, bob
):
    MemberFactory.create_batch(30, branch=alice.branch)
    log_in(desktop, live_server, "carol", PASSWORD)
    desktop.goto(f"{live_server.url}/initiatives/new/")
    # No member is listed until searched for.
    assert desktop.locator("select[name=lead] option[value]:not([value=''])").count() == 0
    desktop.select_option("select[name=kind]", "demonstration")
    desktop.fill("input[name=title]", "绿电铝示范")
    desktop.select_option("select[name=theme]", "green")
    desktop.fill("textarea[name=problem]", "提高绿电占比。")
    desktop.fill("textarea[name=expected_outcome]", "绿电占比40%。")
    desktop.fill("input[name=starts_on]", "2025-04-01")
    desktop.fill("input[name=ends_on]", "2025-12-31")
    pick(desktop, "lead", "爱丽", "李爱丽 · 电解一车间党支部")
    pick(desktop, "team", "包博", "包博 · 铸造车间党支部")
    pick(desktop, "team", alice.employee_no, "李爱丽")
    shoot(desktop, "journey-member-picker")
    with desktop.expect_navigation():
        desktop.locator("main button[type=submit]", has_text="保存").click()
    project = Initiative.objects.get()
    assert project.lead == alice
    assert set(project.team.all()) == {alice, bob}
