"""Every hazard and 三学 URL for every kind of user, in the shape of the permission matrix.

Codes for: anonymous, alice (member of A), sam (secretary of A), bob (secretary of B),
carol (committee); on a hazard alice reported in a zone of A, with a photo, and a branch-A
study session inviting alice and sam, with a material file.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safety.models import StudyAttendance
from tests.factories import PNG_BYTES, HazardFactory, HazardZoneFactory, StudySessionFactory
from tests.matrix import check, no_args


def hazard(world):
    return {"pk": world.hazard.pk}


def session(world):
    return {"pk": world.session.pk}


MATRIX = {
    "hazards:list": (no_args, "302 200 200 200 200"),
    "hazards:mine": (no_args, "302 200 200 200 200"),
    "hazards:report": (no_args, "302 200 200 200 200"),
    "hazards:detail": (hazard, "302 200 200 404 200"),
    "hazards:photo": (lambda w: {"pk": w.hazard.pk, "which": "before"}, "302 200 200 404 200"),
    # Workflow steps are POSTs from the hazard's page.
    "hazards:assign": (hazard, "302 405 405 405 405"),
    "hazards:submit": (hazard, "302 405 405 405 405"),
    "hazards:close": (hazard, "302 405 405 405 405"),
    "hazards:return": (hazard, "302 405 405 405 405"),
    "study:list": (no_args, "302 200 200 200 200"),
    "study:mentor_pairs": (no_args, "302 200 200 200 200"),
    # Any secretary schedules 支部研学 for their own branch; a plain member may not.
    "study:create": (lambda w: {"mode": "branch_study"}, "302 403 200 200 200"),
    "study:participation": (no_args, "302 403 403 403 200"),
    "study:detail": (session, "302 200 200 404 200"),
    "study:material": (session, "302 200 200 404 200"),
    "study:attendance": (session, "302 405 405 405 405"),
}


@pytest.fixture
def world(alice, sam, bob, carol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    zone = HazardZoneFactory(branch=alice.branch)
    hazard = HazardFactory(
        zone=zone, reported_by=alice, photo=SimpleUploadedFile("before.png", PNG_BYTES)
    )
    session = StudySessionFactory(
        branch=alice.branch, host=sam, material=SimpleUploadedFile("m.png", PNG_BYTES)
    )
    for member in (alice, sam):
        StudyAttendance.objects.create(session=session, member=member)
    return SimpleNamespace(
        hazard=hazard, session=session, alice=alice, sam=sam, bob=bob, carol=carol
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_hazard_and_study_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
