"""What the paper tests share: an activity with attendance and real photo files."""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image

from branches.models import ActivityAttachment
from tests.factories import ActivityFactory, AttendanceFactory, MemberFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def jpeg(size=(1600, 1200), color=(200, 16, 46)):
    """A camera-sized JPEG (a plain colour: small to store, as big as a photo to decode)."""
    out = BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=85)
    return out.getvalue()


def attach(activity, name, content, kind=ActivityAttachment.Kind.PHOTO):
    return ActivityAttachment.objects.create(
        activity=activity,
        kind=kind,
        file=ContentFile(content, name=name),
        original_name=name,
        size=len(content),
    )


def full_meeting(sam, alice):
    """A 支部委员会 of four: two present, 王强 excused (倒班), 赵敏 absent (未请假), with
    第一议题; hosted by `sam`, recorded by `alice`."""
    wang = MemberFactory(name="王强", branch=sam.branch)
    zhao = MemberFactory(name="赵敏", branch=sam.branch)
    return meeting(
        sam.branch,
        host=sam,
        recorder=alice,
        present=[sam, alice],
        excused=[(wang, "倒班")],
        absent=[(zhao, "未请假")],
        first_topic=True,
        first_topic_text="学习习近平总书记关于安全生产的重要论述",
    )


def meeting(branch, host, recorder, present=(), excused=(), absent=(), **fields):
    """A held 支部委员会 with its attendance; recorded in the portal by `recorder`."""
    fields = {
        "kind": "committee_meeting",
        "topic": "研究安全生产月工作",
        "place": "电解一车间会议室",
        "content": "一、传达公司安全生产月部署。\n二、确定本支部党员责任区。",
        "starts_at": at(2026, 6, 3, 9),
        "ends_at": at(2026, 6, 3, 10, 30),
        **fields,
    }
    activity = ActivityFactory(branch=branch, host=host, created_by=recorder.user, **fields)
    for member in present:
        AttendanceFactory(activity=activity, member=member)
    for member, reason in excused:
        AttendanceFactory(activity=activity, member=member, status="excused", reason=reason)
    for member, reason in absent:
        AttendanceFactory(activity=activity, member=member, status="absent", reason=reason)
    return activity
