"""The demo company's party affairs: a pipeline of applicants in every branch, a year of
dues (most paid, some gaps), last year's finished appraisal and this year's open one, and
a few transfers. Idempotent: everything is found by a natural key before it is made."""

import datetime
from collections import Counter
from decimal import Decimal

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
    Transfer,
    VoteCount,
    add_months,
    dues_for_income,
)
from branches.demo import DEMO_BRANCH, RETIRED_BRANCH, _name
from branches.demo_records import fill_records
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
    # Nobody applies to join in the 离退休党支部: its people are members of long standing.
    _recruitment(rng, [b for b in branches if b.name != RETIRED_BRANCH], ctx.today)
    _transfers(branches, ctx.today)
    _dues(rng, ctx.today)
    _appraisals(rng, branches, ctx.today)
    # The members made here (预备党员 from 发展党员) get their records like everyone else.
    fill_records(list(Member.objects.filter(birth_date__isnull=True)), ctx.today)


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
    # Waiting for the committee: out of the company, with the letter's number.
    leaver = Member.objects.filter(employee_no="HJ10008").first()
    if leaver and not Transfer.objects.filter(member=leaver).exists():
        Transfer.objects.create(
            member=leaver,
            kind=Transfer.Kind.OUT,
            from_branch=leaver.branch,
            destination="内蒙古某能源集团公司党委",
            letter_no=f"鸿骏党组转字〔{today.year}〕第008号",
            reason="调离本公司",
        )


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
            # Those who had joined by the appraisal take part; the full members among them
            # vote and are graded (预备党员 have no vote, 党章 第七条, and are not graded),
            # 优秀 at most a third of them.
            present = [m for m in people if _member_by(m, appraisal.opened_on)]
            graded = [m for m in present if _full_by(m, appraisal.opened_on)]
            appraisal.participants.set(present)
            grades = _capped_grades(rng, graded)
            _ballots(rng, appraisal, graded, graded, grades)
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
            graded = [m for m in people if _full_by(m, appraisal.opened_on)]
            appraisal.participants.set(people)
            voters = [m for m in graded if m != demo_member and rng.random() < 0.6]
            _ballots(rng, appraisal, graded, voters, _capped_grades(rng, graded))


def _grade(rng):
    return rng.choices(Rating.values, weights=[22, 74, 3, 1])[0]


def _member_by(member, day):
    return member.joined_on is None or member.joined_on <= day


def _full_by(member, day):
    """A full member on `day`: 转正 by then (or full, with no date recorded)."""
    if member.status != Member.Status.FULL:
        return False
    return member.full_member_on is None or member.full_member_on <= day


def _capped_grades(rng, graded):
    """Grades with 优秀 kept to a third of those graded, rounded down."""
    grades = {m.pk: _grade(rng) for m in graded}
    excellent = [pk for pk, rating in grades.items() if rating == Rating.EXCELLENT]
    for pk in excellent[len(graded) // 3 :]:
        grades[pk] = Rating.QUALIFIED
    return grades


def _ballots(rng, appraisal, people, voters, grades):
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
