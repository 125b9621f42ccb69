"""The demo company's projects: three 示范项目 and a 榜单 of 揭榜项目 in every state.

Every project is made through the services, step by step, so its timeline is the real
audit log; the steps are then dated back over the past months, as if they had happened
then. A project whose title exists is left alone, so a second run changes nothing.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from branches.models import Role
from hongjun import audit
from hongjun.models import AuditEntry
from hongjun.themes import Theme

from . import services
from .models import Application, Initiative, Milestone, ProgressReport, TeamKind

S = Initiative.Status
DEMO, LISTED = Initiative.Kind.DEMONSTRATION, Initiative.Kind.LISTED

# Demonstration projects: (title, theme, host branch, problem, outcome, days ago it started,
# length in days, milestones (title, day offset from start, done offset or None), reports
# (day offset, percent, text, figures), final state).
DEMONSTRATIONS = [
    (
        "“绿电铝”低碳转型示范项目",
        Theme.GREEN,
        "发电运行党支部",
        "提高电解铝生产绿电使用比例，优化自备电厂与新能源的负荷调度，2025年电解用电绿电占比达到40%。",
        "绿电占比逐季提升，吨铝碳排放下降。",
        150,
        420,
        [
            ("新能源消纳调度方案定稿", 30, 28),
            ("负荷优化系统上线", 90, 95),
            ("绿电占比季度评估", 140, None),
        ],
        [
            (
                40,
                25,
                "调度方案经党委会审定，风电、光伏出力预测接入集控。",
                [("绿电消纳增量", "1850000", "kwh")],
            ),
            (
                100,
                45,
                "负荷优化系统上线运行，峰谷调节更灵活。",
                [("绿电消纳增量", "3120000", "kwh"), ("碳减排", "1780", "t_co2")],
            ),
        ],
        S.IN_PROGRESS,
    ),
    (
        "“党员身边无违章”安全示范区建设",
        Theme.SAFETY,
        "电解二车间党支部",
        "以党员安全责任区为抓手，在电解二车间打造无违章示范区，推动隐患排查整改闭环。",
        "示范区全年零违章、零事故，隐患整改率100%。",
        120,
        300,
        [
            ("划定党员安全责任区", 10, 9),
            ("隐患排查整改专项行动", 60, 58),
            ("示范区中期评估", 130, None),
        ],
        [
            (
                70,
                50,
                "完成责任区划定和首轮隐患排查，整改隐患36项。",
                [("安全培训学时", "320", "hours")],
            )
        ],
        S.IN_PROGRESS,
    ),
    (
        "红领讲堂·导师带徒人才培养示范项目",
        Theme.TALENT,
        "机关第一党支部",
        "依托红领讲堂和导师带徒，培养一线技能骨干和青年党员。",
        "结对30对，取证率90%以上。",
        60,
        360,
        [("确定导师与徒弟名单", 15, 12), ("首期红领讲堂开讲", 45, 40)],
        [(45, 20, "30对师徒结对完成，红领讲堂开讲三期。", [("培训学时", "540", "hours")])],
        S.IN_PROGRESS,
    ),
]

# Listed projects: (title, theme, problem, outcome, points, reward, days ago published,
# applicants, winner or None, final state, milestones, reports).
LISTED_PROJECTS = [
    (
        "电解槽底清灰自动化攻关",
        Theme.INNOVATION,
        "电解槽底清灰依靠人工，劳动强度大、粉尘多、存在高温作业风险。",
        "研制自动清灰装置，单槽清灰时间缩短50%，人工减少2人/班。",
        50,
        "奖励2万元",
        130,
        ["电解一车间党支部", "电解三车间党支部"],
        "电解一车间党支部",
        S.IN_PROGRESS,
        [("装置方案设计评审", 20, 18), ("样机试制", 60, 66), ("三台槽试运行", 95, None)],
        [
            (45, 30, "完成方案评审，样机图纸定稿。", []),
            (
                85,
                55,
                "样机在12号槽试用，清灰时间由40分钟降至22分钟。",
                [("节约电量", "86000", "kwh"), ("节约成本", "6.5", "wan_yuan")],
            ),
        ],
    ),
    (
        "阳极钢爪焊接工艺改进",
        Theme.INNOVATION,
        "阳极钢爪焊接质量不稳定，压降偏高。",
        "焊接合格率提升到98%，阳极压降降低15mV。",
        40,
        "奖励1.5万元",
        200,
        ["电解二车间党支部", "设备检修党支部"],
        "电解二车间党支部",
        S.ACCEPTED,
        [("焊接工艺试验", 30, 28), ("全面推广", 90, 85)],
        [
            (60, 60, "新工艺试验完成，合格率97.5%。", [("降低压降节电", "420000", "kwh")]),
            (
                110,
                100,
                "新工艺全面推广。",
                [
                    ("节电", "980000", "kwh"),
                    ("碳减排", "560", "t_co2"),
                    ("节约成本", "38", "wan_yuan"),
                ],
            ),
        ],
    ),
    (
        "铸造自动打渣装置应用",
        Theme.SAFETY,
        "铸造炉人工打渣高温作业风险大。",
        "自动打渣装置投用，打渣岗位人员远离高温区。",
        30,
        "奖励1万元",
        170,
        ["铸造车间党支部"],
        "铸造车间党支部",
        S.SUBMITTED,
        [("装置选型", 20, 19), ("安装调试", 70, 72)],
        [
            (
                100,
                100,
                "装置在两台铸造炉投用，运行稳定。",
                [("减少高温作业时间", "1460", "hours"), ("节约成本", "12", "wan_yuan")],
            )
        ],
    ),
    (
        "电解车间智能巡检系统",
        Theme.INNOVATION,
        "电解槽况巡检依靠人工，数据记录不及时。",
        "巡检机器人与槽况数据平台联动，异常及时预警。",
        40,
        "奖励2万元",
        160,
        ["设备检修党支部", "电解三车间党支部"],
        "设备检修党支部",
        S.RETURNED,
        [("巡检路线与点位设计", 20, 21), ("系统联调", 80, 90)],
        [(110, 100, "巡检系统上线，覆盖两个工区。", [("减少巡检工时", "900", "hours")])],
    ),
    (
        "绿电占比提升与负荷优化",
        Theme.GREEN,
        "在现有电网条件下进一步提高电解用电中的绿电比例。",
        "提出可落地的负荷优化方案，绿电占比提升3个百分点。",
        60,
        "奖励3万元",
        10,
        ["发电运行党支部", "设备检修党支部", "电解三车间党支部"],
        None,
        S.PUBLISHED,
        [],
        [],
    ),
    (
        "电解烟气余热回收利用",
        Theme.GREEN,
        "电解烟气余热未充分利用。",
        "完成余热回收可行性研究。",
        30,
        "",
        0,
        [],
        None,
        S.DRAFT,
        [],
        [],
    ),
]

PLANS = {
    "电解一车间党支部": "成立党员突击队，联合厂家研制样机，在12号槽试点，三个月内试运行。",
    "电解三车间党支部": "组建党员攻坚课题组，借鉴兄弟单位经验，分两步改造。",
    "电解二车间党支部": "依托党员创新工作室，开展焊接工艺正交试验。",
    "设备检修党支部": "发挥检修专业优势，党员骨干牵头，自主设计与外协结合。",
    "铸造车间党支部": "党员突击队牵头选型、安装和调试，边试边改。",
    "发电运行党支部": "党员技术骨干组建攻坚课题组，建立负荷预测模型，分季度滚动优化。",
}
TEAM_KINDS = [TeamKind.SHOCK_TEAM, TeamKind.TASK_GROUP, TeamKind.STUDIO]


class _Clock:
    """Date the records made inside `at(day)` back to that day (audit entries and rows)."""

    def __init__(self):
        self.minute = 0

    @contextmanager
    def at(self, day):
        marks = {m: (m.objects.aggregate(x=Max("id"))["x"] or 0) for m in _DATED}
        yield
        self.minute = (self.minute + 17) % 50
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, self.minute)))
        with audit.backdating():
            for model, field in _DATED.items():
                model.objects.filter(id__gt=marks[model]).update(**{field: when})


_DATED = {AuditEntry: "at", ProgressReport: "created_at", Application: "created_at"}


def seed(ctx):
    from django.contrib.auth import get_user_model

    branches = {b.name: b for b in ctx.made["branches"]}
    committee = get_user_model().objects.get(username="committee")
    clock = _Clock()
    for row in DEMONSTRATIONS:
        _demonstration(ctx.today, clock, committee, branches, *row)
    for row in LISTED_PROJECTS:
        _listed(ctx.today, clock, committee, branches, *row)


def _people(branch):
    return list(branch.members.filter(is_active=True).order_by("employee_no"))


def _secretary(branch):
    return Role.objects.get(kind=Role.Kind.SECRETARY, branch=branch).member.user


def _demonstration(
    today,
    clock,
    committee,
    branches,
    title,
    theme,
    host,
    problem,
    outcome,
    ago,
    length,
    milestones,
    reports,
    state,
):
    if Initiative.objects.filter(title=title).exists():
        return
    branch = branches[host]
    people = _people(branch)
    starts = today - datetime.timedelta(days=ago)
    data = {
        "kind": DEMO,
        "title": title,
        "theme": theme,
        "problem": problem,
        "expected_outcome": outcome,
        "reward_points": 0,
        "reward_text": "",
        "branch": branch,
        "lead": people[2],
        "team_kind": TeamKind.SHOCK_TEAM,
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=length),
    }
    plan = [{"title": t, "due_on": starts + datetime.timedelta(days=d)} for t, d, _ in milestones]
    with clock.at(starts - datetime.timedelta(days=7)):
        initiative = services.create_initiative(data, people[2:7], plan, by=committee)
    with clock.at(starts):
        initiative = services.take_step(initiative, S.IN_PROGRESS, by=committee)
    _work(today, clock, initiative, people[2].user, starts, milestones, reports)


def _listed(
    today,
    clock,
    committee,
    branches,
    title,
    theme,
    problem,
    outcome,
    points,
    reward,
    ago,
    applicants,
    winner,
    state,
    milestones,
    reports,
):
    if Initiative.objects.filter(title=title).exists():
        return
    published = today - datetime.timedelta(days=ago)
    deadline = published + datetime.timedelta(days=20)
    starts = deadline + datetime.timedelta(days=10) if winner else today + datetime.timedelta(30)
    data = {
        "kind": LISTED,
        "title": title,
        "theme": theme,
        "problem": problem,
        "expected_outcome": outcome,
        # Applications are made today, so the deadline is set back to its real date after.
        "apply_deadline": max(deadline, today),
        "reward_points": points,
        "reward_text": reward,
        "branch": None,
        "lead": None,
        "team_kind": "",
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=240),
    }
    plan = [{"title": t, "due_on": starts + datetime.timedelta(days=d)} for t, d, _ in milestones]
    with clock.at(published - datetime.timedelta(days=3)):
        initiative = services.create_initiative(data, [], plan, by=committee)
    if state == S.DRAFT:
        return
    with clock.at(published):
        initiative = services.take_step(initiative, S.PUBLISHED, by=committee)
    for n, name in enumerate(applicants):
        branch = branches[name]
        people = _people(branch)
        secretary = _secretary(branch)
        with clock.at(min(published + datetime.timedelta(days=3 + 4 * n), today)):
            services.apply(
                initiative,
                branch,
                {
                    "plan": PLANS[name],
                    "team_kind": TEAM_KINDS[n % 3],
                    "lead": people[3],
                    "team": people[3:8],
                },
                by=secretary,
            )
    Initiative.objects.filter(pk=initiative.pk).update(apply_deadline=deadline)
    if winner is None:
        return
    with clock.at(deadline + datetime.timedelta(days=5)):
        initiative = services.award(
            initiative, branches[winner], by=committee, comments="方案可行，团队力量强。"
        )
    secretary = _secretary(branches[winner])
    with clock.at(starts):
        initiative = services.take_step(initiative, S.IN_PROGRESS, by=secretary)
    _work(today, clock, initiative, secretary, starts, milestones, reports)
    if state in (S.SUBMITTED, S.ACCEPTED, S.RETURNED):
        last = starts + datetime.timedelta(days=max(d for d, *_ in reports) + 2)
        with clock.at(last):
            initiative = services.take_step(
                initiative, S.SUBMITTED, by=secretary, comments="项目已完成，申请验收。"
            )
        if state == S.ACCEPTED:
            with clock.at(last + datetime.timedelta(days=6)):
                services.take_step(
                    initiative,
                    S.ACCEPTED,
                    by=committee,
                    rating=Initiative.Rating.EXCELLENT,
                    comments="目标全部实现，成果可在各电解车间推广。",
                )
        elif state == S.RETURNED:
            with clock.at(last + datetime.timedelta(days=5)):
                services.take_step(
                    initiative,
                    S.RETURNED,
                    by=committee,
                    reason="预警准确率数据不完整，请补充三个月运行记录后再提交。",
                )


def _work(today, clock, initiative, by, starts, milestones, reports):
    """Tick the milestones done by then and post the reports, each on its day."""
    events = []
    for title, _due, done in milestones:
        if done is not None and starts + datetime.timedelta(days=done) <= today:
            events.append((done, "milestone", title))
    for day, percent, text, figures in reports:
        events.append((day, "report", (percent, text, figures)))
    for offset, what, detail in sorted(events, key=lambda e: (e[0], e[1])):
        day = min(starts + datetime.timedelta(days=offset), today)
        with clock.at(day):
            if what == "milestone":
                milestone = Milestone.objects.get(initiative=initiative, title=detail)
                services.complete_milestone(milestone, by=by, today=day)
            else:
                percent, text, figures = detail
                services.report_progress(
                    initiative,
                    {"percent": percent, "text": text},
                    [{"label": lab, "quantity": Decimal(q), "unit": u} for lab, q, u in figures],
                    [],
                    by=by,
                )
