"""Reads for the party affairs pages, exports and reminders, with their queries decided here."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from .affairs_models import (
    RECRUITMENT_STEPS,
    Applicant,
    Appraisal,
    AppraisalResult,
    BallotReceipt,
    BranchMembership,
    DuesBase,
    DuesPayment,
    DuesYear,
    Rating,
    RecruitmentRecord,
    SelfAssessment,
    Stage,
    Vote,
    add_months,
    earliest_after,
)
from .models import Member

# Reminders look this far ahead for steps that fall due.
REMINDER_WINDOW = datetime.timedelta(days=14)

# Rosters on a date --------------------------------------------------------------------


def members_of(branch, on):
    """The members in `branch` on the date `on`, by the history of moves (a queryset).

    A member with history rows counts where a row covers `on` (start ≤ on < end); a member
    who never moved has always been in their current branch while active.
    """
    rows = BranchMembership.objects.filter(member=OuterRef("pk"))
    covering = rows.filter(branch=branch, start__lte=on).filter(Q(end__isnull=True) | Q(end__gt=on))
    return Member.objects.filter(
        Exists(covering) | (Q(branch=branch, is_active=True) & ~Exists(rows))
    )


def membership_history(member):
    """The member's rows of branch history, oldest first (one query)."""
    return member.memberships.select_related("branch").order_by("start", "id")


# 发展党员 -------------------------------------------------------------------------------


def current_steps(records):
    """{step code: its current record} from an applicant's records in id order; a
    withdrawn step is absent."""
    current = {}
    for record in records:
        if record.reverses:
            current.pop(record.step, None)
        else:
            current[record.step] = record
    return current


def next_rule(done):
    """The first step of the table not yet done, or None once the applicant is a full member."""
    return next((rule for rule in RECRUITMENT_STEPS if rule.code not in done), None)


@dataclass
class Plan:
    """An applicant's next step: not before `earliest`, due by `deadline`."""

    step: object = None
    earliest: datetime.date | None = None
    deadline: datetime.date | None = None
    today: datetime.date | None = None

    @property
    def due(self):
        """When the secretary should act: the deadline, or the day the step opens."""
        return self.deadline or self.earliest

    @property
    def too_early(self):
        return self.earliest is not None and self.today < self.earliest

    @property
    def overdue(self):
        return self.deadline is not None and self.today > self.deadline


def plan(done_dates, today):
    """The next step for an applicant whose steps are done on `done_dates` {code: date}."""
    rule = next_rule(done_dates)
    if rule is None:
        return Plan(today=today)
    result = Plan(step=rule, today=today)
    if rule.earliest and rule.earliest[0] in done_dates:
        result.earliest = earliest_after(done_dates[rule.earliest[0]], rule.earliest[1])
    if rule.deadline and rule.deadline[0] in done_dates:
        result.deadline = add_months(done_dates[rule.deadline[0]], rule.deadline[1])
    return result


def applicants_with_plans(applicants, today):
    """Applicants with `.current` (step → record) and `.plan` (two queries)."""
    rows = list(
        applicants.select_related("branch", "member").prefetch_related(
            Prefetch("records", queryset=RecruitmentRecord.objects.order_by("id"))
        )
    )
    for applicant in rows:
        applicant.current = current_steps(applicant.records.all())
        applicant.plan = plan({c: r.done_on for c, r in applicant.current.items()}, today)
    return rows


@dataclass(frozen=True)
class DueStep:
    applicant: Applicant
    step: object
    due: datetime.date
    branch: object


def due_recruitment_steps(today, within=REMINDER_WINDOW):
    """Next steps due by `today + within` (overdue ones included), for the reminders scan:
    (applicant, step, due date, branch) rows, earliest first. Two queries, whatever the
    number of applicants."""
    rows = []
    for applicant in applicants_with_plans(Applicant.objects.exclude(stage=Stage.FULL), today):
        due = applicant.plan.due
        if applicant.plan.step and due and due <= today + within:
            rows.append(DueStep(applicant, applicant.plan.step, due, applicant.branch))
    return sorted(rows, key=lambda r: (r.due, r.branch.pk, r.applicant.pk))


def pipeline(branches):
    """Branches annotated with `stage_counts` [(stage, label, n)] of their applicants (1 query)."""
    annotated = list(
        branches.annotate(
            **{f"n_{s}": Count("applicants", filter=Q(applicants__stage=s)) for s in Stage.values}
        ).order_by("order", "name")
    )
    for branch in annotated:
        branch.stage_counts = [(s, label, getattr(branch, f"n_{s}")) for s, label in Stage.choices]
    return annotated


def applicant_timeline(applicant, records):
    """The audit entries of the applicant and of each of their step records (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from hongjun.models import AuditEntry

    return (
        AuditEntry.objects.filter(
            Q(
                content_type=ContentType.objects.get_for_model(Applicant),
                object_id=str(applicant.pk),
            )
            | Q(
                content_type=ContentType.objects.get_for_model(RecruitmentRecord),
                object_id__in=[str(r.pk) for r in records],
            )
        )
        .select_related("actor")
        .order_by("at", "id")
    )


def applicant_page(applicant):
    """One applicant's records, oldest first, with who recorded them (one query)."""
    return applicant.records.select_related("recorded_by", "corrects").order_by("id")


# 党费 ----------------------------------------------------------------------------------


@dataclass
class DuesMonth:
    month: datetime.date
    due: Decimal | None = None  # None: no declaration in force (or not yet due)
    payment: object = None
    future: bool = False

    @property
    def unpaid(self):
        return self.due is not None and self.payment is None and not self.future


@dataclass
class DuesRow:
    member: Member
    months: list = field(default_factory=list)

    @property
    def base(self):
        """The declaration in force in the last month shown."""
        bases = self.member.dues_bases.all()
        return bases[len(bases) - 1] if bases else None

    @property
    def paid_total(self):
        return sum((m.payment.amount for m in self.months if m.payment), Decimal("0"))

    @property
    def unpaid_months(self):
        return [m for m in self.months if m.unpaid]

    @property
    def due_months(self):
        return [m for m in self.months if m.due is not None and not m.future]


def effective_payments():
    """Payments standing: not reversals, not reversed."""
    return DuesPayment.objects.filter(reverses__isnull=True, reversal__isnull=True)


def dues_grid(members, year, today):
    """A DuesRow for each member with the twelve months of `year` (three queries)."""
    members = list(
        members.select_related("branch").prefetch_related(
            Prefetch("dues_bases", queryset=DuesBase.objects.order_by("valid_from", "id")),
            Prefetch(
                "dues_payments",
                queryset=effective_payments().filter(month__year=year),
                to_attr="year_payments",
            ),
        )
    )
    this_month = today.replace(day=1)
    rows = []
    for member in members:
        paid = {p.month: p for p in member.year_payments}
        bases = list(member.dues_bases.all())
        row = DuesRow(member)
        for n in range(1, 13):
            month = datetime.date(year, n, 1)
            in_force = [b for b in bases if b.valid_from <= month]
            row.months.append(
                DuesMonth(
                    month=month,
                    due=in_force[-1].monthly_dues if in_force else None,
                    payment=paid.get(month),
                    future=month > this_month,
                )
            )
        rows.append(row)
    return rows


def branch_ledger(branch, year, today):
    """The branch's members on the last day shown of `year`, with their dues months."""
    on = min(today, datetime.date(year, 12, 31))
    return dues_grid(members_of(branch, on).order_by("name"), year, today)


def member_payments(member, year):
    """Every payment row of the member for `year`, reversals included (one query)."""
    return (
        member.dues_payments.filter(month__year=year)
        .select_related("branch", "reversal")
        .order_by("month", "id")
    )


def collection_by_branch(branches, year, today):
    """Per branch: members, member-months due, paid, unpaid and the amount collected.

    Members count in their current branch: dues history goes with the member. Two queries:
    the branches and one aggregate, the same figures `dues_grid` gives each member, added
    up by the database (the grid of a company's 8,000 members took 2.6 s in Python).
    """
    branches = list(branches.order_by("order", "name"))
    totals = {
        b.pk: {"branch": b, "members": 0, "due": 0, "paid": 0, "amount": Decimal("0")}
        for b in branches
    }
    for branch_id, members, due, paid, amount in _collection_sums(list(totals), year, today):
        totals[branch_id].update(members=members, due=due, paid=paid, amount=amount)
    for t in totals.values():
        t["unpaid"] = t["due"] - t["paid"]
        t["rate"] = round(100 * t["paid"] / t["due"]) if t["due"] else None
    return list(totals.values())


def _collection_sums(branch_ids, year, today):
    """(branch_id, members, due, paid, amount) of the branches' active members in `year`.

    A member's months are due from their first declaration (or January) to this month (or
    December); a month is paid when a payment for it stands. Payments are a ledger: a
    reversal repeats the payment's member, month and amount, negated (`reverse_payment`),
    and a month has at most one payment standing (`record_payment`). So the month's rows
    counted +1 for a payment and -1 for a reversal, and their amounts added up, give what
    stands, without joining each payment to its reversal.

    The database keeps that per member and year (`DuesYear`, by triggers: a bit a month
    that stands paid, and the amount), so this is one query over 8,000 summaries rather
    than 90,000 payments a year (45 ms → a few): the months due are a CASE over the year's
    month starts, the months paid the bits from the first month due on, added up by
    branch. Plain SQL that SQLite runs too.
    """
    if not branch_ids:
        return []
    last = min(today.replace(day=1), datetime.date(year, 12, 1))
    # Month starts from January to `last`; none for a year still to come.
    months = [datetime.date(year, n, 1) for n in range(1, 13) if datetime.date(year, n, 1) <= last]
    due = " ".join(f"WHEN f.first <= %s THEN {len(months) - i}" for i in range(len(months)))
    due = f"CASE {due} ELSE 0 END" if months else "0"
    paid = " + ".join(
        f"CASE WHEN f.first <= %s THEN (COALESCE(t.paid_months, 0) >> {i}) & 1 ELSE 0 END"
        for i in range(len(months))
    )
    paid = paid or "0"
    ids = ", ".join(["%s"] * len(branch_ids))
    member, base, summary = (model._meta.db_table for model in (Member, DuesBase, DuesYear))
    sql = f"""
        SELECT m.branch_id, COUNT(*), SUM({due}), SUM({paid}), SUM(t.amount)
        FROM {member} m
        LEFT JOIN (
            SELECT member_id, MIN(valid_from) AS first FROM {base} GROUP BY member_id
        ) f ON f.member_id = m.id
        LEFT JOIN {summary} t ON t.member_id = m.id AND t.year = %s
        WHERE m.is_active AND m.branch_id IN ({ids})
        GROUP BY m.branch_id
    """  # noqa: S608 (table names from the models, every value a parameter)
    params = [*months, *months, year, *branch_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (branch_id, members, int(due or 0), int(paid or 0), _money(amount))
            for branch_id, members, due, paid, amount in cursor.fetchall()
        ]


def _money(value):
    """A sum of amounts as Decimal yuan (SQLite adds decimals up as floats)."""
    if value is None:
        return Decimal("0")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.01"))


# 组织关系转接 ----------------------------------------------------------------------------


def transfer_list(transfers):
    return transfers.select_related(
        "member", "from_branch", "to_branch", "to_branch__general_branch", "requested_by"
    ).order_by("-requested_at", "-id")


# 民主评议党员 ----------------------------------------------------------------------------


def appraisals_with_rates(appraisals):
    """Appraisals with participants, ballots and results counted by rating (one query)."""
    counts = {
        f"n_{r}": Count("results", filter=Q(results__rating=r), distinct=True)
        for r in Rating.values
    }
    rows = list(
        appraisals.select_related("branch")
        .annotate(
            n_participants=Count("participants", distinct=True),
            n_ballots=Count("receipts", distinct=True),
            n_results=Count("results", distinct=True),
            **counts,
        )
        .order_by("-year", "branch__order", "branch__name")
    )
    for a in rows:
        a.rating_counts = [
            (r, label, getattr(a, f"n_{r}"), _percent(getattr(a, f"n_{r}"), a.n_results))
            for r, label in Rating.choices
        ]
        a.turnout = _percent(a.n_ballots, a.n_participants)
    return rows


def _percent(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class SubjectTally:
    member: Member
    counts: list
    self_rating: str | None = None
    result: object = None


def appraisal_tally(appraisal):
    """Participants with the votes they received per rating, their self-assessment and the
    settled result. Five queries; votes are only ever counted, never listed."""
    participants = list(appraisal.participants.order_by("name"))
    votes = {}
    for row in (
        Vote.objects.filter(appraisal=appraisal)
        .values("subject_id", "rating")
        .annotate(n=Count("id"))
        .order_by()
    ):
        votes[(row["subject_id"], row["rating"])] = row["n"]
    selfs = dict(
        SelfAssessment.objects.filter(appraisal=appraisal).values_list("member_id", "rating")
    )
    results = {r.member_id: r for r in AppraisalResult.objects.filter(appraisal=appraisal)}
    labels = dict(Rating.choices)
    return [
        SubjectTally(
            member=m,
            counts=[(r, votes.get((m.pk, r), 0)) for r in Rating.values],
            self_rating=labels.get(selfs.get(m.pk)),
            result=results.get(m.pk),
        )
        for m in participants
    ]


def has_voted(appraisal, member):
    return BallotReceipt.objects.filter(appraisal=appraisal, voter=member).exists()


def open_ballots_for(member):
    """Open appraisals of the member's branch where they take part, with `.voted` (one query)."""
    if member is None:
        return []
    return list(
        Appraisal.objects.filter(status=Appraisal.Status.OPEN, participants=member)
        .select_related("branch")
        .annotate(
            voted=Exists(BallotReceipt.objects.filter(appraisal=OuterRef("pk"), voter=member))
        )
    )
