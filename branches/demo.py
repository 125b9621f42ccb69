"""The demo company's organisation: one 党委, three 党总支, ten branches, ~130 members."""

import datetime
import random

from django.contrib.auth import get_user_model

from accounts.services import sync_committee_group

from . import demo_records
from .models import Branch, Committee, GeneralBranch, Member, ModelPost, PartyGroup, Role, ShockTeam

COMMITTEE = "霍煤鸿骏铝电公司党委"
RETIRED_BRANCH = "离退休党支部"
# The 支委会's seats among a branch's first members (by employee number): 书记, 副书记,
# 组织委员, 宣传委员, 纪检委员. They are full members: a 预备党员 may not be elected.
SEATS = (1, 2, 4, 5, 6)
ORIGINAL_BRANCHES = 10  # BRANCHES before the 阳极组装 and 离退休 branches were added
# (general branch or None, branch, work unit, posts)
BRANCHES = [
    (
        "电解铝党总支",
        "电解一车间党支部",
        "电解一车间",
        ["电解工", "槽控工", "多功能天车工", "班长"],
    ),
    ("电解铝党总支", "电解二车间党支部", "电解二车间", ["电解工", "阳极更换工", "出铝工", "班长"]),
    ("电解铝党总支", "电解三车间党支部", "电解三车间", ["电解工", "槽控工", "计量工", "班长"]),
    ("电解铝党总支", "铸造车间党支部", "铸造车间", ["铸造工", "打渣工", "质检员", "班长"]),
    (
        "电力党总支",
        "发电运行党支部",
        "发电运行部",
        ["集控值班员", "锅炉运行工", "汽机运行工", "值长"],
    ),
    ("电力党总支", "设备检修党支部", "设备检修部", ["电气检修工", "机械检修工", "焊工", "技术员"]),
    ("机关党总支", "机关第一党支部", "党建工作部", ["党务专员", "人事专员", "宣传干事", "部长"]),
    ("机关党总支", "机关第二党支部", "安全环保部", ["安全工程师", "环保专员", "计划员", "部长"]),
    (None, "质量检测中心党支部", "质量检测中心", ["化验员", "质检员", "计量员", "主任"]),
    (None, "物流供应党支部", "物流供应中心", ["仓管员", "调度员", "驾驶员", "主任"]),
    (
        "电解铝党总支",
        "阳极组装车间党支部",
        "阳极组装车间",
        ["阳极组装工", "炭块质检员", "残极清理工", "班长"],
    ),
    (None, RETIRED_BRANCH, "离退休管理中心", ["原电解工", "原检修工", "原机关干部", "原车间主任"]),
]
GENERALS = ["电解铝党总支", "电力党总支", "机关党总支"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海波宁春燕晓"
    "东亮飞斌欣文博宇浩然子轩思雨佳怡梓涵俊凯永胜德福宝山雪梅"
)

# The three demo accounts of the README, and the one superuser.
DEMO_BRANCH = "电解一车间党支部"


def _name(rng):
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


# The demo's sign-in accounts have addresses, so a reminder reaches the console backend.
DEMO_MAIL_DOMAIN = "hongjun.example"


def _account(username, password=None, **flags):
    flags.setdefault("email", f"{username.lower()}@{DEMO_MAIL_DOMAIN}")
    user, created = get_user_model().objects.get_or_create(username=username, defaults=flags)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def seed(ctx):
    rng, today = ctx.rng, ctx.today
    committee, _ = Committee.objects.get_or_create(name=COMMITTEE)
    generals = {}
    for order, name in enumerate(GENERALS):
        generals[name], _ = GeneralBranch.objects.get_or_create(
            name=name, defaults={"committee": committee, "order": order}
        )

    branches, members = [], []
    for b_index, (general, name, unit, posts) in enumerate(BRANCHES, start=1):
        branch, _ = Branch.objects.get_or_create(
            name=name,
            defaults={
                "committee": committee,
                "general_branch": generals.get(general),
                "unit": unit,
                "order": b_index,
                "meeting_place": f"{unit}党员活动室",
                "description": f"{unit}党支部，坚持“红领·铝航”品牌，建在生产一线。",
            },
        )
        groups = [
            PartyGroup.objects.get_or_create(branch=branch, name=f"第{n}党小组")[0]
            for n in ("一", "二", "三")[: 2 + b_index % 2]
        ]
        size = 11 + (b_index * 7) % 6
        branch_members = []
        retired = name == RETIRED_BRANCH
        # The branches added later draw from their own generator: the shared one goes on
        # to the other apps' seeders as it did before, so their demo stays the same.
        b_rng = rng if b_index <= ORIGINAL_BRANCHES else random.Random(name)
        for i in range(1, size + 1):
            name_ = _name(b_rng)
            probationary = b_rng.random() < 0.1 and i not in SEATS and not retired
            joined = (
                today - datetime.timedelta(days=b_rng.randint(40, 330))
                if probationary
                else datetime.date(
                    b_rng.randint(1992, 2023), b_rng.randint(1, 12), b_rng.randint(1, 28)
                )
            )
            employee_no = f"HJ{b_index:02d}{i:03d}"
            member = Member.objects.filter(employee_no=employee_no).first()
            if member is None:
                member = Member.objects.create(
                    employee_no=employee_no,
                    name=name_,
                    gender=b_rng.choice("mmmf"),
                    branch=branch,
                    party_group=groups[i % len(groups)],
                    status=Member.Status.PROBATIONARY if probationary else Member.Status.FULL,
                    joined_on=joined,
                    post=posts[-1] if i <= 2 else b_rng.choice(posts[:-1]),
                    phone=f"139{b_rng.randint(10000000, 99999999)}",
                    user=_account(employee_no),
                )
            branch_members.append(member)
        for group, leader in zip(groups, branch_members[2:], strict=False):
            if group.leader_id is None:
                group.leader = leader
                group.save(update_fields=["leader"])
        demo_records.fill_records(branch_members, today, retired=retired)
        _roles(branch, branch_members, today)
        if not retired:
            _teams(b_rng, branch, branch_members, today)
        branches.append(branch)
        members.extend(branch_members)

    _demo_accounts(ctx, branches)
    demo_records.trainings(members, today)
    ctx.made.update(committee=committee, branches=branches, members=members)


def _roles(branch, people, today):
    """The branch's 支委会 (with a 纪检委员), elected at its last 换届: the 电解一车间's term
    ends within the month (its one-month reminder went out ten days ago), the 发电运行's in
    six months, the others' later."""
    seats = [people[i - 1] for i in SEATS]
    election = demo_records.election(branch, today)
    for member, kind, title in zip(
        seats,
        [Role.Kind.SECRETARY, Role.Kind.DEPUTY] + [Role.Kind.BRANCH_COMMITTEE] * 3,
        ["党支部书记", "党支部副书记", "组织委员", "宣传委员", "纪检委员"],
        strict=True,
    ):
        role, _ = Role.objects.get_or_create(
            member=member, kind=kind, branch=branch, defaults={"title": title}
        )
        if role.election_id is None:
            role.election = election
            role.save(update_fields=["election"])


def _teams(rng, branch, people, today):
    post, created = ModelPost.objects.get_or_create(
        branch=branch,
        name=f"{branch.unit}党员示范岗",
        defaults={
            "description": "安全生产、技术攻关走在前列。",
            "established_on": today.replace(year=today.year - 2, day=1),
        },
    )
    if created:
        post.members.set(rng.sample(people, 3))
    if branch.name.startswith(("电解", "设备检修", "铸造")):
        team, created = ShockTeam.objects.get_or_create(
            branch=branch,
            name=f"{branch.unit}党员突击队",
            defaults={
                "purpose": "急难险重任务攻坚：槽况异常处置、检修抢修。",
                "leader": people[0],
                "established_on": today.replace(year=today.year - 1, day=1),
            },
        )
        if created:
            team.members.set(rng.sample(people, 5))


def _demo_accounts(ctx, branches):
    """committee / secretary / member (and admin): the README's demo accounts."""
    demo_branch = next(b for b in branches if b.name == DEMO_BRANCH)
    office = next(b for b in branches if b.name == "机关第一党支部")
    people = list(demo_branch.members.order_by("employee_no"))

    secretary = people[0]
    _link(secretary, _account("secretary", ctx.password))
    member = people[6]
    _link(member, _account("member", ctx.password))

    committee_member = office.members.order_by("employee_no")[1]
    committee_user = _account("committee", ctx.password, is_staff=True)
    _link(committee_member, committee_user)
    Role.objects.get_or_create(
        member=committee_member,
        kind=Role.Kind.PARTY_COMMITTEE,
        branch=None,
        defaults={"title": "党委委员、党建工作部部长"},
    )
    sync_committee_group([committee_user])

    _account("admin", ctx.password, is_staff=True, is_superuser=True)


def _link(member, user):
    """Give the member the demo account (the generated one is set aside)."""
    if member.user_id != user.pk:
        old = member.user
        member.user = user
        member.save(update_fields=["user"])
        if old is not None:
            old.delete()
