"""How long a reminder scan of 10,000 members takes (not part of the test suite).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/hj_bench \\
        .venv/bin/python bench/reminder_scan.py

Migrates the database named by DATABASE_URL, makes sure it holds 10,000 active members
with accounts (in one branch set aside for the bench), then times a scan that reminds
every one of them, and a second run of it, which must insert nothing. The scan has the
shape of the real ones: one SELECT, rows built in Python, one bulk INSERT ... ON CONFLICT
DO NOTHING. Delivery is not timed (kick=False).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongjun.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from branches.models import Branch, Committee, Member  # noqa: E402
from reminders import services as reminders  # noqa: E402
from reminders.models import Reminder  # noqa: E402

MEMBERS = 10_000
KIND = "bench_everyone"
PREFIX = "bench-"
UNUSABLE = make_password(None)  # no login, and no half a second of hashing per account


def ensure_members():
    committee, _ = Committee.objects.get_or_create(name="基准测试党委")
    branch, _ = Branch.objects.get_or_create(
        name="基准测试党支部", defaults={"committee": committee}
    )
    have = Member.objects.filter(branch=branch).count()
    if have >= MEMBERS:
        return branch
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"{PREFIX}{i}", email=f"{PREFIX}{i}@hongjun.test", password=UNUSABLE)
            for i in range(have, MEMBERS)
        ]
    )
    Member.objects.bulk_create(
        [
            Member(user=u, name=f"党员{u.username}", employee_no=u.username, branch=branch)
            for u in users
        ]
    )
    return branch


def main():
    call_command("migrate", verbosity=0)
    branch = ensure_members()
    reminders.KINDS[KIND] = reminders.Kind(KIND, "bench", "members", days=(0,))

    @reminders.register_scan(KIND)
    def everyone(today):
        members = Member.objects.filter(
            branch=branch, is_active=True, user__isnull=False
        ).values_list("user_id", "name")
        return [
            reminders.row(KIND, branch, user_id, today, f"{name}：请签署安全承诺书", url="/")
            for user_id, name in members
        ]

    Reminder.objects.filter(kind=KIND).delete()
    today = timezone.localdate()
    for label in ("first scan", "second scan (nothing new)"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            offered = reminders.run_scans(today, kinds=[KIND], kick=False)
            elapsed = time.perf_counter() - started
        print(
            f"{label}: {offered[KIND]} members scanned in {elapsed:.2f} s, "
            f"{len(queries)} queries, {Reminder.objects.filter(kind=KIND).count()} rows"
        )
    Reminder.objects.filter(kind=KIND).delete()


if __name__ == "__main__":
    main()
