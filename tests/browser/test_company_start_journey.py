"""Issue 21's proof, one story in real Chromium: the committee downloads the template,
fills 30 rows (3 wrong), reads the preview naming the 3, fixes the file and imports it
(test_import_journey's steps); then one of the people brought in, whose 工号 the company's
directory (a real slapd) also holds, signs in on a phone with the company account and
finds their branch.
"""

import pytest

from branches.models import Member
from tests.accounts.directory import person

from .conftest import log_in
from .test_import_journey import BRANCH, imported_member  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The new member's company account: a directory name that is not their portal login (the
# 工号), as in most companies; only the 工号 joins the two.
UID, PASSWORD = "daoru.yi", "Company-Pass-7"


@pytest.fixture
def company_account(company_directory, directory_entries):
    """The company's directory has the account before the committee imports anyone."""
    directory_entries(person(UID, "HJ00001", PASSWORD))


def test_company_imports_its_members_and_one_signs_in_with_the_company_account(
    live_server,
    phone,
    shoot,
    company_account,
    imported_member,  # noqa: F811 (the fixture imported above)
):
    account = imported_member.user
    assert not account.has_usable_password()  # the import gives no portal password

    log_in(phone, live_server, UID, PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    main = phone.locator("main").inner_text()
    assert "我的支部" in main and BRANCH in main
    assert "电解三车间第一党小组 · 预备党员" in main  # their party group and status in the file
    shoot(phone, "journey-company-start-landing")
    # The directory's account is the imported one, not a second account for the 工号.
    assert Member.objects.get(employee_no="HJ00001").user_id == account.pk

    phone.click(f"main a:has-text('{BRANCH}')")
    phone.wait_for_url(f"{live_server.url}{imported_member.branch.get_absolute_url()}")
    page = phone.locator("main").inner_text()
    assert BRANCH in page and "导入党员1" in page
    shoot(phone, "journey-company-start-branch")
