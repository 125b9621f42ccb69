"""The demo company: realistic, with the README's accounts, and a second run changes nothing."""

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from branches.models import ActivityAttachment, Branch, GeneralBranch, Member, PartyGroup, Role
from hongjun import access


def snapshot():
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {*settings.PORTAL_APPS, "auth"}
    }


def test_seed_demo_builds_company_and_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    assert GeneralBranch.objects.count() >= 2
    assert Branch.objects.count() >= 8
    assert Member.objects.count() >= 100
    assert PartyGroup.objects.count() >= 16
    assert Member.objects.filter(status=Member.Status.PROBATIONARY).exists()
    assert Role.objects.filter(kind=Role.Kind.SECRETARY).count() == Branch.objects.count()
    photos = ActivityAttachment.objects.filter(kind=ActivityAttachment.Kind.PHOTO)
    assert photos.count() >= 20 and all(p.is_image for p in photos[:5])  # shown as thumbnails
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first


def test_demo_accounts_log_in_with_their_roles(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, kind in [
        ("committee", "committee"),
        ("secretary", "secretary"),
        ("member", "member"),
    ]:
        client = Client()
        login = client.post(
            "/accounts/login/", {"username": username, "password": "redcollar-demo"}
        )
        assert login.status_code == 302, username
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["kind"] == kind
        assert access.home_kind(response.context["user"]) == kind
