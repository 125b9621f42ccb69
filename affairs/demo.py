"""The demo company's party affairs: a pipeline of applicants in every branch, a year of
dues (most paid, some gaps), last year's finished appraisal and this year's open one, and
a few transfers. Idempotent: everything is found by a natural key before it is made."""

import datetime
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from affairs.appraisal.services import open_counts
from affairs.models import (
    NOTICE,
    PROBATION_MONTHS,
    STEP_BY_CODE,
    Applicant,
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    BranchMembership,
    DuesBase,
    DuesCategory,
    DuesPayment,
    PaymentMethod,
    Rating,
    RecruitmentPlan,
    RecruitmentRecord,
    SelfAssessment,
    Stage,
    Talk,
    Transfer,
    VoteCount,
    add_months,
    dues_for_income,
    earliest_after,
    excellent_allowed,
    letter_latest_valid_until,
)
from branches.demo import DEMO_BRANCH, RETIRED_BRANCH, _name
from branches.demo_records import fill_records
from branches.models import Branch, Member, Role
from hongjun import workdays

# Where each demo applicant stands: how many days ago they applied (before a few days'
# jitter) and the step they stop at (None: every step whose day has come). The way itself is
# built forward by `_way` with the gaps a branch takes, so the 细则's rules hold: a year as
# 积极分子, 公示 of five working days on the holiday calendar, three days of training,
# approval within three months, the 预备期 to the day.
PROFILES = {
    "new": (20, "application"),
    "talk_overdue": (45, "application"),
    "activist": (230, None),
    "activist_ready": (445, None),
    "candidate": (520, None),
    "probationary": (700, None),
    "extended": (1000, "placed"),
    "converting": (960, None),
    "full": (1100, None),
}
NOTES = {
    "application": "本人递交入党申请书",
    "talk": "党支部书记谈话，了解入党动机",
    "activist": "党员推荐、团组织推优，支部委员会研究确定",
    "contacts": "指定两名正式党员为培养联系人",
    "cultivation": "每半年考察一次，考察合格",
    "candidate_notice": "在车间公示栏和党建平台公示，无异议",
    "sponsors": "由两名培养联系人担任入党介绍人",
    "vetting": "政治审查合格，形成综合性政审报告",
    "training": "参加公司党委发展对象培训班",
    "review": "支部委员会审查合格",
    "prereview": "公司党委预审合格，发放入党志愿书",
    "vote": "支部党员大会表决通过",
    "interview": "公司党委组织员谈话",
    "approval": "公司党委审批同意",
    "oath": "面向党旗进行入党宣誓",
    "probation": "预备期考察合格",
    "conversion_notice": "转正公示期满，无异议",
    "conversion_vote": "支部党员大会表决同意按期转正",
    "confirmation": "公司党委审批同意按期转正",
    "archive": "材料交公司党委组织部归档",
    "extension": "支部党员大会决定延长预备期六个月，继续考察",
}


def _way(applied_on):
    """{code: fields} for every step of a way begun on `applied_on`, in order."""
    days = datetime.timedelta
    way = {}

    def after(code, n):
        return way[code]["done_on"] + days(days=n)

    def notice(begin):
        start = workdays.nth_working_day(begin, 1)
        return {"started_on": start, "done_on": workdays.nth_working_day(start, 5)}

    way["application"] = {"done_on": applied_on}
    way["talk"] = {"done_on": after("application", 10)}
    way["activist"] = {"done_on": after("talk", 60)}
    way["activist_filed"] = {"done_on": after("activist", 5)}
    way["contacts"] = {"done_on": after("activist_filed", 7)}
    way["cultivation"] = {"done_on": earliest_after(way["activist"]["done_on"], 12) + days(3)}
    way["candidate_notice"] = notice(after("cultivation", 3))
    way["candidate"] = {"done_on": after("candidate_notice", 3)}
    way["candidate_filed"] = {"done_on": after("candidate", 7)}
    way["sponsors"] = {"done_on": after("candidate_filed", 5)}
    way["vetting"] = {"done_on": after("sponsors", 45)}
    start = after("vetting", 20)
    way["training"] = {"started_on": start, "done_on": start + days(2), "hours": 24}
    way["review"] = {"done_on": after("training", 14)}
    way["prereview"] = {"done_on": after("review", 14)}
    way["form"] = {"done_on": after("prereview", 7)}
    way["vote"] = {"done_on": after("form", 21)}
    way["interview"] = {"done_on": after("vote", 10)}
    way["approval"] = {"done_on": after("interview", 20)}
    way["approval_filed"] = {"done_on": after("approval", 10)}
    way["oath"] = {"done_on": after("approval_filed", 5)}
    way["placed"] = {"done_on": after("oath", 0)}
    end = earliest_after(way["vote"]["done_on"], PROBATION_MONTHS)
    way["probation"] = {"done_on": end}
    way["conversion_request"] = {"done_on": end}
    way["conversion_notice"] = notice(end + days(2))
    way["conversion_vote"] = {"done_on": after("conversion_notice", 3)}
    way["confirmation"] = {"done_on": after("conversion_vote", 30)}
    way["archive"] = {"done_on": after("confirmation", 14)}
    return way


def seed(ctx):
    branches = ctx.made["branches"]
    rng = ctx.rng
    # Nobody applies to join in the 离退休党支部: its people are members of long standing.
    _recruitment(rng, [b for b in branches if b.name != RETIRED_BRANCH], ctx.today)
    _plans(rng, branches, ctx.today)
    _transfers(branches, ctx.today)
    # The members made here (预备党员 from 发展党员, one received from outside) get their
    # records like everyone else, before the appraisals that grade by the 转正 date.
    fill_records(list(Member.objects.filter(birth_date__isnull=True)), ctx.today)
    _dues(rng, ctx.today)
    _appraisals(rng, branches, ctx.today)
    _talks(rng, branches, ctx.today)


def _recruitment(rng, branches, today):
    kinds = list(PROFILES)
    for b_index, branch in enumerate(branches, start=1):
        chosen = ["new", *rng.sample(kinds[1:], 3)] if b_index % 3 else kinds
        for i, kind in enumerate(chosen, start=1):
            employee_no = f"SQ{b_index:02d}{i:02d}"
            if Applicant.objects.filter(employee_no=employee_no).exists():
                continue
            ago, stop = PROFILES[kind]
            applied_on = today - datetime.timedelta(days=ago + rng.randint(0, 9))
            steps = []
            for code, fields in _way(applied_on).items():
                notice = STEP_BY_CODE[code].kind == NOTICE
                if (fields["started_on"] if notice else fields["done_on"]) > today:
                    break
                steps.append((code, fields))
                if code == stop or fields["done_on"] > today:  # a 公示 still running
                    break
            _applicant(rng, branch, employee_no, steps, extended=kind == "extended")


def _applicant(rng, branch, employee_no, steps, extended):
    """An applicant with the records of `steps`, their stage and (once approved) member."""
    stage = STEP_BY_CODE[steps[-1][0]].stage
    applicant = Applicant.objects.create(
        branch=branch,
        name=_name(rng),
        gender=rng.choice("mmf"),
        employee_no=employee_no,
        birth_date=steps[0][1]["done_on"] - datetime.timedelta(days=rng.randint(7000, 12000)),
        post=rng.choice(["电解工", "检修工", "技术员", "质检员", "值班员", "阳极工"]),
        stage=stage,
    )
    records = {}
    for code, fields in steps:
        records[code] = RecruitmentRecord.objects.create(
            applicant=applicant, step=code, note=NOTES.get(code, ""), **fields
        )
    if extended:
        # The 支部大会 met when the 预备期 was over and extended it by six months.
        end = earliest_after(records["vote"].done_on, PROBATION_MONTHS)
        RecruitmentRecord.objects.create(
            applicant=applicant,
            step="extension",
            done_on=end + datetime.timedelta(days=3),
            months=6,
            note=NOTES["extension"],
        )
    if "approval" in records:
        applicant.member = Member.objects.create(
            name=applicant.name,
            gender=applicant.gender,
            employee_no=employee_no,
            branch=branch,
            post=applicant.post,
            status=Member.Status.FULL if stage == Stage.FULL else Member.Status.PROBATIONARY,
            joined_on=records["vote"].done_on,
        )
        applicant.save(update_fields=["member"])


def _plans(rng, branches, today):
    """The committee's 年度发展计划 for last year and this one."""
    for branch in branches:
        for year in (today.year - 1, today.year):
            RecruitmentPlan.objects.get_or_create(
                branch=branch,
                year=year,
                defaults={"candidates": rng.randint(1, 3), "admissions": rng.randint(1, 2)},
            )


def _transfers(branches, today):
    by_name = {b.name: b for b in branches}
    # Moved three months ago, within the 电解铝党总支: history rows on both sides.
    mover = Member.objects.filter(employee_no="HJ02010").first()
    old, new = by_name["电解二车间党支部"], by_name["电解三车间党支部"]
    if mover and not Transfer.objects.filter(member=mover).exists():
        moved_on = today - datetime.timedelta(days=90)
        Transfer.objects.create(
            member=mover,
            kind=Transfer.Kind.INTERNAL,
            from_branch=old,
            to_branch=new,
            reason="工作调动至电解三车间",
            status=Transfer.Status.ACCEPTED,
            moved_on=moved_on,
        )
        BranchMembership.objects.create(
            member=mover,
            branch=old,
            start=mover.joined_on or moved_on.replace(year=2000),
            end=moved_on,
        )
        BranchMembership.objects.create(member=mover, branch=new, start=moved_on)
        mover.branch, mover.party_group = new, None
        mover.save(update_fields=["branch", "party_group"])
    # Waiting for the demo secretary: a move into their branch from 铸造车间.
    incoming = Member.objects.filter(employee_no="HJ04009").first()
    if incoming and not Transfer.objects.filter(member=incoming).exists():
        Transfer.objects.create(
            member=incoming,
            kind=Transfer.Kind.INTERNAL,
            from_branch=incoming.branch,
            to_branch=by_name[DEMO_BRANCH],
            reason="岗位调整至电解一车间",
        )
    # Waiting for the committee: out of the company, with its letter (three months at most).
    leaver = Member.objects.filter(employee_no="HJ10008").first()
    if leaver and not Transfer.objects.filter(member=leaver).exists():
        issued = today - datetime.timedelta(days=5)
        Transfer.objects.create(
            member=leaver,
            kind=Transfer.Kind.OUT,
            from_branch=leaver.branch,
            destination="内蒙古某能源集团公司党委",
            letter_no=f"鸿骏党组转字〔{today.year}〕第008号",
            letter_issued_on=issued,
            letter_valid_until=letter_latest_valid_until(issued),
            dues_paid_until=add_months(today.replace(day=1), -1),
            reason="调离本公司",
        )
    _moves_out(branches, today)
    _move_in(by_name[DEMO_BRANCH], today)


def _moves_out(branches, today):
    """Two members who left the company: one whose 回执 came back, one whose letter ran out
    with none (flagged on the list and reminded)."""
    stories = [
        # (branch, letter days ago, valid days, receipt days ago, where to, number)
        ("铸造车间党支部", 150, 60, 120, "包头市某铝业公司党委", "第003号"),
        ("发电运行党支部", 80, 30, None, "呼和浩特市某热电公司党委", "第005号"),
    ]
    by_name = {b.name: b for b in branches}
    for name, ago, valid, receipt, destination, number in stories:
        branch = by_name.get(name)
        letter_no = f"鸿骏党组转字〔{(today - datetime.timedelta(days=ago)).year}〕{number}"
        if branch is None or Transfer.objects.filter(letter_no=letter_no).exists():
            continue
        member = (
            Member.objects.filter(branch=branch, is_active=True, roles__isnull=True)
            .exclude(user__username="member")
            .order_by("-employee_no")
            .first()
        )
        issued = today - datetime.timedelta(days=ago)
        moved = issued + datetime.timedelta(days=2)
        transfer = Transfer.objects.create(
            member=member,
            kind=Transfer.Kind.OUT,
            from_branch=branch,
            destination=destination,
            letter_no=letter_no,
            letter_issued_on=issued,
            letter_valid_until=issued + datetime.timedelta(days=valid),
            dues_paid_until=add_months(issued.replace(day=1), -1),
            reason="调离本公司",
            status=Transfer.Status.ACCEPTED,
            moved_on=moved,
            receipt_on=today - datetime.timedelta(days=receipt) if receipt else None,
            receipt_by=destination if receipt else "",
        )
        _requested(transfer, issued)
        BranchMembership.objects.create(
            member=member,
            branch=branch,
            start=member.joined_on or datetime.date(2000, 7, 1),
            end=moved,
        )
        member.is_active = False
        member.save(update_fields=["is_active"])


def _move_in(branch, today):
    """A member who came from outside with their letter, placed in the first 党小组."""
    if Member.objects.filter(employee_no="HJ90001").exists():
        return
    received = today - datetime.timedelta(days=40)
    issued = received - datetime.timedelta(days=12)
    member = Member.objects.create(
        name="韩立新",
        gender=Member.Gender.MALE,
        employee_no="HJ90001",
        branch=branch,
        party_group=branch.groups.order_by("name").first(),
        joined_on=datetime.date(2015, 6, 28),
        post="电解工",
    )
    BranchMembership.objects.create(member=member, branch=branch, start=received)
    transfer = Transfer.objects.create(
        member=member,
        kind=Transfer.Kind.IN,
        to_branch=branch,
        origin="中铝包头铝业有限公司电解厂党委",
        letter_no=f"包铝党组转字〔{issued.year}〕第047号",
        letter_issued_on=issued,
        letter_valid_until=letter_latest_valid_until(issued),
        dues_paid_until=add_months(issued.replace(day=1), -1),
        reason="调入本公司",
        status=Transfer.Status.ACCEPTED,
        moved_on=received,
    )
    _requested(transfer, received)


def _requested(transfer, day):
    """The demo's history: the move was entered on its day, not when the demo was made."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    Transfer.objects.filter(pk=transfer.pk).update(requested_at=moment)


def _dues(rng, today):
    """A declaration for every member and the payments of the last twelve months."""
    members = list(Member.objects.filter(is_active=True).order_by("employee_no"))
    declared = set(DuesBase.objects.values_list("member_id", flat=True))
    this_month = today.replace(day=1)
    first = add_months(this_month, -11)
    secretary_of = dict(
        Role.objects.filter(kind=Role.Kind.SECRETARY).values_list("branch_id", "member__name")
    )
    bases, payments = [], []
    for member in members:
        if member.pk in declared:
            continue
        income = Decimal(rng.randrange(3000, 13000, 100))
        if rng.random() < 0.05:
            income = Decimal("3000")  # on a band's edge: 0.5 %
        category = DuesCategory.IN_SERVICE
        dues, rate = dues_for_income(income, category)
        bases.append(
            DuesBase(
                member=member,
                category=category,
                income=income,
                monthly_dues=dues,
                rate=rate,
                valid_from=first,
            )
        )
        proxy = rng.choice(["", "", "", "", "家属", "班组长"])
        # Members pay themselves (《规定》第十一条): online, by transfer or in cash.
        method = PaymentMethod.TRANSFER if member.pk % 3 == 0 else PaymentMethod.WECHAT
        for n in range(12):
            month = add_months(first, n)
            if rng.random() < (0.4 if month == this_month else 0.05):
                continue  # the gaps a secretary chases
            payments.append(
                DuesPayment(
                    member=member,
                    branch_id=member.branch_id,
                    month=month,
                    amount=dues,
                    method=method if not proxy else PaymentMethod.CASH,
                    paid_on=min(today, month + datetime.timedelta(days=rng.randint(3, 20))),
                    proxy=proxy,
                    # 代缴 with the branch's consent (《规定》第十一条), given when it began.
                    proxy_consent_by=(secretary_of.get(member.branch_id) or "支部委员会")
                    if proxy
                    else "",
                    proxy_consent_on=first if proxy else None,
                )
            )
    DuesBase.objects.bulk_create(bases)
    DuesPayment.objects.bulk_create(payments)


def _appraisals(rng, branches, today):
    last_year = today.year - 1
    for branch in branches:
        people = list(Member.objects.filter(branch=branch, is_active=True).order_by("employee_no"))
        appraisal, created = Appraisal.objects.get_or_create(
            branch=branch,
            year=last_year,
            defaults={
                "status": Appraisal.Status.SETTLED,
                "opened_on": datetime.date(last_year, 12, 10),
            },
        )
        if created:
            present, graded = _take_part(appraisal, people)
            grades = _within_a_third(rng, graded)
            _ballots(rng, appraisal, graded, present, grades)
            AppraisalResult.objects.bulk_create(
                AppraisalResult(appraisal=appraisal, member=m, rating=grades[m.pk]) for m in graded
            )
    # This year's, open, in the demo branch and one more: the demo member has not voted.
    demo_member = Member.objects.filter(user__username="member").first()
    for name in (DEMO_BRANCH, "发电运行党支部"):
        branch = Branch.objects.get(name=name)
        people = list(Member.objects.filter(branch=branch, is_active=True).order_by("employee_no"))
        appraisal, created = Appraisal.objects.get_or_create(
            branch=branch,
            year=today.year,
            defaults={"opened_on": today - datetime.timedelta(days=3)},
        )
        if created:
            present, graded = _take_part(appraisal, people)
            voters = [m for m in present if m != demo_member and rng.random() < 0.6]
            _ballots(rng, appraisal, graded, voters, {m.pk: _grade(rng) for m in graded})


def _take_part(appraisal, people):
    """Those who had joined by the appraisal take part; those not yet full members then
    (预备党员) are not graded. Returns (those taking part, the graded)."""
    present = [m for m in people if _member_by(m, appraisal.opened_on)]
    graded = [m for m in present if _full_by(m, appraisal.opened_on)]
    appraisal.participants.set(present)
    appraisal.ungraded.set([m for m in present if m not in graded])
    return present, graded


def _within_a_third(rng, graded):
    """Grades drawn at random, then the 优秀 beyond a third of those graded made 合格."""
    grades = {m.pk: _grade(rng) for m in graded}
    excellent = [pk for pk, g in grades.items() if g == Rating.EXCELLENT]
    for pk in excellent[excellent_allowed(len(graded)) :]:
        grades[pk] = Rating.QUALIFIED
    return grades


def _grade(rng):
    return rng.choices(Rating.values, weights=[22, 74, 3, 1])[0]


def _member_by(member, day):
    return member.joined_on is None or member.joined_on <= day


def _full_by(member, day):
    """A full member on `day`: 转正 by then (or full, with no date recorded)."""
    if member.status != Member.Status.FULL:
        return False
    return member.full_member_on is None or member.full_member_on <= day


def _ballots(rng, appraisal, people, voters, grades):
    """`people` are those rated (the graded), `voters` those who cast a ballot."""
    open_counts(appraisal, people)
    counts = Counter()
    for voter in voters:
        BallotReceipt.objects.create(appraisal=appraisal, voter=voter)
        SelfAssessment.objects.create(
            appraisal=appraisal,
            member=voter,
            rating=Rating.QUALIFIED,
            summary="认真履行党员义务，立足岗位作贡献。",
        )
        for subject in people:
            if subject != voter:
                rating = grades[subject.pk] if rng.random() < 0.8 else Rating.QUALIFIED
                counts[subject.pk, rating] += 1
    for (subject, rating), n in counts.items():
        VoteCount.objects.filter(appraisal=appraisal, subject_id=subject, rating=rating).update(
            ballots=n
        )


# 谈心谈话 --------------------------------------------------------------------------------

GISTS = [
    "交流了倒班期间参加组织生活的安排，本人表示克服困难按时参加。",
    "谈了岗位安全责任区的隐患整改情况，提醒注意有限空间作业风险。",
    "听取了对支部工作的意见：希望党课多结合电解生产实际。",
    "了解家庭困难情况，支部将协调工会帮扶。",
    "谈了参加党员突击队攻关的体会和下一步打算。",
]


def _talks(rng, branches, today):
    """This year's talks: the secretary with most members, a few members with each other,
    some members not yet reached (coverage below 100 % in most branches)."""
    if Talk.objects.exists():
        return
    secretaries = dict(
        Role.objects.filter(kind=Role.Kind.SECRETARY).values_list("branch_id", "member")
    )
    start = datetime.date(today.year, 1, 10)
    # Nobody talks in a branch before they are in it (the member received from outside).
    arrived = dict(BranchMembership.objects.filter(end__isnull=True).values_list("member", "start"))

    def day(*members):
        first = max([start, *(arrived.get(m.pk, start) for m in members)])
        return first + datetime.timedelta(days=rng.randrange(max((today - first).days, 1)))

    talks = []
    for branch in branches:
        people = list(Member.objects.filter(branch=branch, is_active=True).order_by("employee_no"))
        secretary = next((m for m in people if m.pk == secretaries.get(branch.pk)), None)
        if secretary is None or len(people) < 2:
            continue

        def talk(a, b, secretary=secretary, branch=branch):
            return Talk(
                branch=branch,
                talker=a,
                talkee=b,
                held_on=day(a, b),
                gist=rng.choice(GISTS),
                recorded_by=secretary.user,
            )

        talks += [talk(secretary, m) for m in people if m != secretary and rng.random() >= 0.25]
        talks += [
            talk(a, b)
            for a, b in zip(people[1::2], people[2::2], strict=False)
            if rng.random() < 0.3
        ]
    Talk.objects.bulk_create(talks)
