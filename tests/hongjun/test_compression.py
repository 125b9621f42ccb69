"""Pages travel gzipped to browsers that ask for it; files go as they are."""

import gzip
from io import BytesIO

from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PNG_BYTES, HazardFactory, HazardZoneFactory

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client_for, alice):
    client = client_for(alice)
    plain = client.get(reverse("home"))
    packed = client.get(reverse("home"), **GZIP)
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "红领·铝航" in page
    assert len(packed.content) < len(plain.content) / 2


def test_a_spreadsheet_goes_as_it_is(client_for, carol):
    url = reverse("dashboard:table_download", args=["branches"])
    response = client_for(carol).get(f"{url}?scope=company", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert load_workbook(BytesIO(response.content)).active["A2"].value == "党支部"


def test_a_photo_goes_as_it_is(client_for, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hazard = HazardFactory(zone=HazardZoneFactory(branch=alice.branch))
    hazard.photo.save("p.png", ContentFile(PNG_BYTES))
    response = client_for(alice).get(reverse("hazards:photo", args=[hazard.pk, "before"]), **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == PNG_BYTES
