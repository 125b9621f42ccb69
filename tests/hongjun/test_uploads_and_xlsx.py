"""Shared pieces: upload checks by content, random names, attachment serving, workbooks."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hongjun import uploads, xlsx

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n" + b"0" * 32


def test_image_and_pdf_pass_by_content_whatever_the_name():
    uploads.validate_upload(SimpleUploadedFile("photo.pdf", PNG))
    uploads.validate_upload(SimpleUploadedFile("minutes.jpg", PDF))


def test_script_named_as_image_is_refused_in_chinese():
    with pytest.raises(ValidationError) as error:
        uploads.validate_upload(SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>"))
    assert "既不是图片" in str(error.value.messages)


def test_pdf_where_only_images_are_allowed_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.validate_image(SimpleUploadedFile("after.png", PDF))
    assert "不是图片" in error.value.messages[0]


def test_file_over_ten_megabytes_is_refused():
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.validate_upload(big)
    assert "超过 10 MB" in error.value.messages[0]


def test_random_name_keeps_only_safe_extensions():
    name = uploads.RandomName("activities")(None, "会议记录.PDF")
    assert name.startswith("activities/") and name.endswith(".pdf")
    assert "会议记录" not in name
    assert not uploads.RandomName("x")(None, "evil.html").endswith(".html")
    assert uploads.RandomName("x")(None, "a.png") != uploads.RandomName("x")(None, "a.png")


def test_serve_sends_attachment_with_sniffed_type(tmp_path, settings):
    from django.core.files.storage import FileSystemStorage
    from django.db.models.fields.files import FieldFile, FileField

    storage = FileSystemStorage(location=tmp_path)
    storage.save("f.html", io.BytesIO(PNG))
    field = FileField(storage=storage)
    field.attname = field.name = "file"
    response = uploads.serve(FieldFile(None, field, "f.html"), download_name="现场照片.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG


def test_workbook_sheet_reads_back():
    workbook = xlsx.new_workbook()
    xlsx.add_sheet(
        workbook, "支部党员大会", ["日期", "主题"], [("2026-01-05", "学习")], caption="2026 年台账"
    )
    response = xlsx.response(workbook, "台账.xlsx")
    assert response["Content-Type"] == xlsx.XLSX_TYPE
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["支部党员大会"]
    assert sheet["A1"].value == "2026 年台账"
    assert [c.value for c in sheet[2]] == ["日期", "主题"]
    assert [c.value for c in sheet[3]] == ["2026-01-05", "学习"]
