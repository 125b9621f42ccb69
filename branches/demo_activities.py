"""The demo company's activities: about eight months of 三会一课, 主题党日 and the brand's own
formats for every branch at roughly the real cadence, with attendance; three branches fall
behind so the committee's matrix shows overdue cells; a few activities are planned ahead.

Idempotent: each activity is keyed by branch, kind, group and start; randomness comes from a
generator seeded per branch and month, so a second run (on the same day) makes nothing new.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from hongjun.themes import Theme

from . import demo_photos
from .cadences import BY_KIND, FOR_YEAR_KINDS, held_in
from .models import (
    COMMITTEE_ONLY_KINDS,
    COMMITTEE_ROLE_KINDS,
    Activity,
    ActivityAttachment,
    ActivityKind,
    Attendance,
    Role,
)

K = ActivityKind
MONTHS_BACK = 8
# Branches that let things slip: (kind, months ago) pairs they skipped.
BEHIND = {
    "电解三车间党支部": {(K.COMMITTEE_MEETING, 0), (K.COMMITTEE_MEETING, 1)}
    | {(K.THEME_DAY, 1), (K.THEME_DAY, 2)},
    "物流供应党支部": {(K.GENERAL_MEETING, m) for m in range(4)}
    | {(K.PARTY_LECTURE, m) for m in range(1, 4)}
    | {(K.COMMITTEE_MEETING, 1)},
    "质量检测中心党支部": {(K.GROUP_MEETING, 1), (K.LIFE_MEETING, 12)},
    # Its other groups met last month, the second did not: the branch is behind on 党小组会
    # (counted per group, branches.cadences.PER_GROUP_KINDS).
    "电解二车间党支部": {(K.GROUP_MEETING, 1, 1)},
}
FIRST_TOPICS = [
    "学习习近平总书记关于安全生产的重要论述",
    "学习党的二十届三中全会精神",
    "学习习近平总书记在内蒙古考察时的重要讲话精神",
    "学习《中国共产党纪律处分条例》",
    "学习习近平生态文明思想，推进绿色低碳发展",
    "学习中央企业负责人会议精神",
]
TOPICS = {
    K.COMMITTEE_MEETING: [
        "研究本月党建重点工作",
        "研究发展党员和积极分子培养",
        "研究“党员身边无违章”推进措施",
        "研究揭榜项目推进与党员突击队安排",
    ],
    K.GROUP_MEETING: ["学习交流与安全生产讨论", "党员责任区隐患排查交流", "岗位练兵心得交流"],
    K.GENERAL_MEETING: [
        "通报支部工作，讨论季度党建任务",
        "讨论预备党员转正事宜",
        "学习贯彻上级党委部署",
    ],
    K.PARTY_LECTURE: [
        "以高质量党建引领绿色铝电发展（书记讲党课）",
        "守牢安全红线，争做红领先锋",
        "弘扬劳模精神和工匠精神",
    ],
    K.THEME_DAY: [
        "“红领·铝航”走进电解槽，服务一线",
        "重温入党誓词",
        "绿色低碳志愿服务",
        "安全生产月隐患排查",
    ],
    K.LIFE_MEETING: ["年度组织生活会：对照检查，开展批评和自我批评"],
    K.APPRAISAL: ["年度民主评议党员"],
    K.FOUR_STUDIES: ["学规程、学标准、学案例、学技能，研讨降耗增效"],
    K.RED_COLLAR_LECTURE: ["电解槽节能降耗技术", "阳极钢爪焊接工艺"],
    K.SAFETY_TALK: ["身边的违章与教训", "有限空间作业风险"],
    K.SAFETY_QUIZ: ["新《安全生产法》"],
    K.VANGUARD_PRACTICE: ["槽下清理自动化攻关", "铸造打渣现场服务"],
}
THEMES = {
    K.COMMITTEE_MEETING: Theme.SAFETY,
    K.GROUP_MEETING: Theme.SAFETY,
    K.GENERAL_MEETING: Theme.TALENT,
    K.PARTY_LECTURE: Theme.TALENT,
    K.LIFE_MEETING: Theme.TALENT,
    K.APPRAISAL: Theme.TALENT,
    K.FOUR_STUDIES: Theme.INNOVATION,
    K.RED_COLLAR_LECTURE: Theme.INNOVATION,
    K.SAFETY_TALK: Theme.SAFETY,
    K.SAFETY_QUIZ: Theme.SAFETY,
    K.VANGUARD_PRACTICE: Theme.GREEN,
}
# The demo account's branch shows its recent meetings' photos (printed 会议记录, 台账).
PHOTO_BRANCH = "电解一车间党支部"
PHOTO_DAYS = 120
LEAVE = ["倒班", "出差", "病假", "外出培训", "事假"]
ABSENT = ["未请假", "临时抢修"]


def _month(today, back):
    index = today.year * 12 + today.month - 1 - back
    return index // 12, index % 12 + 1


def _at(year, month, day, hour, minute=0):
    tz = timezone.get_current_timezone()
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), tz)


def _plan(branch, groups, today):
    """(kind, starts_at, hours, group) of the branch's activities over the months, minus
    what a branch that falls behind skipped."""
    skipped = BEHIND.get(branch.name, set())
    plan = []
    # At least eight months, and the whole of this year so its calendar is complete.
    for back in range(max(MONTHS_BACK, today.month - 1), -2, -1):  # -1: next month (planned)
        year, month = _month(today, back)
        rng = random.Random(f"{branch.name}:{year}-{month}")

        def add(kind, day, hour, hours=1.5, group=None, back=back, year=year, month=month):
            if (kind, back) not in skipped:
                plan.append((kind, _at(year, month, day, hour), hours, group))

        # Which kinds fall in this month is the default cadence's (branches.cadences);
        # the days and hours are the demo's own.
        if held_in(K.COMMITTEE_MEETING, month):
            add(K.COMMITTEE_MEETING, rng.randint(2, 6), 9, 1)
        if held_in(K.GROUP_MEETING, month):
            for n, group in enumerate(groups):
                if (K.GROUP_MEETING, back, n) not in skipped:
                    add(K.GROUP_MEETING, rng.randint(8, 14) + n, 16, 1, group)
        if held_in(K.THEME_DAY, month):
            add(K.THEME_DAY, 20 if month != 7 else 1, 14, 2)
        if held_in(K.GENERAL_MEETING, month):
            add(K.GENERAL_MEETING, rng.randint(16, 19), 15)
        if held_in(K.PARTY_LECTURE, month):
            add(K.PARTY_LECTURE, rng.randint(10, 18), 14)
        for kind in (K.RED_COLLAR_LECTURE, K.SAFETY_TALK, K.FOUR_STUDIES, K.VANGUARD_PRACTICE):
            if rng.random() < 0.25:
                add(kind, rng.randint(21, 27), 15)
        if month == 6 and rng.random() < 0.6:
            add(K.SAFETY_QUIZ, 25, 14, 2)
    # A talk planned in the next few days, so the calendar shows something upcoming soon.
    soon = today + datetime.timedelta(days=2 + len(branch.name) % 3)
    plan.append((K.SAFETY_TALK, _at(soon.year, soon.month, soon.day, 15), 1, None))
    # The yearly 组织生活会 and 民主评议党员, held late in the year (December) for the year.
    # 组织生活会 for last year and this one: last year's held in January for it (counted
    # for the 年度, `branches.cadences.FOR_YEAR_KINDS`). 民主评议 needs no activity: the
    # closed appraisal (affairs) is the year's record.
    for year in (today.year - 1, today.year):
        back = (today.year - year) * 12
        if (K.LIFE_MEETING, back) not in skipped:
            if year < today.year:
                plan.append((K.LIFE_MEETING, _at(year + 1, 1, 15, 9), 3, None))
            else:
                plan.append(
                    (K.LIFE_MEETING, _at(year, BY_KIND[K.LIFE_MEETING].held_in, 18, 9), 3, None)
                )
    return plan


def seed(ctx):
    today = ctx.today
    now = timezone.now()
    for branch in ctx.made["branches"]:
        people = list(branch.members.filter(is_active=True).select_related("party_group"))
        groups = list(branch.groups.order_by("name"))
        secretary = next(
            (r.member for r in Role.objects.filter(branch=branch, kind=Role.Kind.SECRETARY)),
            people[0],
        )
        existing = set(
            Activity.objects.filter(branch=branch).values_list(
                "kind", "party_group_id", "starts_at"
            )
        )
        for kind, starts_at, hours, group in _plan(branch, groups, today):
            if (kind, group.pk if group else None, starts_at) in existing:
                continue
            if starts_at > now + datetime.timedelta(days=40):
                continue
            _create(branch, kind, starts_at, hours, group, people, secretary, now)


def _create(branch, kind, starts_at, hours, group, people, secretary, now):
    rng = random.Random(f"{branch.pk}:{kind}:{starts_at.isoformat()}")
    held = starts_at <= now
    first_topic = kind in (K.COMMITTEE_MEETING, K.GENERAL_MEETING, K.THEME_DAY, K.GROUP_MEETING)
    activity = Activity.objects.create(
        branch=branch,
        kind=kind,
        theme=THEMES.get(kind) or rng.choice(list(Theme)),
        status=Activity.Status.HELD if held else Activity.Status.PLANNED,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place=branch.meeting_place or f"{branch.unit}会议室",
        host=(group.leader if group and group.leader else secretary),
        party_group=group,
        topic=rng.choice(TOPICS[kind]),
        # Held in January: for the year before (the demo's 组织生活会 for last year).
        for_year=(starts_at.year - (starts_at.month == 1)) if kind in FOR_YEAR_KINDS else None,
        content=(
            "会议由主持人通报有关情况，与会党员结合岗位实际交流发言，形成以下意见：\n"
            "一、压紧压实安全生产责任；二、党员示范岗带头落实；三、下月按计划推进。"
            if held
            else ""
        ),
        first_topic=first_topic and held,
        first_topic_text=rng.choice(FIRST_TOPICS) if first_topic and held else "",
        created_by=secretary.user,
    )
    if not held:
        return
    if kind in COMMITTEE_ONLY_KINDS:  # a 支委会 is its 委员's meeting, not the branch's
        committee = set(
            Role.objects.filter(branch=branch, kind__in=COMMITTEE_ROLE_KINDS).values_list(
                "member_id", flat=True
            )
        )
        attendees = [p for p in people if p.pk in committee]
    else:
        attendees = [p for p in people if group is None or p.party_group_id == group.pk]
    rows = []
    for member in attendees:
        roll = rng.random()
        # Whoever hosts the meeting is there: nobody hosts a 支委会 from leave.
        if roll < 0.86 or member.pk == activity.host_id:
            rows.append(Attendance(activity=activity, member=member))
        elif roll < 0.96:
            rows.append(
                Attendance(
                    activity=activity,
                    member=member,
                    status=Attendance.Status.EXCUSED,
                    reason=rng.choice(LEAVE),
                )
            )
        else:
            rows.append(
                Attendance(
                    activity=activity,
                    member=member,
                    status=Attendance.Status.ABSENT,
                    reason=rng.choice(ABSENT),
                )
            )
    Attendance.objects.bulk_create(rows)
    if branch.name == PHOTO_BRANCH and now - starts_at < datetime.timedelta(days=PHOTO_DAYS):
        demo_photos.add(activity, rng)
    elif kind in PHOTOGRAPHED and rng.random() < 0.6:
        _photos(activity, rng)


# Held activities of these kinds often come with photos of the meeting (the page's thumbnails).
PHOTOGRAPHED = (K.THEME_DAY, K.GENERAL_MEETING, K.PARTY_LECTURE)
PHOTO_COLOURS = [(196, 30, 58), (214, 120, 40), (40, 110, 170), (60, 140, 80)]


def _photos(activity, rng):
    from safety.demo.hazards import tiny_png  # the demo's one picture maker (no Pillow)

    for n in range(1, rng.randint(1, 3) + 1):
        data = tiny_png(rng.choice(PHOTO_COLOURS), width=320, height=240)
        ActivityAttachment.objects.create(
            activity=activity,
            kind=ActivityAttachment.Kind.PHOTO,
            file=ContentFile(data, name="photo.png"),
            original_name=f"现场照片{n}.png",
            size=len(data),
        )
