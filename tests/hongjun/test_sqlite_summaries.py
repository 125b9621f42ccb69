"""The demo runs on SQLite, where the summaries have row triggers of their own: the same
counts as PostgreSQL's, checked on a fresh SQLite database in a subprocess."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import datetime
from django.utils import timezone
from branches.models import Activity, Attendance, ActivityKind
from safety.models import StudyAttendance
from tests.branches import month_summary
from tests.safety.pledges import tally as pledge_tally
from tests.safety.study import tally as study_tally
from tests.factories import (
    ActivityFactory, BranchFactory, MemberFactory, StudyAttendanceFactory, StudySessionFactory,
)
def local(*a):
    return timezone.make_aware(datetime.datetime(*a))
a, b = BranchFactory(), BranchFactory()
people = MemberFactory.create_batch(4, branch=a)
acts = [
    ActivityFactory(branch=(a, b)[i % 2], kind=ActivityKind.values[i % 13],
                    starts_at=local(2026, 1 + i % 6, 1, 0, 30), first_topic=i % 2 == 0)
    for i in range(30)
]
for m in people:
    Attendance.objects.create(activity=acts[0], member=m)
Attendance.objects.filter(member=people[0]).update(status="absent", reason="x")
acts[2].starts_at, acts[2].ends_at = local(2026, 9, 1, 9), local(2026, 9, 1, 10)
acts[2].branch = a
acts[2].save()
Activity.objects.filter(pk=acts[4].pk).update(status="planned")
Attendance.objects.filter(member=people[1]).delete()
acts[6].delete()
sessions = StudySessionFactory.create_batch(3, branch=a)
for s in sessions:
    for m in people:
        StudyAttendanceFactory(session=s, member=m, attended=m == people[0])
StudyAttendance.objects.filter(member=people[1]).update(attended=True, quiz_score=70)
people[2].branch = b
people[2].save()
StudyAttendance.objects.filter(member=people[3], session=sessions[0]).delete()
sessions[1].delete()
from safety.pledges import services
from tests.factories import PledgeVersionFactory
from django.contrib.auth import get_user_model
boss = get_user_model().objects.create_superuser("boss", "", "x")
version = services.publish_version(PledgeVersionFactory(year=2026), by=boss)
for m in people:
    services.sign_pledge(version, m, m.name, by=m.user)
people[0].branch = b
people[0].save()
type(people[1]).objects.filter(pk=people[1].pk).update(is_active=False)
from decimal import Decimal
from affairs.models import DuesPayment
from tests.branches import dues_year
paid = [
    DuesPayment.objects.create(member=m, branch=a, month=datetime.date(2025, n, 1),
                               amount=Decimal("12.50"), paid_on=datetime.date(2025, n, 9))
    for m in people for n in (1, 2, 3)
]
DuesPayment.objects.create(member=people[0], branch=a, month=paid[0].month,
                           amount=Decimal("-12.50"), paid_on=paid[0].paid_on, reverses=paid[0])
DuesPayment.objects.filter(pk=paid[4].pk).update(month=datetime.date(2024, 12, 1))
DuesPayment.objects.filter(pk=paid[8].pk).delete()
assert month_summary.stored() == month_summary.expected()
assert study_tally.stored() == study_tally.expected()
assert pledge_tally.stored() == pledge_tally.expected()
assert dues_year.stored() == dues_year.expected()
print("same", len(month_summary.months()), len(study_tally.stored()), pledge_tally.stored())
"""


def test_sqlite_triggers_keep_the_same_summaries(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DEBUG": "1",
        "REDIS_URL": "",
    }
    for command in (["migrate", "-v0"], ["shell", "-c", SCRIPT]):
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    # Branch A held in January, March, May and (moved) September, B in February, April and
    # June; two sessions left, each with members in both branches.
    same, months, tallies, pledges = done.stdout.strip().splitlines()[-1].split(maxsplit=3)
    assert (same, months, tallies) == ("same", "7", "4")
    # Four signed, three in A and one in B; then one moved from A to B and one left.
    assert sorted(ast.literal_eval(pledges).values()) == [1, 2]
