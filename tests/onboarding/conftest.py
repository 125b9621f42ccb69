"""Workbooks for the import's tests, written as a company would fill the template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from onboarding.columns import ORGANISATION, ROSTER

ORG_HEADERS = [c.header for c in ORGANISATION.columns]
ROSTER_HEADERS = [c.header for c in ROSTER.columns]


def member_row(no, name, branch, **extra):
    """A roster row in the template's column order."""
    values = {
        "工号": no,
        "姓名": name,
        "性别": "男",
        "所在党支部": branch,
        "党小组": "",
        "党员类别": "正式党员",
        "入党日期": "2010-07-01",
        "岗位": "电解工",
        "联系电话": "13800000000",
        "电子邮箱": f"{no.lower()}@hongjun.test",
        **extra,
    }
    return [values[h] for h in ROSTER_HEADERS]


def workbook_bytes(org=None, roster=None, org_headers=ORG_HEADERS, roster_headers=ROSTER_HEADERS):
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in [
        (ORGANISATION.title, org_headers, org),
        (ROSTER.title, roster_headers, roster),
    ]:
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_upload(data, name="花名册.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def committee_client(client_for, carol):
    return client_for(carol)


@pytest.fixture
def upload(committee_client):
    """Upload `data` as the committee; returns the response (followed)."""

    def post(data, name="花名册.xlsx", follow=True):
        return committee_client.post("/import/", {"file": as_upload(data, name)}, follow=follow)

    return post
