"""Every page in the navigation reads on a 375 px phone, for the member, the secretary and
the committee: nothing scrolls sideways (neither the page nor a box in it) and no table
squeezes its columns until a word breaks over lines (the activity list once stood
13,778 px tall in one-character columns).

The pages are found, not listed: every link of the rendered navbar, and the links a page
marks `data-subnav` (the party-affairs tabs, 三学's pairs and participation, the
green-power page), so a list page added to the navigation is walked without touching this
file. The demo company fills them, with the demo's own accounts.
"""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375
# Below this many characters' width a cell whose text goes over two lines has broken a word:
# a 姓名 or 党支部 split in two, a heading standing as a column of single characters.
MIN_CHARS = 4
# Not lists: signing in and the account's forms, the admin, the language switch.
NOT_LISTS = ("/accounts/", "/admin/", "/i18n/")

LINKS = """() => [...document.querySelectorAll('nav.navbar a[href], a[data-subnav][href]')]
  .map((a) => a.getAttribute('href'))"""

# What a person would see as wrong on the page: the page wider than the screen, and table
# cells narrower than MIN_CHARS characters whose text runs over more than one line.
DEFECTS = """([width, minChars]) => {
  const wide = document.documentElement.scrollWidth > width;
  const squashed = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const box = cell.getBoundingClientRect();
    const text = cell.textContent.trim();
    if (box.width <= 1 || box.height === 0 || !text || !cell.checkVisibility()) continue;
    // A heading row kept only for screen readers (clipped to one pixel) is not seen.
    if (cell.closest('thead') && cell.closest('thead').getBoundingClientRect().width <= 1) continue;
    const style = getComputedStyle(cell);
    const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner >= minChars * parseFloat(style.fontSize)) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    // Lines, not boxes: a box that overlaps the line above (a superscript) is on it.
    let lines = 0, bottom = -Infinity;
    for (const r of [...range.getClientRects()].sort((a, b) => a.top - b.top)) {
      if (r.top >= bottom - 2) lines += 1;
      bottom = Math.max(r.top >= bottom - 2 ? r.bottom : bottom, r.bottom);
    }
    if (lines > 1) squashed.push(`${text.slice(0, 12)} (${Math.round(box.width)} px)`);
  }
  // A box that scrolls sideways inside the page (a table in .table-responsive, a tab bar)
  // hides what is off to the right as surely as a wide page does.
  const scrolls = [...document.querySelectorAll('body *')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
  return {wide: wide ? document.documentElement.scrollWidth : 0, squashed, scrolls};
}"""


def nav_pages(page):
    """The site's own paths among the links of the navbar and the page's sub-navigation."""
    paths = []
    for href in page.evaluate(LINKS):
        path = urlsplit(href).path
        if href.startswith("/") and not href.startswith(NOT_LISTS) and path not in paths:
            paths.append(href)
    return paths


def walk(page, base):
    """Visit the navbar's pages, then the sub-navigation they offer; defects by path."""
    page.goto(f"{base}/")
    queue, seen, found = nav_pages(page), set(), {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(f"{base}{path}")
        assert response.ok, f"{path}: {response.status}"
        queue += [p for p in nav_pages(page) if p not in seen]
        defects = page.evaluate(DEFECTS, [WIDTH, MIN_CHARS])
        if defects["wide"] or defects["squashed"] or defects["scrolls"]:
            found[path] = defects
    return seen, found


def test_every_navigation_page_reads_on_a_phone_for_every_role(live_server, phone):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    visited, defects = {}, {}
    for role in ("member", "secretary", "committee"):
        log_in(phone, live_server, role, "redcollar-demo")
        phone.wait_for_url(f"{live_server.url}/")
        seen, found = walk(phone, live_server.url)
        visited[role] = seen
        defects.update({f"{role} {path}": d for path, d in found.items()})
        phone.context.clear_cookies()
    assert not defects, defects
    # The walk found the lists a person reaches from the menu, and each role's own.
    everyone = {"/activities/", "/initiatives/", "/hazards/", "/study/", "/zones/", "/inbox/"}
    everyone |= {"/affairs/dues/", "/affairs/transfers/", "/affairs/appraisals/"}
    assert everyone <= visited["member"], visited["member"]
    assert {"/dashboard/", "/affairs/recruitment/", "/study/mentors/"} <= visited["secretary"]
    assert {"/audit/", "/pledge/versions/", "/study/participation/"} <= visited["committee"]
