"""The branch's yearly ledger (台账) as .xlsx: read back with openpyxl."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ActivityFactory, AttendanceFactory, MemberFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def ledger_url(branch, year=2026):
    return reverse("branches:ledger_download", args=[branch.pk, year])


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def test_ledger_has_a_sheet_per_kind_with_attendance_and_first_topic(client_for, sam, alice):
    meeting = ActivityFactory(
        branch=sam.branch,
        kind="committee_meeting",
        topic="研究三月工作",
        starts_at=at(2026, 3, 5, 9),
        ends_at=at(2026, 3, 5, 10, 30),
        host=sam,
        first_topic=True,
        first_topic_text="学习二十届三中全会精神",
    )
    AttendanceFactory(activity=meeting, member=sam)
    AttendanceFactory(activity=meeting, member=alice, status="excused", reason="倒班")
    ActivityFactory(
        branch=sam.branch,
        kind="safety_talk",
        topic="有限空间作业风险",
        starts_at=at(2026, 6, 1, 9),
        ends_at=at(2026, 6, 1, 10),
    )
    ActivityFactory(
        branch=sam.branch,
        topic="去年的会",
        starts_at=at(2025, 12, 31, 20),
        ends_at=at(2025, 12, 31, 21),
    )
    ActivityFactory(
        branch=sam.branch,
        topic="计划中的会",
        status="planned",
        starts_at=at(2026, 12, 20, 9),
        ends_at=at(2026, 12, 20, 10),
    )

    book = workbook(client_for(sam).get(ledger_url(sam.branch)))

    assert book.sheetnames[0] == "汇总"
    assert {"支部委员会", "党员话安全", "支部党员大会", "组织生活会"} <= set(book.sheetnames)
    assert "四学一研讨" not in book.sheetnames  # neither held nor required
    sheet = book["支部委员会"]
    assert sheet["A1"].value == "电解一车间党支部 · 支部委员会 · 2026"
    headers = [c.value for c in sheet[2]]
    row = dict(zip(headers, [c.value for c in sheet[3]], strict=True))
    assert sheet.max_row == 3  # last year's and the planned one are not in it
    assert row["日期"] == "2026-03-05"
    assert row["时间"] == "09:00–10:30"
    assert row["主题"] == "研究三月工作"
    assert row["主持人"] == "孙明"
    assert row["第一议题"] == "是"
    assert row["第一议题学习内容"] == "学习二十届三中全会精神"
    assert (row["应到"], row["出席"], row["请假"], row["缺席"]) == (2, 1, 1, 0)
    assert row["出席人员"] == "孙明"
    assert row["请假人员（原因）"] == "李爱丽（倒班）"
    summary = {r[0].value: [c.value for c in r] for r in book["汇总"].iter_rows(min_row=3)}
    assert summary["支部委员会"] == ["支部委员会", "每月", 1, 1, 1]
    assert summary["支部党员大会"][3] == 0
    assert book["党员话安全"]["G3"].value == "有限空间作业风险"


def test_ledger_filename_names_branch_and_year(client_for, sam):
    response = client_for(sam).get(ledger_url(sam.branch))
    assert "2026" in response["Content-Disposition"]
    assert "%E5%8F%B0%E8%B4%A6" in response["Content-Disposition"]  # 台账


def test_member_may_not_download_ledger(client_for, alice):
    assert client_for(alice).get(ledger_url(alice.branch)).status_code == 403


def test_other_branch_secretary_gets_404_and_committee_any(client_for, sam, bob, carol):
    assert client_for(bob).get(ledger_url(sam.branch)).status_code == 404
    assert client_for(carol).get(ledger_url(sam.branch)).status_code == 200


def test_absurd_year_is_404(client_for, sam):
    assert client_for(sam).get(ledger_url(sam.branch, 1900)).status_code == 404


@pytest.mark.parametrize(("activities", "members"), [(2, 2), (24, 10)])
def test_ledger_queries_do_not_grow(
    client_for, sam, django_assert_max_num_queries, activities, members
):
    people = [MemberFactory(branch=sam.branch) for _ in range(members)]
    for i in range(activities):
        activity = ActivityFactory(
            branch=sam.branch,
            kind=["committee_meeting", "theme_day", "party_lecture"][i % 3],
            starts_at=at(2026, 1 + i % 12, 10, 9),
            ends_at=at(2026, 1 + i % 12, 10, 10),
        )
        for person in people:
            AttendanceFactory(activity=activity, member=person)
    client = client_for(sam)
    # Session, user, actor (2), branch, activities, attendance, attachments, rules.
    with django_assert_max_num_queries(9):
        book = workbook(client.get(ledger_url(sam.branch)))
    assert sum(book[name].max_row - 2 for name in book.sheetnames[1:]) == activities


def test_ledger_shows_photos_as_pictures_not_file_names(
    client_for, sam, settings, tmp_path, django_assert_max_num_queries
):
    from branches.models import ActivityAttachment
    from tests.branches.papers import attach, jpeg

    settings.MEDIA_ROOT = tmp_path
    meeting = ActivityFactory(
        branch=sam.branch,
        topic="研究三月工作",
        starts_at=at(2026, 3, 5, 9),
        ends_at=at(2026, 3, 5, 10),
    )
    attach(meeting, "动员会.jpg", jpeg((4000, 3000)))
    attach(meeting, "合影.jpg", jpeg((1200, 1600), color=(20, 120, 60)))
    attach(meeting, "签到表.pdf", b"%PDF-1.4 sign-in", kind=ActivityAttachment.Kind.SIGN_IN)
    client = client_for(sam)
    with django_assert_max_num_queries(9):
        book = workbook(client.get(ledger_url(sam.branch)))

    sheet = book["支部委员会"]
    headers = [c.value for c in sheet[2]]
    row = dict(zip(headers, [c.value for c in sheet[3]], strict=True))
    assert headers[-1] == "活动照片"
    assert row["佐证材料"] == "签到表:签到表.pdf"  # the photos are not listed by name
    pictures = sheet._images
    assert len(pictures) == 2
    assert {(p.width, p.height) for p in pictures} == {(160, 120), (120, 160)}
    # Both in the photo column of the activity's row, side by side, the row tall enough.
    assert {(p.anchor._from.row, p.anchor._from.col) for p in pictures} == {(2, len(headers) - 1)}
    assert sheet.row_dimensions[3].height >= 120 * 0.75
