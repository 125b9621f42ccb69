"""What a hostile or careless workbook gets: row errors or a form error, never a 500, and
nothing saved."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from branches.models import Member
from onboarding.models import ImportBatch

from .conftest import ROSTER_HEADERS, member_row, workbook_bytes

NAME = ROSTER_HEADERS.index("姓名")
POST = ROSTER_HEADERS.index("岗位")
JOINED = ROSTER_HEADERS.index("入党日期")


@pytest.fixture
def branch(branch_a):
    return branch_a.name


def _errors(response):
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    return {row.line: row.errors for row in batch.rows.exclude(errors=[])}


def _one_row(upload, branch, **cells):
    row = member_row("E0001", "王芳", branch)
    for header, value in cells.items():
        row[ROSTER_HEADERS.index(header)] = value
    return _errors(upload(workbook_bytes(None, [row])))


def test_a_formula_is_refused_not_computed(upload, branch):
    errors = _one_row(upload, branch, 姓名='=HYPERLINK("http://x","点击")')
    assert errors[2][0][:2] == ["姓名", "formula"]


def test_markup_is_refused_and_never_rendered(upload, branch):
    response = upload(
        workbook_bytes(None, [member_row("E0001", "<script>alert(1)</script>", branch)])
    )
    assert _errors(response)[2][0][:2] == ["姓名", "formula"]
    assert "<script>alert" not in response.content.decode()


def test_ten_megabytes_of_text_is_a_row_error(upload, branch):
    errors = _one_row(upload, branch, 岗位="铝" * (10 * 1024 * 1024))
    assert errors[2][0][:2] == ["岗位", "too_long"]


@pytest.mark.parametrize("value", ["0001-01-01", "1900-01-01", "2999-01-01", "明年"])
def test_dates_out_of_range_or_not_dates_are_row_errors(upload, branch, value):
    errors = _one_row(upload, branch, 入党日期=value)
    assert errors[2][0][0] == "入党日期"
    assert errors[2][0][1] in {"date", "format"}


def test_full_width_digits_are_read_as_digits(upload, committee_client, branch):
    row = member_row("ＨＪ１２３", "王芳", branch)
    row[JOINED] = "２０１０－０７－０１"
    row[ROSTER_HEADERS.index("联系电话")] = "１３９００００００００"
    upload(workbook_bytes(None, [row]))
    batch = ImportBatch.objects.get()
    assert batch.refused == 0
    committee_client.post(f"/import/{batch.digest}/confirm/")
    member = Member.objects.get(employee_no="HJ123")
    assert (str(member.joined_on), member.phone) == ("2010-07-01", "13900000000")


def test_a_merged_cell_leaves_the_rows_below_it_empty(upload, branch):
    book = Workbook()
    sheet = book.active
    sheet.title = "党员花名册"
    sheet.append(ROSTER_HEADERS)
    sheet.append(member_row("E0001", "王芳", branch))
    sheet.append(member_row("E0002", "", branch))
    sheet.merge_cells(start_row=2, start_column=NAME + 1, end_row=3, end_column=NAME + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    errors = _errors(upload(buffer.getvalue()))
    assert errors[3][0][:2] == ["姓名", "required"]


def _form_error(response):
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    return response.context["form"].errors["file"][0]


def test_a_file_that_is_not_a_zip_is_a_form_error(upload):
    assert "不是Excel工作簿" in _form_error(upload(b"just some text, renamed to .xlsx"))


def test_a_zip_that_is_not_a_workbook_is_a_form_error(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "不是Excel工作簿" in _form_error(upload(buffer.getvalue()))


def test_a_zip_bomb_is_refused_before_it_is_unpacked(upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "解压后超过" in _form_error(upload(buffer.getvalue()))


def test_a_damaged_workbook_is_a_form_error(upload, branch):
    data = bytearray(workbook_bytes(None, [member_row("E0001", "王芳", branch)]))
    data[len(data) // 2 : len(data) // 2 + 200] = b"x" * 200
    assert "Excel" in _form_error(upload(bytes(data)))


def test_a_file_over_the_limit_is_refused(upload):
    assert "5 MB" in _form_error(upload(b"PK" + b"\0" * (5 * 1024 * 1024 + 1)))


def test_a_missing_required_column_is_a_form_error(upload, branch):
    headers = [h for h in ROSTER_HEADERS if h != "工号"]
    data = workbook_bytes(None, [member_row("E0001", "王芳", branch)[1:]], roster_headers=headers)
    assert "缺少“工号”列" in _form_error(upload(data))


def test_a_workbook_without_either_sheet_is_a_form_error(upload):
    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    assert "组织机构" in _form_error(upload(buffer.getvalue()))


def test_a_repeated_employee_no_is_refused_on_the_later_row(upload, branch):
    rows = [member_row("E0001", "王芳", branch), member_row("E0001", "李娜", branch)]
    errors = _errors(upload(workbook_bytes(None, rows)))
    assert list(errors) == [3]
    assert errors[3][0][1] == "duplicate" and "第2行" in errors[3][0][2]


def test_extra_columns_are_named_as_not_imported(upload, branch):
    headers = [*ROSTER_HEADERS, "民族"]
    response = upload(
        workbook_bytes(
            None, [[*member_row("E0001", "王芳", branch), "汉族"]], roster_headers=headers
        )
    )
    assert ImportBatch.objects.get().ignored_headers == ["民族"]
    assert "未导入的列：民族" in response.content.decode()
