"""The company generator at a tiny scale, the bench's floor page, and where uploads go.

The company-scale run and the benchmark stay out of the suite (docs/performance.md); this
checks that the generator's records are whole and that the benchmark's pages answer with
the query counts pinned in `devtools.company.PAGES`, the same as at company scale.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import Sum
from django.urls import Resolver404, resolve

from branches.models import Activity, ActivityTally, Attendance, Branch, Member, Role
from dashboard.models import GreenPowerShare, ScoreWeight
from devtools import company
from hongjun.views import bench_floor
from initiatives.models import Initiative, Milestone, ProgressReport
from reminders.models import Reminder
from safety.models import Hazard, PledgeSignature, PledgeVersion
from tests.branches import dues_year, month_summary
from tests.safety.pledges import tally as pledge_tally
from tests.safety.study import tally as study_tally

ROOT = Path(__file__).resolve().parent.parent.parent
TINY = company.Scale(
    branches=3, members=40, years=2, hazards=60, initiatives=9, reminders=300, seed=7
)


@pytest.fixture
def tiny(db):
    return company.build(TINY)


def test_tiny_company_has_the_records_asked_for(tiny):
    assert Branch.objects.count() == 3
    assert Member.objects.count() == 40
    assert Role.objects.filter(kind=Role.Kind.SECRETARY).count() == 3
    assert Hazard.objects.count() == 60
    assert Initiative.objects.count() == 9
    assert Milestone.objects.count() == 36
    assert ProgressReport.objects.exists()
    assert Reminder.objects.count() == 300
    # Two years at the cadence: every branch has its monthly 支部委员会 of last January.
    assert Activity.objects.filter(kind="committee_meeting").count() >= 3 * 13
    # Every held activity has its attendance; planned ones have none.
    assert not Activity.objects.filter(status="held", attendances__isnull=True).exists()
    assert not Attendance.objects.filter(activity__status="planned").exists()
    assert tiny.counts["attendance"] == Attendance.objects.count()
    # The COPY went through the tally triggers like any other insert.
    totals = ActivityTally.objects.aggregate(p=Sum("present"), e=Sum("excused"), a=Sum("absent"))
    assert sum(totals.values()) == Attendance.objects.count()
    # And through the monthly and 三学 summaries' triggers.
    assert month_summary.stored() == month_summary.expected()
    assert study_tally.stored() == study_tally.expected()
    assert study_tally.stored()
    assert pledge_tally.stored() == pledge_tally.expected()


def test_tiny_company_pays_its_dues_month_by_month(tiny):
    from affairs.models import DuesBase, DuesPayment

    # Every member declared from the first month of the two years.
    assert set(DuesBase.objects.values_list("member_id", flat=True)) == set(
        Member.objects.values_list("pk", flat=True)
    )
    paid = DuesPayment.objects.filter(reverses__isnull=True).count()
    reversals = DuesPayment.objects.filter(reverses__isnull=False)
    assert paid == tiny.counts["dues payments"] - reversals.count()
    # A reversed payment is paid again: a second attempt for each reversal.
    assert DuesPayment.objects.filter(attempt=2).count() == reversals.count()
    # Each payment is the dues of the declaration in force that month (a raise included).
    bases = {}
    for base in DuesBase.objects.order_by("valid_from"):
        bases.setdefault(base.member_id, []).append(base)
    for payment in DuesPayment.objects.filter(reverses__isnull=True):
        in_force = [b for b in bases[payment.member_id] if b.valid_from <= payment.month][-1]
        assert payment.amount == in_force.monthly_dues
    # The COPY went through the summary's triggers.
    assert dues_year.stored() == dues_year.expected()
    # Two years of months, a few left unpaid: most of the 40 × 24 member-months are paid.
    assert 0.9 * 40 * 23 < paid <= 40 * 24 + DuesPayment.objects.filter(attempt=2).count()


def test_tiny_company_has_the_committees_green_power_and_weights(tiny):
    # A month of 绿电占比 for each month of the two years, up to this one, rising.
    shares = list(GreenPowerShare.objects.order_by("month").values_list("month", "percent"))
    assert len(shares) == 24 == tiny.counts["green power months"]
    assert shares[-1][0] == company.timezone.localdate().replace(day=1)
    assert shares[0][1] < shares[-1][1] < 40
    assert ScoreWeight.objects.exists()


def test_tiny_company_signs_a_pledge_a_member_a_year(tiny):
    last_year, this_year = PledgeVersion.objects.order_by("year")
    assert last_year.signatures.count() == 40
    # This year's is partly signed, and never by the demo member.
    assert 0 < this_year.signatures.count() < 40
    assert not this_year.signatures.filter(member__user__username="member").exists()


def test_tiny_company_pledge_chain_verifies(tiny):
    out = io.StringIO()
    call_command("verify_pledges", stdout=out)
    assert "intact" in out.getvalue()
    assert PledgeSignature.objects.count() == tiny.counts["pledge signatures"]


def test_generator_refuses_a_database_with_branches(tiny):
    with pytest.raises(RuntimeError):
        company.build(TINY)


@pytest.mark.parametrize(
    "page", [p for p in company.PAGES if not p.name.startswith("floor")], ids=str
)
def test_bench_page_has_the_same_query_count_as_at_company_scale(tiny, page):
    # Pinned in PAGES and checked again by `make bench` on the company: not O(branches),
    # O(members) or O(years).
    signer = company.unsigned_members(1)[0]
    status, queries = company.count_queries(page, company.bench_targets(), signer)
    assert status == page.expect
    assert queries == page.queries
    assert queries <= 20


def test_seed_company_command_prints_time_and_counts(db):
    out = io.StringIO()
    call_command(
        "seed_company",
        "--branches=2",
        "--members=30",
        "--years=1",
        "--hazards=10",
        "--initiatives=3",
        "--reminders=50",
        stdout=out,
    )
    text = out.getvalue()
    assert "Company built in" in text
    assert "members: 30" in text
    assert "hazards: 10" in text


def test_floor_is_not_routed_unless_bench_floor_is_on():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")


def test_floor_renders_a_page_without_the_database(db, rf, django_assert_num_queries):
    request = rf.get("/bench/floor/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        response = bench_floor(request)
    assert response.status_code == 200
    assert "红领·铝航" in response.content.decode()


def _storage(**env):
    """The default storage the settings choose in a fresh process (no S3 is contacted)."""
    code = (
        "import json, django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__,"
        " getattr(s, 'bucket_name', None), getattr(s, 'endpoint_url', None),"
        " getattr(s, 'location', None)]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "AWS_"))}
    base.update(DJANGO_SETTINGS_MODULE="hongjun.settings", DEBUG="1", **env)
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_storage_setting_selects_s3_without_contacting_it():
    done = _storage(
        STORAGE_BACKEND="s3",
        S3_BUCKET="hongjun-media",
        S3_ENDPOINT_URL="http://minio.internal:9000",
        AWS_ACCESS_KEY_ID="k",
        AWS_SECRET_ACCESS_KEY="s",
    )
    assert done.returncode == 0, done.stderr
    backend, bucket, endpoint, location = json.loads(done.stdout.strip().splitlines()[-1])
    assert backend == "storages.backends.s3.S3Storage"
    assert (bucket, endpoint, location) == ("hongjun-media", "http://minio.internal:9000", "media")


def test_storage_defaults_to_the_local_folder():
    done = _storage(STORAGE_BACKEND="filesystem")
    assert json.loads(done.stdout.strip().splitlines()[-1])[0].endswith("FileSystemStorage")


def test_unknown_storage_backend_fails_loudly():
    done = _storage(STORAGE_BACKEND="ftp")
    assert done.returncode != 0
    assert "STORAGE_BACKEND" in done.stderr
