"""Recording a branch activity: one form and one save, with attendance, evidence and audit."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from branches import services
from branches.models import Activity, ActivityAttachment, Attendance, Role
from hongjun.models import AuditEntry
from tests.factories import (
    ActivityFactory,
    AttendanceFactory,
    MemberFactory,
    PartyGroupFactory,
    RoleFactory,
)

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)  # 18:00 in Shanghai
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def form_data(roster, **overrides):
    """A valid POST for a held 支部党员大会 on 2026-11-18, everyone on `roster` present.

    (A 支部委员会 lists its 委员 only: test_committee_meeting.py.)"""
    data = {
        "kind": "general_meeting",
        "theme": "safety",
        "status": "held",
        "date": "2026-11-18",
        "start_time": "09:00",
        "end_time": "10:30",
        "place": "二楼党员活动室",
        "host": "",
        "party_group": "",
        "topic": "研究十一月党建重点工作",
        "content": "会议研究了三项工作。",
        "first_topic": "on",
        "first_topic_text": "学习习近平总书记关于安全生产的重要论述",
        "attendance-TOTAL_FORMS": str(len(roster)),
        "attendance-INITIAL_FORMS": str(len(roster)),
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
    }
    for i, member in enumerate(roster):
        data[f"attendance-{i}-member"] = str(member.pk)
        data[f"attendance-{i}-status"] = "present"
        data[f"attendance-{i}-reason"] = ""
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(branch):
    return reverse("branches:activity_create", args=[branch.pk])


def test_form_lists_branch_roster_present_by_default(client_for, sam, alice, bob):
    body = client_for(sam).get(create_url(sam.branch)).content.decode()
    assert "记录活动" in body
    assert "李爱丽" in body and "孙明" in body
    assert "包博" not in body
    assert 'value="present" class="btn-check" id="id_attendance-0-status_0" checked' in body


def test_secretary_records_activity_with_attendance_and_evidence(client_for, sam, alice):
    roster = [alice, sam]  # the form orders by group, then name
    data = form_data(
        roster,
        host=str(sam.pk),
        **{"attendance-0-status": "excused", "attendance-0-reason": "倒班"},
    )
    data["photos"] = [
        SimpleUploadedFile("现场1.png", PNG, "image/png"),
        SimpleUploadedFile("现场2.png", PNG, "image/png"),
    ]
    data["minutes_files"] = SimpleUploadedFile("记录.pdf", PDF, "application/pdf")
    response = client_for(sam).post(create_url(sam.branch), data)

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    assert activity.branch == sam.branch
    assert activity.host == sam
    assert activity.first_topic and "安全生产" in activity.first_topic_text
    assert timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-11-18 09:00"
    statuses = {a.member.name: (a.status, a.reason) for a in activity.attendances.all()}
    assert statuses == {"李爱丽": ("excused", "倒班"), "孙明": ("present", "")}
    kinds = sorted(a.kind for a in activity.attachments.all())
    assert kinds == ["minutes", "photo", "photo"]
    entry = AuditEntry.objects.get(action="activity.created")
    assert entry.actor == sam.user
    assert entry.changes["attendance"]["李爱丽"] == "请假（倒班）"


def _post(client, branch, data):
    before = (Activity.objects.count(), Attendance.objects.count(), AuditEntry.objects.count())
    response = client.post(create_url(branch), data)
    after = (Activity.objects.count(), Attendance.objects.count(), AuditEntry.objects.count())
    assert response.status_code == 200
    assert before == after, "nothing may be saved"
    return response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "08:00"}, "结束时间不能早于开始时间"),
        ({"date": "2026-11-25"}, "已开展的活动，开始时间不能晚于现在"),
        ({"date": "2027-12-01", "status": "planned"}, "活动日期不能晚于一年以后"),
        ({"date": "2026-11-01", "status": "planned"}, "活动已经开始，请选择“已开展”并记录出勤"),
        ({"topic": "  "}, "这个字段是必填项"),
        ({"first_topic_text": ""}, "请填写“第一议题”学习的内容"),
        ({"date": "2026-02-30"}, "输入一个有效的日期"),
        ({"kind": "party_dinner"}, "选择一个有效的选项"),
        ({"attendance-0-status": "absent"}, "请假或缺席须填写原因"),
    ],
)
def test_form_refuses_bad_input_in_chinese(client_for, sam, alice, overrides, message):
    body = _post(client_for(sam), sam.branch, form_data([alice, sam], **overrides))
    assert message in body


def test_attendee_from_another_branch_is_refused(client_for, sam, alice, bob):
    body = _post(client_for(sam), sam.branch, form_data([alice, bob]))
    assert "该人员不在本支部党员名册中" in body


def test_same_member_twice_is_refused(client_for, sam, alice):
    body = _post(client_for(sam), sam.branch, form_data([alice, alice]))
    assert "该党员重复出现" in body


def test_party_group_of_another_branch_is_refused(client_for, sam, alice, bob):
    foreign = PartyGroupFactory(branch=bob.branch)
    body = _post(client_for(sam), sam.branch, form_data([alice], party_group=str(foreign.pk)))
    assert "选择一个有效的选项" in body


def test_attachment_over_10_mb_is_refused(client_for, sam, alice):
    data = form_data([alice])
    big = PDF + b"0" * (10 * 1024 * 1024)
    data["minutes_files"] = SimpleUploadedFile("记录.pdf", big, "application/pdf")
    body = _post(client_for(sam), sam.branch, data)
    assert "文件超过 10 MB" in body
    assert not ActivityAttachment.objects.exists()


def test_attachment_is_checked_by_content_not_name(client_for, sam, alice):
    data = form_data([alice])
    data["sign_in_sheets"] = SimpleUploadedFile(
        "签到表.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
    )
    body = _post(client_for(sam), sam.branch, data)
    assert "签到表.pdf：文件既不是图片" in body


def test_photo_field_takes_images_only(client_for, sam, alice):
    data = form_data([alice])
    data["photos"] = SimpleUploadedFile("照片.pdf", PDF, "application/pdf")
    body = _post(client_for(sam), sam.branch, data)
    assert "文件不是图片" in body


def test_planned_activity_is_saved_without_attendance(client_for, sam, alice):
    data = form_data([alice], status="planned", date="2026-11-28", first_topic=None)
    response = client_for(sam).post(create_url(sam.branch), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.status == Activity.Status.PLANNED
    assert not activity.attendances.exists()


def test_group_meeting_records_only_that_groups_members(client_for, sam, alice):
    group = PartyGroupFactory(branch=sam.branch, name="第一党小组")
    alice.party_group = group
    alice.save()
    data = form_data([alice, sam], kind="group_meeting", party_group=str(group.pk))
    assert client_for(sam).post(create_url(sam.branch), data).status_code == 302
    assert [a.member for a in Attendance.objects.all()] == [alice]


def test_activity_and_attendance_are_saved_together_or_not_at_all(sam, alice):
    data = {
        "kind": "committee_meeting",
        "theme": "safety",
        "status": "held",
        "starts_at": NOW - datetime.timedelta(days=1),
        "ends_at": NOW - datetime.timedelta(days=1) + datetime.timedelta(hours=1),
        "place": "会议室",
        "host": None,
        "party_group": None,
        "topic": "研究工作",
        "content": "",
        "first_topic": False,
        "first_topic_text": "",
    }
    twice = [{"member": alice, "status": "present"}, {"member": alice, "status": "present"}]
    with pytest.raises(IntegrityError):
        services.create_activity(sam.branch, data, twice, [], by=sam.user)
    assert not Activity.objects.exists()
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.exists()


def test_secretary_edits_attendance_and_the_change_is_audited(client_for, sam, alice):
    activity = ActivityFactory(branch=sam.branch, starts_at=NOW - datetime.timedelta(days=2))
    AttendanceFactory(activity=activity, member=alice)
    AttendanceFactory(activity=activity, member=sam)
    data = form_data(
        [alice, sam],
        date=timezone.localtime(activity.starts_at).strftime("%Y-%m-%d"),
        start_time=timezone.localtime(activity.starts_at).strftime("%H:%M"),
        end_time=timezone.localtime(activity.ends_at).strftime("%H:%M"),
        place="三楼会议室",
        **{"attendance-0-status": "absent", "attendance-0-reason": "临时抢修"},
    )
    response = client_for(sam).post(reverse("branches:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302
    assert Attendance.objects.get(member=alice).status == "absent"
    entry = AuditEntry.objects.get(action="activity.updated")
    assert entry.changes["place"] == ["党员活动室", "三楼会议室"]
    assert entry.changes["attendance"] == {"李爱丽": ["出席", "缺席（临时抢修）"]}
    page = client_for(sam).get(activity.get_absolute_url()).content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    assert "孙明 修改了活动" in text and "李爱丽：出席 → 缺席（临时抢修）" in text


def test_edit_removes_an_attachment(client_for, sam, alice):
    activity = ActivityFactory(branch=sam.branch, starts_at=NOW - datetime.timedelta(days=2))
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        kind="photo",
        file=SimpleUploadedFile("a.png", PNG),
        original_name="a.png",
        size=len(PNG),
    )
    start = timezone.localtime(activity.starts_at)
    data = form_data(
        [alice, sam],
        date=start.strftime("%Y-%m-%d"),
        start_time=start.strftime("%H:%M"),
        end_time=timezone.localtime(activity.ends_at).strftime("%H:%M"),
        remove_attachments=str(attachment.pk),
    )
    assert (
        client_for(sam)
        .post(reverse("branches:activity_edit", args=[activity.pk]), data)
        .status_code
        == 302
    )
    assert not ActivityAttachment.objects.exists()
    assert AuditEntry.objects.get(action="activity.updated").changes["attachments_removed"] == [
        "a.png"
    ]


# Who may do what ------------------------------------------------------------------------


def test_member_may_read_but_not_record_or_edit(client_for, alice):
    activity = ActivityFactory(branch=alice.branch)
    client = client_for(alice)
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert client.get(create_url(alice.branch)).status_code == 403
    assert client.post(create_url(alice.branch), form_data([alice])).status_code == 403
    assert client.get(reverse("branches:activity_edit", args=[activity.pk])).status_code == 403
    assert Activity.objects.count() == 1


def test_other_branch_gets_404_everywhere(client_for, sam, alice, bob):
    activity = ActivityFactory(branch=sam.branch)
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        kind="photo",
        file=SimpleUploadedFile("a.png", PNG),
        original_name="a.png",
    )
    client = client_for(bob)
    for url in (
        activity.get_absolute_url(),
        reverse("branches:activity_edit", args=[activity.pk]),
        reverse("branches:attachment_download", args=[activity.pk, attachment.pk]),
        reverse("branches:activity_list", args=[sam.branch.pk]),
        create_url(sam.branch),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(create_url(sam.branch), form_data([alice])).status_code == 404
    assert Activity.objects.count() == 1


def test_branch_committee_member_and_party_committee_may_record(client_for, alice, carol, sam):
    RoleFactory(member=alice, kind=Role.Kind.BRANCH_COMMITTEE, branch=alice.branch)
    assert client_for(alice).post(create_url(alice.branch), form_data([alice])).status_code == 302
    response = client_for(carol).post(create_url(alice.branch), form_data([alice, sam]))
    assert response.status_code == 302
    assert Activity.objects.filter(branch=alice.branch).count() == 2


def test_branch_member_downloads_evidence_as_attachment(client_for, alice):
    activity = ActivityFactory(branch=alice.branch)
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        kind="minutes",
        file=SimpleUploadedFile("x.pdf", PDF),
        original_name="记录.pdf",
    )
    response = client_for(alice).get(
        reverse("branches:attachment_download", args=[activity.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_activities_menu_leads_to_own_branch_or_matrix(client_for, alice, carol):
    response = client_for(alice).get(reverse("branches:activity_home"))
    assert response.url == reverse("branches:activity_list", args=[alice.branch.pk])
    response = client_for(carol).get(reverse("branches:activity_home"))
    assert response.url == reverse("branches:compliance_matrix")


# List and detail ------------------------------------------------------------------------


def test_list_filters_by_kind_theme_date_and_searches_topics(client_for, alice):
    ActivityFactory(branch=alice.branch, topic="学习安全规程", kind="theme_day", theme="safety")
    ActivityFactory(branch=alice.branch, topic="绿色低碳志愿服务", kind="theme_day", theme="green")
    ActivityFactory(
        branch=alice.branch,
        topic="研究年度工作",
        starts_at=NOW - datetime.timedelta(days=90),
    )
    url = reverse("branches:activity_list", args=[alice.branch.pk])
    client = client_for(alice)

    def topics(**params):
        return {a.topic for a in client.get(url, params).context["page"]}

    assert topics(kind="theme_day") == {"学习安全规程", "绿色低碳志愿服务"}
    assert topics(theme="green") == {"绿色低碳志愿服务"}
    assert topics(q="安全") == {"学习安全规程"}
    assert topics(date_to="2026-09-01") == {"研究年度工作"}
    assert topics(date_from="2026-11-01", kind="theme_day", theme="safety") == {"学习安全规程"}


def test_topic_search_ignores_case_for_latin_words_and_reads_first_topics(client_for, alice):
    ActivityFactory(branch=alice.branch, topic="AI 安全培训")
    ActivityFactory(
        branch=alice.branch, topic="支委会", first_topic=True, first_topic_text="学习党章"
    )
    url = reverse("branches:activity_list", args=[alice.branch.pk])
    client = client_for(alice)

    def topics(q):
        return {a.topic for a in client.get(url, {"q": q}).context["page"]}

    # Latin words in any case; Chinese (no case) by a plain LIKE, in topics and 第一议题.
    assert topics("ai") == topics("Ai") == {"AI 安全培训"}
    assert topics("党章") == {"支委会"}
    assert topics("安全培") == {"AI 安全培训"}


def test_list_shows_other_branches_nothing(client_for, alice, bob):
    ActivityFactory(branch=bob.branch, topic="铸造车间的会")
    body = client_for(alice).get(reverse("branches:activity_list", args=[alice.branch.pk]))
    assert "铸造车间的会" not in body.content.decode()


def test_detail_shows_attendance_and_first_topic(client_for, alice, sam):
    activity = ActivityFactory(
        branch=alice.branch, first_topic=True, first_topic_text="学习二十届三中全会精神"
    )
    AttendanceFactory(activity=activity, member=alice, status="excused", reason="出差")
    AttendanceFactory(activity=activity, member=sam)
    body = client_for(alice).get(activity.get_absolute_url()).content.decode()
    assert "学习二十届三中全会精神" in body
    assert "李爱丽（出差）" in body
    assert "应到 2 人，实到 1 人" in body
    assert "修改记录" not in body  # the history is for those who keep the record


def _fill(branch, activities, members):
    people = [MemberFactory(branch=branch) for _ in range(members)]
    group = PartyGroupFactory(branch=branch)
    for i in range(activities):
        activity = ActivityFactory(
            branch=branch, party_group=group if i % 2 else None, host=people[0]
        )
        Attendance.objects.bulk_create(
            Attendance(activity=activity, member=m, status="present") for m in people
        )
        ActivityAttachment.objects.create(
            activity=activity, kind="photo", file="activities/x.png", original_name="x.png"
        )
    return activity


# Not O(activities) or O(members): the list is one page query plus its count, the detail
# prefetches attendance and evidence; sessions, the user and the access rules add the rest.
LIST_QUERIES = 9
DETAIL_QUERIES = 9


@pytest.mark.parametrize(("activities", "members"), [(2, 2), (30, 12)])
def test_list_and_detail_queries_do_not_grow(
    client_for, sam, django_assert_max_num_queries, activities, members
):
    last = _fill(sam.branch, activities, members)
    client = client_for(sam)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert (
            client.get(reverse("branches:activity_list", args=[sam.branch.pk])).status_code == 200
        )
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert client.get(last.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("members", [2, 25])
def test_form_queries_do_not_grow_with_roster(
    client_for, sam, django_assert_max_num_queries, members
):
    _fill(sam.branch, 1, members)
    client = client_for(sam)
    # Session, user, actor (2), branch, roster, host and group choices: not O(members).
    with django_assert_max_num_queries(9):
        assert client.get(create_url(sam.branch)).status_code == 200


def test_edit_form_keeps_recorded_members_who_have_left(client_for, sam, alice, bob):
    """The roster of an edit: the branch's active members and whoever is on the record,
    and nobody else."""
    activity = ActivityFactory(branch=sam.branch, starts_at=NOW - datetime.timedelta(days=2))
    moved = MemberFactory(name="调走的人", branch=bob.branch)
    retired = MemberFactory(name="退休的人", branch=sam.branch, is_active=False)
    MemberFactory(name="从未出席", branch=sam.branch, is_active=False)
    for member in (alice, moved, retired):
        AttendanceFactory(activity=activity, member=member, status="excused", reason="外出")
    response = client_for(sam).get(reverse("branches:activity_edit", args=[activity.pk]))
    roster = [form.member_obj.name for form in response.context["formset"]]
    assert sorted(roster) == sorted(["李爱丽", "孙明", "调走的人", "退休的人"])
    body = response.content.decode()
    assert "包博" not in body and "从未出席" not in body
    row = body[body.index("调走的人") :]
    assert 'value="excused" class="btn-check"' in row and 'value="外出"' in row


def test_attendance_rows_are_what_djangos_widgets_write(client_for, sam, alice):
    """The rows' template (branches/includes/attendance_rows.html) writes each input as
    the form's own widgets render it, posted values and errors included, hostile text
    escaped."""
    group = PartyGroupFactory(branch=sam.branch, name="第一<党小组>")
    alice.party_group = group
    alice.save()
    data = form_data(
        [alice, sam],
        **{
            "attendance-0-status": "absent",
            "attendance-0-reason": "",
            "attendance-1-status": "excused",
            "attendance-1-reason": '"><script>x</script>',
            "attendance-1-member": "9999999",
        },
    )
    response = client_for(sam).post(create_url(sam.branch), data)
    assert response.status_code == 200
    body = response.content.decode()
    formset = response.context["formset"]
    for form in formset:
        assert str(form["member"]) in body
        for choice in form["status"]:
            assert str(choice.tag()) in body
    assert "第一&lt;党小组&gt;" in body and "<script>x" not in body
    assert "请假或缺席须填写原因" in body and "该人员不在本支部党员名册中" in body
    assert 'class="form-control form-control-sm is-invalid"' in body
    assert f'data-group="{group.pk}"' in body


@pytest.mark.parametrize("members", [2, 25])
def test_edit_form_queries_do_not_grow_with_roster(
    client_for, sam, django_assert_max_num_queries, members
):
    activity = _fill(sam.branch, 1, members)
    client = client_for(sam)
    # Session, user, actor (2), activity, roster, recorded attendance, host and group
    # choices, reminders badge, the attachments to remove (read twice, the template's test
    # and the checkboxes): not O(members).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("branches:activity_edit", args=[activity.pk]))
    assert len(response.context["formset"].forms) == members + 1  # and sam


@pytest.mark.parametrize(
    ("total", "initial", "message"),
    [
        ("-5", "0", "表单的行数不完整"),
        ("-5", "-5", "表单的行数不完整"),
        ("0", "2", "表单的行数不完整"),
        ("0", "0", "请记录支部党员的出席情况"),
        ("100000", "2", "1000"),
    ],
)
def test_a_forged_attendance_count_is_a_form_error_and_saves_nothing(
    client_for, sam, alice, total, initial, message
):
    data = form_data(
        [alice, sam], **{"attendance-TOTAL_FORMS": total, "attendance-INITIAL_FORMS": initial}
    )
    response = client_for(sam).post(create_url(sam.branch), data)
    assert response.status_code == 200
    assert message in str(response.context["formset"].non_form_errors())
    assert message in response.content.decode()
    assert not Activity.objects.exists() and not Attendance.objects.exists()
