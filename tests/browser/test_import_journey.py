"""The committee brings a branch in from Excel in real Chromium: the template downloaded,
30 rows filled (3 wrong), the preview naming the 3, the file fixed, uploaded again and
confirmed, and the members on their branch's page.

Each step is a function so a journey can go on from here (a new member signing in with
their company account: `imported_member` is one of the people brought in).
"""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from branches.models import Branch, Member
from tests.factories import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRANCH = "电解三车间党支部"
WRONG = {  # row in the file → (column, cell, the fix)
    5: ("所在党支部", "电解三车间支部", BRANCH),
    12: ("入党日期", "0001-01-01", "2012-07-01"),
    20: ("姓名", "=A1&B1", "赵军"),
}


def download_template(page, live_server, folder):
    page.goto(f"{live_server.url}/import/")
    with page.expect_download() as info:
        page.click("[data-template]")
    path = Path(folder) / "template.xlsx"
    info.value.save_as(path)
    return path


def fill(template, target, rows=30, wrong=WRONG):
    """The template with the branch on the organisation sheet and `rows` members, the
    example rows overwritten; `wrong` cells put in as a careless clerk would."""
    book = load_workbook(template)
    org, roster = book["组织机构"], book["党员花名册"]
    org_row = ["电解党总支", BRANCH, "电解三车间第一党小组", "电解三车间"]
    for cell, value in zip(org[2], org_row, strict=True):
        cell.value = value
    headers = [c.value for c in roster[1]]
    for i in range(rows):
        line = i + 2
        values = {
            "工号": f"HJ{i + 1:05d}",
            "姓名": f"导入党员{i + 1}",
            "性别": "女" if i % 2 else "男",
            "所在党支部": BRANCH,
            "党小组": "电解三车间第一党小组" if i < 10 else "",
            "党员类别": "预备党员" if i % 7 == 0 else "正式党员",
            "入党日期": f"{1990 + i}-07-01",
            "岗位": "电解工",
            "联系电话": f"1390000{i:04d}",
            "电子邮箱": f"hj{i + 1:05d}@hongjun.example",
        }
        if line in wrong:
            column, cell, _fix = wrong[line]
            values[column] = cell
        for index, header in enumerate(headers, start=1):
            roster.cell(row=line, column=index, value=values[header])
    book.save(target)
    return target


def upload(page, live_server, path):
    page.goto(f"{live_server.url}/import/")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.click("form[data-upload] button[type=submit]")


def confirm(page):
    with page.expect_navigation():
        page.click("[data-confirm]")


@pytest.fixture
def imported_member(live_server, desktop, shoot, carol, tmp_path):
    log_in(desktop, live_server, "carol", PASSWORD)
    template = download_template(desktop, live_server, tmp_path)
    upload(desktop, live_server, fill(template, tmp_path / "花名册.xlsx"))

    refused = desktop.locator(".import-refuse")
    assert refused.count() == 3
    text = desktop.inner_text("main")
    assert "有3行不予导入" in text
    assert "第5行，“所在党支部”列" in text
    assert "第12行，“入党日期”列" in text
    assert "第20行，“姓名”列：公式不能导入" in text
    assert desktop.locator("[data-confirm]").count() == 0
    shoot(desktop, "journey-import-refused")
    assert not Member.objects.filter(employee_no__startswith="HJ").exists()

    fixed = {line: (column, fix, None) for line, (column, _cell, fix) in WRONG.items()}
    upload(desktop, live_server, fill(template, tmp_path / "花名册（改）.xlsx", wrong=fixed))
    assert desktop.locator(".import-refuse").count() == 0
    confirm(desktop)
    assert "以下内容已一次性全部导入" in desktop.inner_text("main")
    shoot(desktop, "journey-import-done")
    return Member.objects.get(employee_no="HJ00001")


def test_committee_imports_a_branch_from_the_template(live_server, desktop, shoot, imported_member):
    branch = Branch.objects.get(name=BRANCH)
    assert Member.objects.filter(branch=branch).count() == 30
    desktop.goto(f"{live_server.url}/branches/{branch.pk}/")
    roster = desktop.inner_text("main")
    assert "导入党员1" in roster and "赵军" in roster and "导入党员30" in roster
    assert imported_member.user.username == "HJ00001"
    shoot(desktop, "journey-import-branch")
