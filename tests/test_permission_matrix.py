"""Every URL of the portal, for every kind of user, gives the expected answer.

The matrix is generated from the URLconf: a URL added later without an entry here fails
`test_every_url_is_in_the_matrix`. Each entry names how to build the URL's arguments for a
record of branch A and the status code expected for: anonymous, alice (member of A),
sam (secretary of A), bob (secretary of B) and carol (committee), as a string in that order.
302 for anonymous means the redirect to the login page; 405 means the URL takes POST only.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from branches.models import ActivityAttachment, CalendarToken
from tests.factories import ActivityFactory
from tests.matrix import check, no_args

# Django's own pages, not the portal's: the admin has its own tests (two-factor required).
EXEMPT_NAMESPACES = {"admin"}
EXEMPT = {"set_language", "logout"}


def branch_a(world):
    return {"pk": world.branch_a.pk}


MATRIX = {
    "home": (no_args, "302 200 200 200 200"),
    "healthz": (no_args, "200 200 200 200 200"),
    "login": (no_args, "200 302 302 302 302"),
    "login_code": (no_args, "302 302 302 302 302"),
    "two_factor": (no_args, "302 200 200 200 200"),
    "password_change": (no_args, "302 200 200 200 200"),
    "password_change_done": (no_args, "302 200 200 200 200"),
    "audit_log": (no_args, "302 403 403 403 200"),
    "branches:org_tree": (no_args, "302 200 200 200 200"),
    "branches:branch_detail": (branch_a, "302 200 200 404 200"),
    "branches:branch_edit": (branch_a, "302 403 200 404 200"),
    "branches:member_create": (lambda w: {"branch_pk": w.branch_a.pk}, "302 403 200 404 200"),
    # The pickers' search answers everyone logged in, within whom they may look up.
    "branches:member_search": (no_args, "302 200 200 200 200"),
    "branches:member_detail": (lambda w: {"pk": w.alice.pk}, "302 200 200 404 200"),
    "branches:member_edit": (lambda w: {"pk": w.alice.pk}, "302 403 200 404 200"),
    # The full 身份证号 is shown on POST only, each view audited.
    "branches:member_id_number": (lambda w: {"pk": w.alice.pk}, "302 405 405 405 405"),
    "branches:training_create": (lambda w: {"pk": w.alice.pk}, "302 403 200 404 200"),
    # 换届 is recorded by the committee, which approves it.
    "branches:election_create": (branch_a, "302 403 403 404 200"),
    # Activities
    "branches:activity_home": (no_args, "302 302 302 302 302"),
    "branches:activity_list": (branch_a, "302 200 200 404 200"),
    "branches:activity_create": (branch_a, "302 403 200 404 200"),
    "branches:activity_detail": (lambda w: {"pk": w.activity.pk}, "302 200 200 404 200"),
    "branches:activity_edit": (lambda w: {"pk": w.activity.pk}, "302 403 200 404 200"),
    "branches:attachment_download": (
        lambda w: {"pk": w.activity.pk, "file_pk": w.attachment.pk},
        "302 200 200 404 200",
    ),
    "branches:activity_print": (lambda w: {"pk": w.activity.pk}, "302 200 200 404 200"),
    "branches:attachment_photo": (
        lambda w: {"pk": w.activity.pk, "file_pk": w.attachment.pk},
        "302 200 200 404 200",
    ),
    # Asking for the PDF is a POST (tests/branches/test_ledger_pdf.py tries who may).
    "branches:ledger_pdf_create": (
        lambda w: {"pk": w.branch_a.pk, "year": w.activity.starts_at.year},
        "302 405 405 405 405",
    ),
    "branches:ledger_download": (
        lambda w: {"pk": w.branch_a.pk, "year": w.activity.starts_at.year},
        "302 403 200 404 200",
    ),
    "branches:compliance_matrix": (no_args, "302 403 403 403 200"),
    "branches:calendar": (no_args, "302 200 200 200 200"),
    # The feed is read by calendar apps without a session: the token is the key.
    "branches:calendar_feed": (lambda w: {"token": w.token.token}, "200 200 200 200 200"),
    "branches:calendar_subscription": (no_args, "302 200 200 200 200"),
    "branches:calendar_token_create": (no_args, "302 405 405 405 405"),
    "branches:calendar_token_revoke": (no_args, "302 405 405 405 405"),
    # Reminders: everyone's own inbox; opening one is a POST (it marks it read).
    "inbox:list": (no_args, "302 200 200 200 200"),
    "inbox:open": (lambda w: {"pk": 1}, "302 405 405 405 405"),
    "inbox:read_all": (no_args, "302 405 405 405 405"),
    "inbox:preferences": (no_args, "302 200 200 200 200"),
    "profile": (no_args, "302 200 200 200 200"),
}


def portal_url_names(patterns=None, namespace=""):
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            names |= portal_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names - EXEMPT


# Apps whose records need their own fixtures keep their part of the matrix beside them, in
# the same shape; this test makes sure that, together, they cover every URL.
APP_MATRICES = [
    "tests.initiatives.test_url_matrix",
    "tests.safety.pledges.test_url_matrix",
    "tests.safety.hazards.test_url_matrix",
    "tests.affairs.test_url_matrix",
    "tests.dashboard.test_url_matrix",
    "tests.onboarding.test_url_matrix",
]


def all_matrix_names():
    import importlib

    names = set(MATRIX)
    for module in APP_MATRICES:
        part = importlib.import_module(module).MATRIX
        assert not names & set(part), f"{module} repeats entries"
        names |= set(part)
    return names


def test_every_url_is_in_the_matrix():
    assert sorted(portal_url_names() - all_matrix_names()) == []
    assert sorted(all_matrix_names() - portal_url_names()) == []


def _png():
    """A real (tiny) picture: the print view's photo address decodes it."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def world(branch_a, alice, sam, bob, carol, settings, tmp_path):
    """One record of each kind in branch A, for the URLs that name one."""
    settings.MEDIA_ROOT = tmp_path
    activity = ActivityFactory(branch=branch_a, host=sam)
    attachment = ActivityAttachment.objects.create(
        activity=activity,
        kind=ActivityAttachment.Kind.PHOTO,
        file=SimpleUploadedFile("photo.png", _png()),
        original_name="photo.png",
    )
    token = CalendarToken.objects.create(member=alice, token="t" * 40)
    return SimpleNamespace(
        branch_a=branch_a,
        alice=alice,
        sam=sam,
        bob=bob,
        carol=carol,
        activity=activity,
        attachment=attachment,
        token=token,
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
