"""Every safety URL for every kind of user, in the shape of the portal's permission matrix.

Codes for: anonymous, alice (member of A, signed), sam (secretary of A), bob (secretary of B),
carol (committee); on a published pledge alice signed, a draft, and a zone of branch A.
"""

from types import SimpleNamespace

import pytest

from tests.factories import PledgeVersionFactory, SafetyZoneFactory
from tests.matrix import check, no_args


def zone(world):
    return {"pk": world.zone.pk}


MATRIX = {
    # Who has signed already is taken to their receipt.
    "safety:sign": (no_args, "302 302 200 200 200"),
    # A receipt is its signer's and the committee's; nobody else learns that it exists.
    "safety:receipt": (lambda w: {"pk": w.signature.pk}, "302 200 404 404 200"),
    "safety:version_list": (no_args, "302 403 403 403 200"),
    "safety:version_create": (no_args, "302 403 403 403 200"),
    # A draft is the committee's alone: to others it does not exist.
    "safety:version_detail": (lambda w: {"pk": w.draft.pk}, "302 404 404 404 200"),
    "safety:version_edit": (lambda w: {"pk": w.draft.pk}, "302 404 404 404 200"),
    "safety:version_publish": (lambda w: {"pk": w.draft.pk}, "302 405 405 405 405"),
    "safety:rates": (no_args, "302 403 200 200 200"),
    "safety:rate_branch": (lambda w: {"branch_pk": w.zone.branch_id}, "302 404 200 404 200"),
    # Verification is public: anyone holding a receipt's code may check it.
    "safety:verify": (no_args, "200 200 200 200 200"),
    "safety:verify_code": (lambda w: {"code": w.signature.code}, "200 200 200 200 200"),
    "safety:zone_list": (no_args, "302 200 200 200 200"),
    "safety:zone_detail": (zone, "302 200 200 404 200"),
    "safety:zone_edit": (zone, "302 403 200 404 200"),
    "safety:violation_create": (lambda w: {"zone_pk": w.zone.pk}, "302 403 200 404 200"),
    "safety:zone_create": (lambda w: {"branch_pk": w.zone.branch_id}, "302 403 200 404 200"),
}


@pytest.fixture
def world(pledge, sign, alice, sam, bob, carol):
    return SimpleNamespace(
        signature=sign(alice, pledge),
        draft=PledgeVersionFactory(year=2026, title="2026年度草稿"),
        zone=SafetyZoneFactory(branch=alice.branch),
        alice=alice,
        sam=sam,
        bob=bob,
        carol=carol,
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_safety_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
