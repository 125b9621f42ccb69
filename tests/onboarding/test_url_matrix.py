"""Every import URL for every kind of user, in the shape of the portal's permission matrix.

Codes for: anonymous, alice (member of A), sam (secretary of A), bob (secretary of B),
carol (committee); with one previewed file of the committee's.
"""

from types import SimpleNamespace

import pytest

from onboarding import services
from tests.matrix import check, no_args

from .conftest import as_upload, member_row, workbook_bytes


def batch(world):
    return {"digest": world.batch.digest}


MATRIX = {
    # Bringing the company in is the committee's: others may not, and its files do not exist
    # for them.
    "onboarding:home": (no_args, "302 403 403 403 200"),
    "onboarding:template": (no_args, "302 403 403 403 200"),
    "onboarding:preview": (batch, "302 404 404 404 200"),
    "onboarding:absent": (batch, "302 404 404 404 200"),
    "onboarding:confirm": (batch, "302 405 405 405 405"),
}


@pytest.fixture
def world(branch_a, alice, sam, bob, carol):
    data = workbook_bytes(None, [member_row("E0001", "王芳", branch_a.name)])
    previewed = services.preview(as_upload(data), by=carol.user)
    return SimpleNamespace(batch=previewed, alice=alice, sam=sam, bob=bob, carol=carol)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_import_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
