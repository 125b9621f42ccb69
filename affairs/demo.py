"""The demo company's party affairs: a pipeline of applicants in every branch, a year of
dues (most paid, some gaps), last year's finished appraisal and this year's open one, and
a few transfers. Idempotent: everything is found by a natural key before it is made."""

import datetime
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from affairs.appraisal.services import open_counts
from affairs.models import (
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
    RecruitmentRecord,
    SelfAssessment,
    Stage,
    Talk,
    Transfer,
    VoteCount,
    add_months,
    dues_for_income,
    excellent_allowed,
    letter_latest_valid_until,
)
from branches.demo import DEMO_BRANCH, _name
from branches.models import Branch, Member, Role

# Where each demo applicant stands: the steps done, in days before today. The intervals of
# the 细则 hold (a year as 积极分子, the vote before the approval, ...).
PROFILES = {
    "new": [("application", 20)],
    "talk_overdue": [("application", 45)],
    "activist_ready": [("application", 420), ("talk", 400), ("activist", 380), ("contacts", 375)],
    "activist": [("application", 230), ("talk", 215), ("activist", 170), ("contacts", 165)],
    "candidate": [
        ("application", 900),
        ("talk", 880),
        ("activist", 800),
        ("contacts", 795),
        ("candidate", 420),
        ("vetting", 300),
        ("training", 200),
    ],
    "probationary": [
        ("application", 1250),
        ("talk", 1230),
        ("activist", 1150),
        ("contacts", 1145),
        ("candidate", 700),
        ("vetting", 650),
        ("training", 600),
        ("vote", 345),
        ("approval", 320),
        ("oath", 300),
    ],
}
STAGE_OF = {
    "application": Stage.APPLICANT,
    "talk": Stage.APPLICANT,
    "activist": Stage.ACTIVIST,
    "contacts": Stage.ACTIVIST,
    "candidate": Stage.CANDIDATE,
    "vetting": Stage.CANDIDATE,
    "training": Stage.CANDIDATE,
    "vote": Stage.CANDIDATE,
    "approval": Stage.PROBATIONARY,
    "oath": Stage.PROBATIONARY,
}
NOTES = {
    "application": "本人递交入党申请书",
    "talk": "党支部书记谈话，了解入党动机",
    "contacts": "指定两名正式党员为培养联系人",
    "vetting": "政治审查合格，形成综合性政审报告",
    "training": "参加公司党委集中培训（24学时）",
    "vote": "支部党员大会表决通过",
    "approval": "公司党委审批同意",
    "oath": "面向党旗进行入党宣誓",
}


def seed(ctx):
    branches = ctx.made["branches"]
    rng = ctx.rng
    _recruitment(rng, branches, ctx.today)
    _transfers(branches, ctx.today)
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
            steps = PROFILES[kind]
            applicant = Applicant.objects.create(
                branch=branch,
                name=_name(rng),
                gender=rng.choice("mmf"),
                employee_no=employee_no,
                post=rng.choice(["电解工", "检修工", "技术员", "质检员", "值班员"]),
                stage=STAGE_OF[steps[-1][0]],
            )
            jitter = rng.randint(0, 9)  # not everyone on the same days
            days = {code: today - datetime.timedelta(days=n + jitter) for code, n in steps}
            for code, day in days.items():
                RecruitmentRecord.objects.create(
                    applicant=applicant, step=code, done_on=day, note=NOTES.get(code, "")
                )
            if applicant.stage == Stage.PROBATIONARY:
                applicant.member = Member.objects.create(
                    name=applicant.name,
                    gender=applicant.gender,
                    employee_no=employee_no,
                    branch=branch,
                    post=applicant.post,
                    status=Member.Status.PROBATIONARY,
                    joined_on=days["vote"],
                )
                applicant.save(update_fields=["member"])


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
            graded = _take_part(appraisal, people)
            grades = _within_a_third(rng, graded)
            _ballots(rng, appraisal, graded, people, grades)
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
            graded = _take_part(appraisal, people)
            voters = [m for m in people if m != demo_member and rng.random() < 0.6]
            _ballots(rng, appraisal, graded, voters, {m.pk: _grade(rng) for m in graded})


def _take_part(appraisal, people):
    """Everyone takes part; the 预备党员 are not graded. Returns the graded."""
    appraisal.participants.set(people)
    appraisal.ungraded.set([m for m in people if m.status == Member.Status.PROBATIONARY])
    return [m for m in people if m.status != Member.Status.PROBATIONARY]


def _within_a_third(rng, graded):
    """Grades drawn at random, then the 优秀 beyond a third of those graded made 合格."""
    grades = {m.pk: _grade(rng) for m in graded}
    excellent = [pk for pk, g in grades.items() if g == Rating.EXCELLENT]
    for pk in excellent[excellent_allowed(len(graded)) :]:
        grades[pk] = Rating.QUALIFIED
    return grades


def _grade(rng):
    return rng.choices(Rating.values, weights=[22, 74, 3, 1])[0]


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
