"""The demo's hazards and 三学 study: three months of reports in every state, sessions of the
three modes with attendance and scores, and 导师带徒 pairs. Idempotent."""

import datetime
import random
import struct
import zlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from branches.models import Member, Role
from hongjun import audit

from ..hazards import services as hazard_services
from ..models import Hazard, MentorPair, SafetyZone, StudyAttendance, StudySession
from ..study import services as study_services

ZONES = ["生产现场", "配电室", "检修通道"]
HAZARDS = [
    ("电解槽槽沿积料，存在烫伤风险", "2号厂房 112 槽北侧", "serious"),
    ("天车滑线防护罩松动", "多功能天车 3 号", "serious"),
    ("灭火器压力不足", "配电室门口", "general"),
    ("安全通道堆放阳极残极，阻塞通道", "东侧通道", "serious"),
    ("配电柜门未关闭，无警示标识", "低压配电室 2 号柜", "general"),
    ("高处作业平台护栏缺失一段", "二层平台西端", "major"),
    ("地面油污未清理，易滑倒", "空压机房", "general"),
    ("铝液包吊具钢丝绳断丝", "出铝作业区", "major"),
    ("应急照明灯不亮", "楼梯间", "general"),
    ("氧气乙炔瓶间距不足 5 米", "检修作业点", "serious"),
    ("电缆桥架盖板缺失", "电缆夹层", "general"),
    ("皮带机急停拉绳失效", "输送皮带 1 号", "serious"),
]
FIXES = [
    "已清理并设置警示牌，班组每班巡查。",
    "已更换部件并紧固，试运行正常。",
    "已整改完毕，附整改后照片。",
]
RETURN_REASONS = ["整改照片看不清，请补拍。", "警示标识未设置，整改不彻底。"]

COMMITTEE_TOPICS = [
    ("学习习近平总书记关于安全生产的重要论述", 80, None),
    ("《中华人民共和国安全生产法》重点条款解读", 45, "电解"),
    ("电解铝行业典型事故案例警示教育", 15, None),
    ("新版生产安全事故应急预案管理办法", -10, None),
]
BRANCH_TOPICS = [
    ("岗位安全操作规程逐条学习与讨论", 60),
    ("“党员身边无违章”承诺践诺交流", 25),
    ("冬季防寒防冻安全措施研讨", -6),
]
MENTOR_TOPICS = [("有限空间作业安全要点", 40), ("设备检修挂牌上锁实操", 12)]
MATERIAL_LINK = "内网学习平台：http://study.hjld.local/aq"


def tiny_png(rgb, width=160, height=120):
    """A valid PNG of one colour with a darker stripe, written by hand (no Pillow)."""
    r, g, b = rgb
    rows = b""
    for y in range(height):
        dark = height // 3 <= y < height // 3 + 12
        pixel = bytes((r // 2, g // 2, b // 2)) if dark else bytes((r, g, b))
        rows += b"\x00" + pixel * width

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed(ctx):
    # Our own generator: ctx.rng's position depends on what earlier seeders created on this
    # run, and the natural keys below must come out the same on every run.
    rng, today = random.Random("hazards-and-study"), ctx.today
    branches = ctx.made["branches"]
    committee_user = get_user_model().objects.get(username="committee")
    committee_member = committee_user.member
    people = {
        b.pk: list(Member.objects.filter(branch=b, is_active=True).order_by("employee_no"))
        for b in branches
    }
    secretaries = {
        r.branch_id: r.member
        for r in Role.objects.filter(kind=Role.Kind.SECRETARY).select_related("member__user")
    }
    for branch in branches:
        zones = _zones(branch, people[branch.pk])
        _hazards(
            rng, today, branch, zones, people[branch.pk], secretaries[branch.pk], committee_user
        )
    pairs = _mentor_pairs(today, branches, people)
    _study(rng, today, branches, people, secretaries, committee_member, pairs)


def _zones(branch, members):
    """The branch's zones: the pledges demo's if it made some, else three of ours."""
    existing = list(SafetyZone.objects.filter(branch=branch).order_by("id"))
    if existing and not any(z.name.startswith(branch.unit) for z in existing):
        return existing
    zones = []
    for i, name in enumerate(ZONES):
        zone, created = SafetyZone.objects.get_or_create(
            branch=branch,
            name=f"{branch.unit}{name}",
            defaults={"location": f"{branch.unit}{name}"},
        )
        if created:
            zone.responsible.set(members[2 + i * 3 : 4 + i * 3])
        zones.append(zone)
    return zones


def _hazards(rng, today, branch, zones, members, secretary, committee_user):
    # Decide everything first, so the random stream is the same on every run.
    picks = rng.sample(range(len(HAZARDS)), 6)
    plans = []
    for n, index in enumerate(picks):
        plans.append(
            {
                "hazard": HAZARDS[index],
                "zone": rng.choice(zones),
                "reporter": rng.choice(members[2:]),
                "assignee": rng.choice(members[1:]),
                "days_ago": 85 - n * 15 + rng.randint(0, 6),
                "fate": ["closed", "closed", "returned", "overdue", "submitted", "reported"][n],
                "photo": rng.random() < 0.8,
                "colour": (rng.randint(120, 230), rng.randint(80, 200), rng.randint(60, 160)),
            }
        )
    if branch.name == "电解一车间党支部":
        # The README's member account: one fix waiting for them, one report of theirs.
        member = next(m for m in members if m.user and m.user.username == "member")
        plans[3]["assignee"] = member
        plans[5]["reporter"] = member
    for plan in plans:
        description, place, severity = plan["hazard"]
        if Hazard.objects.filter(zone__branch=branch, description=description).exists():
            continue
        _walk(today, plan, description, place, severity, secretary, committee_user)


def _walk(today, plan, description, place, severity, secretary, committee_user):
    """Take one hazard through the workflow, then date its steps back to when they happened."""
    reported_on = today - datetime.timedelta(days=max(plan["days_ago"], 1))
    photo = ContentFile(tiny_png(plan["colour"]), name="photo.png") if plan["photo"] else None
    hazard = hazard_services.report_hazard(
        {
            "zone": plan["zone"],
            "description": description,
            "location_detail": place,
            "severity": severity,
            "photo": photo,
        },
        by=plan["reporter"].user,
    )
    times = [_at(reported_on, 9, 20)]
    Hazard.objects.filter(pk=hazard.pk).update(reported_at=times[0])
    fate, flow, S = plan["fate"], hazard_services.HAZARD_FLOW, Hazard.Status
    if fate != "reported":
        # The demo writes history, so its deadlines may lie in the past: straight to the flow.
        deadline = (
            today - datetime.timedelta(days=3)
            if fate == "overdue"
            else reported_on + datetime.timedelta(days=7)
        )
        if fate in ("submitted", "returned"):
            deadline = max(deadline, today + datetime.timedelta(days=2))
        hazard = flow.transition(
            hazard,
            S.ASSIGNED,
            secretary.user,
            update={"assignee": plan["assignee"], "deadline": deadline},
        )
        times.append(_at(reported_on + datetime.timedelta(days=1), 8, 40))
    if fate in ("closed", "submitted", "returned"):
        fixed_on = reported_on + datetime.timedelta(days=4)
        after = ContentFile(tiny_png((90, 170, 110)), name="after.png")
        hazard = flow.transition(
            hazard,
            S.SUBMITTED,
            plan["assignee"].user,
            update={
                "fix_description": FIXES[plan["days_ago"] % len(FIXES)],
                "after_photo": after,
                "submitted_at": _at(fixed_on, 16),
            },
        )
        times.append(_at(fixed_on, 16))
    if fate == "closed":
        checker = committee_user if plan["days_ago"] % 2 else secretary.user
        when = _at(reported_on + datetime.timedelta(days=5), 10)
        flow.transition(hazard, S.CLOSED, checker, update={"closed_at": when}, note="验收合格")
        times.append(when)
    if fate == "returned":
        flow.transition(
            hazard, S.RETURNED, secretary.user, reason=RETURN_REASONS[plan["days_ago"] % 2]
        )
        times.append(_at(reported_on + datetime.timedelta(days=5), 11))
    with audit.backdating():
        for entry, when in zip(audit.timeline(hazard), times, strict=True):
            type(entry).objects.filter(pk=entry.pk).update(at=when)


def _mentor_pairs(today, branches, people):
    """Two or three 导师带徒 pairs in four branches; one pair finished last month."""
    pairs = []
    for branch in branches[:3] + branches[5:6]:
        members = people[branch.pk]
        for i, (m, a) in enumerate([(1, 8), (3, 9), (4, 10)][: 2 + branch.pk % 2]):
            starts = today.replace(day=1) - datetime.timedelta(days=200 + 30 * i)
            ends = today - datetime.timedelta(days=35) if i == 2 else None
            pair, _ = MentorPair.objects.get_or_create(
                mentor=members[m],
                apprentice=members[a],
                starts_on=starts,
                defaults={"branch": branch, "ends_on": ends},
            )
            pairs.append(pair)
    return pairs


def _study(rng, today, branches, people, secretaries, committee_member, pairs):
    by_name = {b.name: b for b in branches}
    for topic, days_ago, prefix in COMMITTEE_TOPICS:
        chosen = [b for b in branches if prefix and b.name.startswith(prefix)]
        when = _at(today - datetime.timedelta(days=days_ago), 14, 30)
        _session(
            rng,
            today,
            StudySession.Mode.COMMITTEE_LED,
            committee_member,
            None,
            {
                "topic": topic,
                "starts_at": when,
                "place": "公司办公楼三楼会议室",
                "material_text": MATERIAL_LINK,
                "invited_branches": chosen,
            },
        )
    for branch in by_name.values():
        for topic, days_ago in BRANCH_TOPICS:
            when = _at(today - datetime.timedelta(days=days_ago + branch.pk % 5), 16)
            _session(
                rng,
                today,
                StudySession.Mode.BRANCH_STUDY,
                secretaries[branch.pk],
                branch,
                {
                    "topic": topic,
                    "starts_at": when,
                    "place": branch.meeting_place or "党员活动室",
                    "material_text": "《电解铝企业安全生产标准化规范》相关章节",
                    "branch": branch,
                },
            )
    mentors = {p.mentor for p in pairs if p.ends_on is None}
    for mentor in sorted(mentors, key=lambda m: m.pk):
        for topic, days_ago in MENTOR_TOPICS:
            when = _at(today - datetime.timedelta(days=days_ago + mentor.pk % 4), 10)
            _session(
                rng,
                today,
                StudySession.Mode.MENTOR,
                mentor,
                mentor.branch,
                {"topic": topic, "starts_at": when, "place": "班组休息室", "material_text": ""},
            )


def _session(rng, today, mode, host, branch, data):
    """One session through the service, then its attendance if it lies in the past."""
    # Decide attendance first, so the random stream is the same on every run.
    draws = [(rng.random(), rng.randint(62, 100)) for _ in range(40)]
    with_scores = rng.random() < 0.6
    if StudySession.objects.filter(
        mode=mode, topic=data["topic"], host=host, branch=branch
    ).exists():
        return
    user = host.user
    if user is None:
        return
    session = study_services.create_session(mode, data, by=user)
    if session.starts_at.date() >= today:
        return
    rows = []
    for n, row in enumerate(StudyAttendance.objects.filter(session=session).order_by("member_id")):
        chance, score = draws[n % len(draws)]
        attended = chance < 0.86
        rows.append((row.member_id, attended, score if attended and with_scores else None))
    study_services.record_attendance(session, rows, by=user)
