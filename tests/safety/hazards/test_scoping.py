"""Who sees which hazards: their branch's, and the ones they reported, never others'."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import PNG_BYTES, HazardFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def listed(client, **params):
    return {h.pk for h in client.get(reverse("hazards:list"), params).context["page"]}


def test_member_sees_own_branch_and_own_reports_only(client_for, alice, zone_a, zone_b):
    own_branch = HazardFactory(zone=zone_a)
    reported_elsewhere = HazardFactory(zone=zone_b, reported_by=alice)
    foreign = HazardFactory(zone=zone_b)
    client = client_for(alice)
    assert listed(client) == {own_branch.pk, reported_elsewhere.pk}
    assert client.get(reverse("hazards:detail", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("hazards:detail", args=[reported_elsewhere.pk])).status_code == 200


def test_committee_sees_every_branch_and_filters(client_for, carol, zone_a, zone_b):
    a = HazardFactory(zone=zone_a, severity="major")
    b = HazardFactory(zone=zone_b)
    client = client_for(carol)
    assert listed(client) == {a.pk, b.pk}
    assert listed(client, severity="major") == {a.pk}
    assert listed(client, branch=zone_b.branch.pk) == {b.pk}
    assert listed(client, zone=zone_a.pk) == {a.pk}
    assert listed(client, state="reported") == {a.pk, b.pk}
    assert listed(client, state="closed") == set()


def test_secretary_of_other_branch_gets_404_on_every_step(client_for, bob, alice, zone_a):
    hazard = HazardFactory(zone=zone_a, assigned=True, assignee=alice, status="submitted")
    client = client_for(bob)
    for name in ("detail", "assign", "submit", "close", "return"):
        method = client.get if name == "detail" else client.post
        assert method(reverse(f"hazards:{name}", args=[hazard.pk])).status_code == 404, name
    hazard.refresh_from_db()
    assert hazard.status == "submitted"


def test_reporter_from_other_branch_sees_but_cannot_assign(client_for, bob, zone_a):
    hazard = HazardFactory(zone=zone_a, reported_by=bob)
    client = client_for(bob)
    assert client.get(reverse("hazards:detail", args=[hazard.pk])).status_code == 200
    response = client.post(reverse("hazards:assign", args=[hazard.pk]), {})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["assign", "submit", "close", "return"])
def test_steps_are_post_only(client_for, sam, zone_a, name):
    hazard = HazardFactory(zone=zone_a)
    response = client_for(sam).get(reverse(f"hazards:{name}", args=[hazard.pk]))
    assert response.status_code == 405


def test_photo_is_served_only_within_scope(client_for, alice, bob, zone_a):
    hazard = HazardFactory(zone=zone_a)
    hazard.photo.save("p.png", ContentFile(PNG_BYTES))
    photo_url = reverse("hazards:photo", args=[hazard.pk, "before"])
    response = client_for(alice).get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client_for(bob).get(photo_url).status_code == 404
    assert (
        client_for(alice).get(reverse("hazards:photo", args=[hazard.pk, "after"])).status_code
        == 404
    )


def test_my_hazards_lists_reported_and_assigned(client_for, alice, zone_a, zone_b):
    mine = HazardFactory(zone=zone_b, reported_by=alice)
    todo = HazardFactory(zone=zone_a, assigned=True, assignee=alice)
    HazardFactory(zone=zone_a)  # neither
    response = client_for(alice).get(reverse("hazards:mine"))
    assert [h.pk for h in response.context["reported"]] == [mine.pk]
    assert [h.pk for h in response.context["assigned"]] == [todo.pk]
    assert "指派给我的整改" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("hazards:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
