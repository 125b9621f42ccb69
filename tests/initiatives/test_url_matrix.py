"""Every projects URL for every kind of user, in the shape of the portal's permission matrix.

Codes for: anonymous, alice (member of A, on the team), sam (secretary of A, the awarded
branch), bob (secretary of B), carol (committee); on a project awarded to A and in progress.
"""

from types import SimpleNamespace

import pytest
from django.urls import get_resolver

from initiatives.models import Evidence
from tests.factories import MilestoneFactory
from tests.matrix import check, no_args


def project(world):
    return {"pk": world.project.pk}


MATRIX = {
    "initiatives:list": (no_args, "302 200 200 200 200"),
    "initiatives:mine": (no_args, "302 200 200 200 200"),
    "initiatives:create": (no_args, "302 403 403 403 200"),
    # Once out of draft a project is on the portal's public board: every member reads it.
    "initiatives:detail": (project, "302 200 200 200 200"),
    "initiatives:edit": (project, "302 403 403 403 200"),
    # Branch editors may open the form (it says the project is not open any more).
    "initiatives:apply": (project, "302 403 200 200 403"),
    "initiatives:award": (project, "302 403 403 403 200"),
    "initiatives:report": (project, "302 403 200 403 403"),
    "initiatives:milestone_create": (project, "302 403 200 403 200"),
    # The committee holds a role but this step is the branch's: told so, back to the page.
    "initiatives:step": (
        lambda w: {"pk": w.project.pk, "target": "submitted"},
        "302 403 200 403 302",
    ),
    "initiatives:milestone_done": (lambda w: {"pk": w.milestone.pk}, "302 405 405 405 405"),
    "initiatives:evidence": (lambda w: {"pk": w.evidence.pk}, "302 200 200 200 200"),
}


def test_every_projects_url_is_in_the_matrix():
    (resolver,) = [
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "initiatives"
    ]
    assert {f"initiatives:{p.name}" for p in resolver.url_patterns} == set(MATRIX)


@pytest.fixture
def world(working, alice, sam, bob, carol, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    evidence = Evidence.objects.create(
        initiative=working,
        file=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
        name="photo.png",
    )
    return SimpleNamespace(
        project=working,
        milestone=MilestoneFactory(initiative=working),
        evidence=evidence,
        alice=alice,
        sam=sam,
        bob=bob,
        carol=carol,
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_projects_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
