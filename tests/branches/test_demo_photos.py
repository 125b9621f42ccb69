"""The demo shows paper: the demo secretary's recent meetings carry photos, which the printed
会议记录 shows as pictures."""

from django.core.management import call_command
from django.urls import reverse

from branches.models import ActivityAttachment, Member
from hongjun import images


def test_demo_branch_meetings_have_photos_the_minutes_show(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    secretary = Member.objects.get(user__username="secretary")
    photos = ActivityAttachment.objects.filter(
        kind=ActivityAttachment.Kind.PHOTO, activity__branch=secretary.branch
    )
    # Other branches' meetings have a few small pictures too (the page's thumbnails); the
    # demo branch's recent meetings have the drawn photos the minutes print.
    photos = photos.exclude(original_name__startswith="现场照片")
    assert photos.count() >= 6
    assert images.downscale(photos[0].file) is not None  # a real picture
    client.force_login(secretary.user)
    activity = photos[0].activity
    page = client.get(reverse("branches:activity_print", args=[activity.pk])).content.decode()
    assert page.count("<img") == 2
    assert "会议现场" in page
