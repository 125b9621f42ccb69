"""An activity's 会议记录 printed from the browser: what the A4 sheet says, the photos as
pictures, and who may open it."""

import pytest
from django.urls import reverse
from PIL import Image

from branches.models import ActivityAttachment
from tests.branches.papers import at, attach, full_meeting, jpeg, meeting
from tests.factories import ActivityFactory, MemberFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def print_url(activity):
    return reverse("branches:activity_print", args=[activity.pk])


def test_minutes_name_everything_an_inspector_checks(client_for, sam, alice):
    activity = full_meeting(sam, alice)
    attach(activity, "现场照片.jpg", jpeg())
    attach(activity, "签到表.pdf", b"%PDF-1.4 sign-in", kind=ActivityAttachment.Kind.SIGN_IN)

    response = client_for(sam).get(print_url(activity))

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "会议记录",
        "电解一车间党支部",
        "支部委员会",
        "党建+安全生产",
        "研究安全生产月工作",
        "2026-06-03 09:00–10:30",
        "电解一车间会议室",
        "一、传达公司安全生产月部署。",
        "学习习近平总书记关于安全生产的重要论述",
        "王强（请假：倒班）",
        "赵敏（缺席：未请假）",
        "签到表：签到表.pdf",
        "主持人（签字）：孙明",
        "记录人（签字）：李爱丽",
        "支部书记（签字）：孙明",
    ]:
        assert text in page, text
    # 应到 4, 实到 2: in the form's cells, not just somewhere on the page.
    assert "应到</th><td>4 人</td>" in page
    assert "实到</th><td>2 人</td>" in page
    photo = activity.attachments.get(kind="photo")
    assert reverse("branches:attachment_photo", args=[activity.pk, photo.pk]) in page
    assert 'href="/static/css/print.css"' in page
    assert "data-print" in page  # the 打印 button


def test_photo_is_served_small_as_a_picture(client_for, alice, sam):
    activity = meeting(sam.branch, host=sam, recorder=sam, present=[alice])
    photo = attach(activity, "合影.jpg", jpeg((4000, 3000)))
    response = client_for(alice).get(
        reverse("branches:attachment_photo", args=[activity.pk, photo.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    from io import BytesIO

    assert max(Image.open(BytesIO(response.content)).size) == 500


def test_a_pdf_filed_as_a_photo_is_named_not_pictured(client_for, sam):
    activity = meeting(sam.branch, host=sam, recorder=sam, present=[sam])
    filed = attach(activity, "扫描件.pdf", b"%PDF-1.4 scan")
    page = client_for(sam).get(print_url(activity)).content.decode()
    assert "照片：扫描件.pdf" in page
    assert "<img" not in page
    url = reverse("branches:attachment_photo", args=[activity.pk, filed.pk])
    assert client_for(sam).get(url).status_code == 404


def test_the_activity_page_has_a_print_button_for_held_activities_only(client_for, sam):
    held = meeting(sam.branch, host=sam, recorder=sam)
    planned = ActivityFactory(
        branch=sam.branch,
        status="planned",
        starts_at=at(2026, 12, 20, 9),
        ends_at=at(2026, 12, 20, 10),
    )
    client = client_for(sam)
    assert print_url(held) in client.get(held.get_absolute_url()).content.decode()
    assert print_url(planned) not in client.get(planned.get_absolute_url()).content.decode()
    assert client.get(print_url(planned)).status_code == 404


def test_scoped_like_the_activity(client_for, sam, alice, bob, carol):
    activity = meeting(sam.branch, host=sam, recorder=sam, present=[alice])
    photo = attach(activity, "合影.jpg", jpeg())
    photo_url = reverse("branches:attachment_photo", args=[activity.pk, photo.pk])
    assert client_for(alice).get(print_url(activity)).status_code == 200  # a member of it
    assert client_for(carol).get(print_url(activity)).status_code == 200  # the committee
    assert client_for(bob).get(print_url(activity)).status_code == 404  # another branch
    assert client_for(bob).get(photo_url).status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(client, sam):
    activity = meeting(sam.branch, host=sam, recorder=sam)
    response = client.get(print_url(activity))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize(("members", "photos"), [(2, 1), (30, 6)])
def test_print_view_queries_do_not_grow(
    client_for, sam, django_assert_max_num_queries, members, photos
):
    people = [MemberFactory(branch=sam.branch) for _ in range(members)]
    activity = meeting(sam.branch, host=sam, recorder=sam, present=people)
    for n in range(photos):
        attach(activity, f"照片{n}.jpg", jpeg((200, 150)))
    client = client_for(sam)
    # Session, user, actor (2), activity, attendance, attachments, secretary.
    with django_assert_max_num_queries(8):
        response = client.get(print_url(activity))
    assert response.content.decode().count("<img") == photos
