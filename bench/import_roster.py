"""How long importing 8,000 members and 150 branches takes (not part of the test suite).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/hj_bench \\
        .venv/bin/python bench/import_roster.py [--members 8000 --branches 150]

Migrates the database named by DATABASE_URL, removes what an earlier run imported, writes
the workbook a company would fill (the template's sheets: 10 党总支, the branches with two
党小组 each, the roster), then times through the services the views call: the preview of the
new file, its confirm, the preview and confirm of the same file again (nothing changes),
and of a corrected file (one member in eighty changed). Prints seconds and queries for each.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongjun.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from branches.models import Branch, Committee, GeneralBranch, Member, PartyGroup  # noqa: E402
from hongjun import xlsx  # noqa: E402
from onboarding import services  # noqa: E402
from onboarding.columns import ORGANISATION, ROSTER  # noqa: E402

PREFIX = "BI"  # 工号 of the bench's members
BRANCH = "基准导入"  # start of its branches' and general branches' names
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def workbook(members, branches, changed_every=0):
    org, roster = [], []
    for b in range(branches):
        general = f"{BRANCH}第{b % 10 + 1}党总支"
        name = f"{BRANCH}第{b + 1}党支部"
        org.append([general, name, "", f"第{b + 1}车间"])
        for g in (1, 2):
            org.append([general, name, f"{name}第{g}党小组", ""])
    for i in range(members):
        b = i % branches
        branch = f"{BRANCH}第{b + 1}党支部"
        name = SURNAMES[i % 20] + GIVEN[(i // 20) % 20] + GIVEN[(i // 400) % 20]
        post = "电解工" if not (changed_every and i % changed_every == 0) else "班长"
        roster.append(
            [
                f"{PREFIX}{i:05d}",
                name,
                "男" if i % 3 else "女",
                branch,
                f"{branch}第{i % 2 + 1}党小组",
                "正式党员" if i % 9 else "预备党员",
                f"{1985 + i % 38}-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                post,
                f"139{i:08d}",
                f"bi{i:05d}@hongjun.example",
            ]
        )
    book = xlsx.new_workbook()
    xlsx.add_sheet(book, ORGANISATION.title, [c.header for c in ORGANISATION.columns], org)
    xlsx.add_sheet(book, ROSTER.title, [c.header for c in ROSTER.columns], roster)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def clean():
    members = Member.objects.filter(employee_no__startswith=PREFIX)
    users = list(members.values_list("user_id", flat=True))
    members.delete()
    get_user_model().objects.filter(pk__in=users).delete()
    PartyGroup.objects.filter(branch__name__startswith=BRANCH).delete()
    Branch.objects.filter(name__startswith=BRANCH).delete()
    GeneralBranch.objects.filter(name__startswith=BRANCH).delete()


def timed(label, action):
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # On a shared machine the wall clock waits for the CPU: this process's CPU time beside it.
    print(f"{label:<34} {seconds:6.2f} s ({cpu:5.2f} s CPU) {len(queries):5d} queries")
    return result, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=8000)
    parser.add_argument("--branches", type=int, default=150)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    Committee.objects.get_or_create(name="基准测试党委")
    by, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_superuser": True}
    )
    clean()
    started = time.perf_counter()
    data = workbook(args.members, args.branches)
    print(
        f"workbook: {args.members} members, {args.branches} branches, {len(data) / 1024:.0f} KB, "
        f"written in {time.perf_counter() - started:.1f} s"
    )
    total = 0
    for title, payload in [
        ("new file", data),
        ("same file again", data),
        ("corrected file", workbook(args.members, args.branches, changed_every=80)),
    ]:
        upload = SimpleUploadedFile("花名册.xlsx", payload)
        batch, preview = timed(f"preview, {title}", lambda u=upload: services.preview(u, by))
        _, confirm = timed(f"confirm, {title}", lambda b=batch: services.confirm(b, by))
        print(f"  counts {batch.counts}")
        if title == "new file":
            total = preview + confirm
    count = Member.objects.filter(employee_no__startswith=PREFIX).count()
    load = os.getloadavg()[0]
    print(f"members imported: {count}; new file, preview + confirm: {total:.2f} s; load {load:.1f}")
    assert count == args.members


if __name__ == "__main__":
    main()
