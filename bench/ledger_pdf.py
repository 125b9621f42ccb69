"""How long a branch's year of 台账 takes as PDF: 200 activities, 400 camera photos
(not part of the test suite).

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/hj_bench \\
        .venv/bin/python bench/ledger_pdf.py

Migrates the database named by DATABASE_URL and makes sure it holds a branch set aside for
the bench with 30 members and, in BENCH_YEAR, 200 held activities of the usual kinds (each
with its attendance and two photos: 400 JPEGs of 4000×3000 px, about 3 MB each, as a
phone takes them; eight pictures hard-linked under MEDIA_ROOT so the disk holds eight, but
every photo is opened and decoded on its own). Then it runs the export job's work
(`dashboard.exports.build_ledger_pdf`: claim, photos, layout, PDF, store) in this process
and prints the time of each phase, the pages and the size. Exits with 1 over 60 s.
"""

import os
import random
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hongjun.settings")

import django

django.setup()

import datetime  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from branches.models import (  # noqa: E402
    Activity,
    ActivityAttachment,
    ActivityKind,
    Attendance,
    Branch,
    Committee,
    Member,
    Theme,
)
from dashboard import exports  # noqa: E402
from dashboard.models import ExportJob  # noqa: E402

YEAR = int(os.environ.get("BENCH_YEAR", "2026"))
ACTIVITIES = 200
PHOTOS_EACH = 2
MEMBERS = 30
TARGET_SECONDS = 60
KINDS = [
    ActivityKind.COMMITTEE_MEETING,
    ActivityKind.GROUP_MEETING,
    ActivityKind.THEME_DAY,
    ActivityKind.GENERAL_MEETING,
    ActivityKind.PARTY_LECTURE,
    ActivityKind.SAFETY_TALK,
    ActivityKind.FOUR_STUDIES,
]
CONTENT = (
    "一、第一议题：学习习近平总书记关于安全生产的重要论述，书记领学，党员交流体会。\n"
    "二、通报本月电解槽安全运行情况及隐患排查整改进度，明确责任区党员。\n"
    "三、围绕“党员身边无违章”开展讨论，每名党员结合岗位作表态发言。\n"
    "四、部署下月党员先锋实践活动，安排导师带徒结对事项。"
)


def camera_photo(seed):
    """A 12-megapixel picture with the detail of a photo (shapes, gradients, sensor noise)."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(80):
        x, y, r = rng.randrange(4000), rng.randrange(3000), rng.randrange(40, 700)
        draw.ellipse((x, y, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.effect_noise((4000, 3000), 25).convert("RGB")
    out = BytesIO()
    Image.blend(image, noise, 0.25).save(out, "JPEG", quality=88)
    return out.getvalue()


@transaction.atomic
def ensure_year():
    committee, _ = Committee.objects.get_or_create(name="基准测试党委")
    branch, _ = Branch.objects.get_or_create(
        name="基准测试台账党支部", defaults={"committee": committee}
    )
    start = timezone.make_aware(datetime.datetime(YEAR, 1, 1))
    held = Activity.objects.filter(branch=branch, starts_at__year=YEAR)
    if held.count() >= ACTIVITIES:
        return branch
    User = get_user_model()
    members = list(Member.objects.filter(branch=branch))
    for n in range(len(members), MEMBERS):
        user, _ = User.objects.get_or_create(username=f"bench-ledger-{n}")
        members.append(
            Member.objects.create(
                user=user, branch=branch, name=f"党员{n:02d}", employee_no=f"BL{n:05d}"
            )
        )
    folder = Path(settings.MEDIA_ROOT) / "bench-ledger"
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for n in range(8):
        path = folder / f"source-{n}.jpg"
        if not path.exists():
            path.write_bytes(camera_photo(n))
        sources.append(path)
    photo_number = 0
    for n in range(ACTIVITIES):
        day = start + datetime.timedelta(days=n * 365 // ACTIVITIES, hours=9)
        activity = Activity.objects.create(
            branch=branch,
            kind=KINDS[n % len(KINDS)],
            theme=Theme.SAFETY,
            starts_at=day,
            ends_at=day + datetime.timedelta(hours=1, minutes=30),
            place="电解一车间党员活动室",
            host=members[0],
            topic=f"第{n + 1}次：落实安全生产责任，筑牢党员身边无违章防线",
            content=CONTENT,
            first_topic=True,
            first_topic_text="学习习近平总书记关于安全生产的重要论述",
            created_by=members[1].user,
        )
        Attendance.objects.bulk_create(
            Attendance(
                activity=activity,
                member=m,
                status="present" if i % 10 else "excused",
                reason="" if i % 10 else "倒班",
            )
            for i, m in enumerate(members)
        )
        for _ in range(PHOTOS_EACH):
            name = f"bench-ledger/photo-{photo_number}.jpg"
            target = Path(settings.MEDIA_ROOT) / name
            if not target.exists():
                os.link(sources[photo_number % len(sources)], target)
            ActivityAttachment.objects.create(
                activity=activity,
                kind=ActivityAttachment.Kind.PHOTO,
                file=name,
                original_name=f"活动照片{photo_number + 1}.jpg",
                size=target.stat().st_size,
            )
            photo_number += 1
    return branch


def main():
    call_command("migrate", verbosity=0)
    branch = ensure_year()
    job = ExportJob.objects.create(
        year=YEAR, kind=ExportJob.Kind.LEDGER_PDF, branch=branch, requested_by=None
    )
    marks = []
    original = exports._progress

    def progress(job_id, done, total):
        marks.append((time.perf_counter(), done, total))
        original(job_id, done, total)

    exports._progress = progress
    started, cpu_started = time.perf_counter(), time.process_time()
    result = exports.build_ledger_pdf(job.pk)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    job.refresh_from_db()
    if result != "done":
        print(f"failed: {job.error}")
        return 1
    photos = ActivityAttachment.objects.filter(activity__branch=branch).count()
    photos_done = next(t for t, done, _total in marks if done == photos) - started
    from pypdf import PdfReader

    with job.file.open("rb") as handle:
        pages = len(PdfReader(handle).pages)
    print(f"activities {ACTIVITIES}, photos {photos}, pages {pages}")
    print(f"photos read and made small: {photos_done:.1f} s")
    print(f"layout and PDF:             {elapsed - photos_done:.1f} s")
    print(f"total (the task's work):    {elapsed:.1f} s  (target < {TARGET_SECONDS} s)")
    print(f"CPU time of the process:    {cpu:.1f} s  (load average {os.getloadavg()[0]:.1f})")
    print(f"file: {job.file.size / 1e6:.1f} MB, {job.file.path}")
    return 0 if elapsed < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
