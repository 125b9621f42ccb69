"""The import's pages: the template to download, a preview of many refused rows paged and
filtered, and each page's queries fixed whatever the file's size."""

import io

import pytest
from openpyxl import load_workbook

from onboarding.columns import ORGANISATION, ROSTER
from onboarding.models import ImportBatch

from .conftest import member_row, workbook_bytes


def test_the_template_has_chinese_headers_an_example_and_allowed_values(committee_client, branch_a):
    response = committee_client.get("/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["组织机构", "党员花名册", "填写说明"]
    roster = book["党员花名册"]
    assert [c.value for c in roster[1]] == [c.header for c in ROSTER.columns]
    assert roster["B2"].value == "王芳"
    assert [c.value for c in book["组织机构"][1]] == [c.header for c in ORGANISATION.columns]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in roster.data_validations.dataValidation}
    assert lists["C2"].endswith("$F$3:$F$4")  # 性别: 男、女
    help_sheet = book["填写说明"]
    values = [c.value for row in help_sheet.iter_rows() for c in row]
    assert branch_a.name in values and "男" in values and "预备党员" in values


def test_the_untouched_template_imports_nothing(committee_client, upload):
    template = committee_client.get("/import/template.xlsx").content
    upload(template)
    batch = ImportBatch.objects.get()
    assert batch.counts == {}


def _errors_file(branch, good, bad):
    rows = [member_row(f"E{i:04d}", f"党员{i}", branch) for i in range(good)]
    rows += [member_row(f"X{i:04d}", f"党员{i}", "没有这个党支部") for i in range(bad // 2)]
    rows += [
        member_row(f"Y{i:04d}", f"党员{i}", branch, 入党日期="0001-01-01")
        for i in range(bad - bad // 2)
    ]
    return workbook_bytes(None, rows)


def test_two_hundred_refused_rows_are_paged_and_filtered_by_kind(
    upload, committee_client, branch_a
):
    upload(_errors_file(branch_a.name, 20, 200))
    batch = ImportBatch.objects.get()
    page = committee_client.get(f"/import/{batch.digest}/?show=refuse")
    text = page.content.decode()
    assert text.count("data-row=") == 50
    assert "第 1 页，共 4 页" in text  # 200 refused rows, 50 a page
    dates = committee_client.get(f"/import/{batch.digest}/?show=date&page=2").content.decode()
    assert dates.count("data-row=") == 50 and "日期" in dates
    assert "所在党支部" not in dates.split("data-row=", 1)[1]
    unknown = committee_client.get(f"/import/{batch.digest}/?show=unknown").content.decode()
    assert "没有这个党支部" in unknown and "0001-01-01" not in unknown


@pytest.mark.parametrize("size", [10, 300])
def test_the_preview_runs_the_same_queries_whatever_the_file(
    upload, committee_client, branch_a, django_assert_max_num_queries, size
):
    upload(_errors_file(branch_a.name, size, size // 5))
    batch = ImportBatch.objects.get()
    # The session, the user, the batch, the filter's counts, the page's count and rows, the
    # members left out: not O(rows).
    with django_assert_max_num_queries(9):
        assert committee_client.get(f"/import/{batch.digest}/?show=refuse").status_code == 200
    with django_assert_max_num_queries(7):
        assert committee_client.get(f"/import/{batch.digest}/absent/").status_code == 200
    with django_assert_max_num_queries(6):
        assert committee_client.get("/import/").status_code == 200


def test_the_navbar_links_the_import_for_the_committee_only(client_for, carol, sam):
    assert 'href="/import/"' in client_for(carol).get("/").content.decode()
    assert 'href="/import/"' not in client_for(sam).get("/").content.decode()
