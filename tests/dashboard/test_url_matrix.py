"""Every dashboard URL for every kind of user, in the shape of the portal's permission matrix.

Codes for: anonymous, alice (member of A), sam (secretary of A), bob (secretary of B),
carol (committee); with one finished company workbook.
"""

from types import SimpleNamespace

import pytest

from dashboard import exports
from dashboard.models import ExportJob
from tests.matrix import check, no_args


def job(world):
    return {"pk": world.job.pk}


MATRIX = {
    # Secretaries see their own branch's dashboard; members have none.
    "dashboard:home": (no_args, "302 403 200 200 200"),
    "dashboard:table": (lambda w: {"name": "branches"}, "302 403 200 200 200"),
    "dashboard:table_download": (lambda w: {"name": "branches"}, "302 403 200 200 200"),
    "dashboard:activities": (no_args, "302 403 200 200 200"),
    "dashboard:activities_download": (no_args, "302 403 200 200 200"),
    "dashboard:weights": (no_args, "302 403 403 403 200"),
    "dashboard:green_power": (no_args, "302 403 403 403 200"),
    "dashboard:export_create": (no_args, "302 405 405 405 405"),
    # A company workbook is the committee's: to others it does not exist.
    "dashboard:export_detail": (job, "302 404 404 404 200"),
    "dashboard:export_status": (job, "302 404 404 404 200"),
    "dashboard:export_download": (job, "302 404 404 404 200"),
}


@pytest.fixture
def world(alice, sam, bob, carol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = ExportJob.objects.create(requested_by=carol.user, year=2025)
    exports.build_company_workbook(built.pk)
    return SimpleNamespace(job=built, alice=alice, sam=sam, bob=bob, carol=carol)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_dashboard_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
