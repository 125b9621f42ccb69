"""Evidence photos show as thumbnails on the activity, project and hazard pages, served
through the same access-checked views as the files; other files stay links."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from branches.models import ActivityAttachment
from hongjun import uploads
from initiatives.models import Evidence, Initiative
from tests.factories import (
    ActivityFactory,
    HazardFactory,
    InitiativeFactory,
    ProgressReportFactory,
)

PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo(name="现场.jpg", size=(2400, 1800), fmt="JPEG"):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue())


def thumb_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "Content-Disposition" not in response  # shown in the page, not downloaded
    image = Image.open(io.BytesIO(response.content))
    return image.size


@pytest.fixture
def evidence(sam):
    activity = ActivityFactory(branch=sam.branch)
    shot = ActivityAttachment.objects.create(
        activity=activity, kind="photo", file=photo(), original_name="现场.jpg"
    )
    minutes = ActivityAttachment.objects.create(
        activity=activity,
        kind="minutes",
        file=SimpleUploadedFile("m.pdf", PDF),
        original_name="记录.pdf",
    )
    return activity, shot, minutes


def test_activity_page_shows_photos_as_thumbnails_and_other_files_as_links(
    client_for, alice, evidence
):
    activity, shot, minutes = evidence
    body = client_for(alice).get(activity.get_absolute_url()).content.decode()
    shot_url = reverse("branches:attachment_download", args=[activity.pk, shot.pk])
    minutes_url = reverse("branches:attachment_download", args=[activity.pk, minutes.pk])
    assert f'<a href="{shot_url}" title="现场.jpg"><img src="{shot_url}?size=thumb"' in body
    assert f'<a href="{minutes_url}">记录.pdf</a>' in body
    assert f'src="{minutes_url}?size=thumb"' not in body


def test_thumbnail_is_a_small_jpeg_and_the_full_file_still_downloads(client_for, alice, evidence):
    activity, shot, _minutes = evidence
    url = reverse("branches:attachment_download", args=[activity.pk, shot.pk])
    client = client_for(alice)
    width, height = thumb_of(client.get(url, {"size": "thumb"}))
    assert max(width, height) == uploads.THUMBNAIL_PX and width / height == pytest.approx(
        4 / 3, 0.01
    )
    full = client.get(url)
    assert "attachment" in full["Content-Disposition"]
    assert Image.open(io.BytesIO(b"".join(full.streaming_content))).size == (2400, 1800)


def test_a_pdf_has_no_thumbnail(client_for, alice, evidence):
    activity, _shot, minutes = evidence
    url = reverse("branches:attachment_download", args=[activity.pk, minutes.pk])
    assert client_for(alice).get(url, {"size": "thumb"}).status_code == 404


def test_other_branch_gets_404_for_the_thumbnail(client_for, bob, evidence):
    activity, shot, _minutes = evidence
    url = reverse("branches:attachment_download", args=[activity.pk, shot.pk])
    assert client_for(bob).get(url, {"size": "thumb"}).status_code == 404


def test_a_transparent_png_becomes_a_jpeg_on_white(client_for, alice, sam):
    activity = ActivityFactory(branch=sam.branch)
    out = io.BytesIO()
    Image.new("RGBA", (100, 60), (0, 0, 0, 0)).save(out, "PNG")
    shot = ActivityAttachment.objects.create(
        activity=activity,
        kind="photo",
        file=SimpleUploadedFile("签到.png", out.getvalue()),
        original_name="签到.png",
    )
    url = reverse("branches:attachment_download", args=[activity.pk, shot.pk])
    response = client_for(alice).get(url, {"size": "thumb"})
    assert thumb_of(response) == (100, 60)  # never enlarged
    assert Image.open(io.BytesIO(response.content)).getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize("photos", [1, 8])
def test_activity_page_queries_do_not_grow_with_photos(
    client_for, alice, sam, django_assert_max_num_queries, photos
):
    activity = ActivityFactory(branch=sam.branch)
    for i in range(photos):
        ActivityAttachment.objects.create(
            activity=activity, kind="photo", file=photo(size=(40, 30)), original_name=f"{i}.jpg"
        )
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        body = client.get(activity.get_absolute_url()).content.decode()
    assert body.count("?size=thumb") == photos


def test_project_report_shows_photo_thumbnails(client_for, alice, carol):
    initiative = InitiativeFactory(status=Initiative.Status.IN_PROGRESS)
    report = ProgressReportFactory(initiative=initiative)
    shot = Evidence.objects.create(
        initiative=initiative, report=report, file=photo(), name="样机.jpg"
    )
    pdf = Evidence.objects.create(
        initiative=initiative, report=report, file=SimpleUploadedFile("r.pdf", PDF), name="报告.pdf"
    )
    body = client_for(alice).get(initiative.get_absolute_url()).content.decode()
    assert f'<img src="{shot.get_absolute_url()}?size=thumb" alt="样机.jpg"' in body
    assert f'<a href="{pdf.get_absolute_url()}">报告.pdf</a>' in body
    assert max(thumb_of(client_for(alice).get(shot.get_absolute_url(), {"size": "thumb"}))) == 480


def test_draft_projects_photo_thumbnail_is_404_for_a_member(client_for, alice):
    draft = InitiativeFactory(status=Initiative.Status.DRAFT)
    shot = Evidence.objects.create(initiative=draft, file=photo(), name="草稿.jpg")
    assert client_for(alice).get(shot.get_absolute_url(), {"size": "thumb"}).status_code == 404


def test_hazard_photo_is_a_thumbnail_linking_to_the_full_photo(client_for, sam, bob, zone_a):
    hazard = HazardFactory(zone=zone_a, photo=photo("隐患.jpg"))
    url = reverse("hazards:photo", args=[hazard.pk, "before"])
    body = client_for(sam).get(hazard.get_absolute_url()).content.decode()
    assert f'<a href="{url}"><img class="hazard-photo mt-2" src="{url}?size=thumb"' in body
    assert max(thumb_of(client_for(sam).get(url, {"size": "thumb"}))) == 480
    assert client_for(bob).get(url, {"size": "thumb"}).status_code == 404
