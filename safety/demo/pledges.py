"""The demo's 党员身边无违章: two years of pledges and the branches' responsibility zones.

Signatures go through `services.sign_pledge`, the function members use, so the demo's
chain verifies (`manage.py verify_pledges`). Who signed is decided per member from their
employee number rather than from `ctx.rng`: earlier seeders draw more random numbers on a
first run than on a second, and the plan must come out the same both times.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from branches.models import Member

from ..models import PledgeVersion, SafetyZone, Violation
from ..pledges import services

PLEDGE_TITLE = "“党员身边无违章”安全承诺书"
PLEDGE_TEXT = """为深入践行“红领·铝航”党建品牌，落实“党建+安全生产”要求，我郑重承诺：

一、牢固树立“安全第一、预防为主、综合治理”的理念，带头学习安全生产法律法规和公司安全规程，做到“四不伤害”。

二、严格执行操作规程和劳动纪律，坚决做到不违章指挥、不违章作业、不违反劳动纪律，发现身边违章立即制止、及时报告。

三、管好自己的安全责任区，主动开展隐患排查，发现隐患及时上报、跟踪整改，做到隐患不过夜。

四、带头参加安全“三学”，在党委领学、支部研学、导师带学中学在前、做在前，帮助身边同事提升安全技能。

五、在急难险重任务面前冲锋在前，当好安全生产的“明白人”和“守门人”，以“党员身边无违章”保障全年安全生产目标实现。

如有违反，自愿接受党组织和公司的批评教育与考核。"""
THIS_YEAR_ADDENDUM = """

六、{year}年重点：严格落实电解槽作业、铸造打渣、检修动火和有限空间作业的安全确认制度，作业前开展风险辨识，作业中相互监护。"""

CLOSING = "\n\n如有违反，"


def with_year_point(year):
    """The pledge with the year's point 六 among the points, before the closing sentence."""
    body, closing = PLEDGE_TEXT.split(CLOSING)
    return body + THIS_YEAR_ADDENDUM.format(year=year) + CLOSING + closing


USER_AGENTS = [
    "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 12; HarmonyOS; ALN-AL00) AppleWebKit/537.36 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
]

# Zones by the first characters of a branch's work unit: (name, location).
ZONES = {
    "电解": [
        ("1–20号电解槽区域", "电解厂房一段"),
        ("多功能天车作业区", "电解厂房天车轨道"),
        ("阳极组装间", "电解厂房东侧"),
    ],
    "铸造": [("铸造机组", "铸造车间一号线"), ("混合炉区域", "铸造车间西侧")],
    "发电": [("集控室", "主厂房三楼"), ("锅炉零米层", "一号锅炉")],
    "设备": [("检修工具间", "检修楼一层"), ("动火作业点", "各检修现场")],
    "党建": [("办公楼消防通道", "办公楼一至四层")],
    "安全": [("危化品库", "厂区北侧"), ("应急物资库", "厂区北侧")],
    "质量": [("化验室", "质检楼二层"), ("取样平台", "电解厂房出铝端")],
    "物流": [("原料仓库", "物流中心一号库"), ("厂内运输道路", "厂区主干道")],
}
VIOLATIONS = [
    ("minor", "作业时未按规定佩戴防护面罩，已当场纠正。"),
    ("minor", "工具未定置摆放，通道堆放杂物。"),
    ("serious", "天车作业未执行“三确认”即起吊。"),
    ("minor", "交接班记录未填写安全确认内容。"),
    ("serious", "动火作业票未办理完毕即开始作业。"),
    ("severe", "进入有限空间未检测气体、未设监护人。"),
]


def _plan_rng(member, tag):
    return random.Random(f"{tag}-{member.employee_no}")


def seed(ctx):
    today = ctx.today
    # Fresh rows: the organisation seeder handed some members the demo accounts after
    # building its list.
    members = list(
        Member.objects.filter(pk__in=[m.pk for m in ctx.made["members"]])
        .select_related("user")
        .order_by("employee_no")
    )
    committee = get_user_model().objects.get(username="committee")
    now = timezone.now()

    last_published = timezone.make_aware(datetime.datetime(today.year - 1, 1, 8, 9, 30))
    this_published = (now - datetime.timedelta(days=21)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    last = _version(last_published.year, PLEDGE_TEXT, last_published, committee)
    _sign(last, members, "last", share=0.96, days=60, now=now)
    this = _version(
        this_published.year,
        with_year_point(this_published.year),
        this_published,
        committee,
    )
    _sign(this, members, "this", share=0.7, days=21, now=now)
    _zones(ctx, today)


def _version(year, text, published_at, by):
    title = f"{year}年度{PLEDGE_TITLE}"
    version = PledgeVersion.objects.filter(year=year, title=title).first()
    if version is None:
        version = services.create_version({"year": year, "title": title, "text": text}, by=by)
    if not version.is_published:
        services.publish_version(version, by=by, at=published_at)
        version.refresh_from_db()
    return version


def _sign(version, members, tag, *, share, days, now):
    """Sign for the members the plan picks, oldest signature first (the chain is in time order)."""
    done = set(version.signatures.values_list("member_id", flat=True))
    plan = []
    for member in members:
        rng = _plan_rng(member, tag)
        if member.user is None or member.user.username == "member" or rng.random() >= share:
            continue
        # Most sign in the first days after publication, a tail later.
        offset = min(rng.expovariate(1 / (days / 4)), days - 1)
        at = version.published_at + datetime.timedelta(days=offset, minutes=rng.randint(0, 600))
        if at >= now:
            at = now - datetime.timedelta(minutes=rng.randint(5, 600))
        plan.append((at, member, rng))
    for at, member, rng in sorted(plan, key=lambda p: p[0]):
        if member.pk in done:
            continue
        services.sign_pledge(
            version,
            member,
            member.name,
            by=member.user,
            ip_address=f"10.20.{member.branch_id % 250}.{rng.randint(2, 250)}",
            user_agent=rng.choice(USER_AGENTS),
            at=at,
        )


def _zones(ctx, today):
    demo_member = Member.objects.filter(user__username="member").first()
    for index, branch in enumerate(ctx.made["branches"]):
        people = list(branch.members.filter(is_active=True).order_by("employee_no"))
        secretary = people[0].user
        specs = next((z for key, z in ZONES.items() if branch.unit.startswith(key)), ZONES["党建"])
        rng = random.Random(f"zones-{branch.name}")
        for z_index, (name, location) in enumerate(specs[: 1 + (index + 1) % 3]):
            # Draw before looking: a second run must draw the same numbers as the first.
            responsible = rng.sample(people[2:], rng.randint(1, 3))
            violations = [
                (VIOLATIONS[(index + z_index + n) % len(VIOLATIONS)], rng.randint(3, 150))
                for n in range(rng.choice([0, 1, 1, 2, 3]))
            ]
            zone = SafetyZone.objects.filter(branch=branch, name=name).first()
            if zone is None:
                if demo_member and demo_member.branch_id == branch.pk and z_index == 0:
                    responsible = [demo_member, *[m for m in responsible if m != demo_member]]
                zone = services.create_zone(
                    branch,
                    {
                        "name": name,
                        "location": location,
                        "established_on": today - datetime.timedelta(days=200 + 30 * z_index),
                        "responsible": responsible,
                    },
                    by=secretary,
                )
            for (severity, description), days_ago in violations:
                day = today - datetime.timedelta(days=days_ago)
                if not Violation.objects.filter(
                    zone=zone, occurred_on=day, description=description
                ).exists():
                    services.record_violation(
                        zone,
                        {"occurred_on": day, "severity": severity, "description": description},
                        by=secretary,
                    )
