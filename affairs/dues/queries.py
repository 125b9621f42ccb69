"""党费 reads: the ledger grid, a member's payments, the committee's collection."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import pgettext

from affairs.models import (
    DuesBase,
    DuesPayment,
    DuesYear,
    PaymentMethod,
    add_months,
)
from affairs.transfers.queries import members_of
from branches.models import Member
from hongjun.paths import path_pattern

# Reminders look this far ahead for steps that fall due.
REMINDER_WINDOW = datetime.timedelta(days=14)


# 党费 ----------------------------------------------------------------------------------


@dataclass
class DuesMonth:
    month: datetime.date
    due: Decimal | None = None  # None: no declaration in force (or not yet due)
    payment: object = None
    future: bool = False

    @property
    def unpaid(self):
        # Dues of 0.00 (a declaration from before 0.20 yuan was enforced) are never owed:
        # such a month would otherwise stay unpaid forever, nothing being payable.
        return bool(self.due) and self.payment is None and not self.future


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
        return [m for m in self.months if m.due and not m.future]


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
        .select_related("branch", "reversal", "member__branch")
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

    A member's month is due, from January to this month (or December), when the
    declaration in force in it asks for more than 0.00 (a 0.00 declaration from before the
    0.20 yuan rule is owed nothing, as on the ledger); a month is paid when a payment for
    it stands. Payments are a ledger: a reversal repeats the payment's member, month and
    amount, negated (`reverse_payment`),
    and a month has at most one payment standing (`record_payment`). So the month's rows
    counted +1 for a payment and -1 for a reversal, and their amounts added up, give what
    stands, without joining each payment to its reversal.

    The database keeps that per member and year (`DuesYear`, by triggers: a bit a month
    that stands paid, and the amount), so this is one query over 8,000 summaries rather
    than 90,000 payments a year (45 ms → a few): the months due are a flag a month from
    each member's declarations (a few rows a member), the months paid the bits of the
    months due, added up by branch. Plain SQL that SQLite runs too.
    """
    if not branch_ids:
        return []
    last = min(today.replace(day=1), datetime.date(year, 12, 1))
    # Month starts from January to `last`; none for a year still to come.
    months = [datetime.date(year, n, 1) for n in range(1, 13) if datetime.date(year, n, 1) <= last]
    # d<i>: 1 when the declaration in force in month i (the latest from that month or
    # before, as `dues_grid` takes it) asks for more than 0.00. Each declaration runs until
    # the next one starts (LEAD); of two from the same month the later row wins.
    flags = ", ".join(
        f"MAX(CASE WHEN b.monthly_dues > 0 AND b.valid_from <= %s "
        f"AND (b.nxt IS NULL OR b.nxt > %s) THEN 1 ELSE 0 END) AS d{i}"
        for i in range(len(months))
    )
    due = " + ".join(f"COALESCE(f.d{i}, 0)" for i in range(len(months))) or "0"
    paid = (
        " + ".join(
            f"CASE WHEN f.d{i} = 1 THEN (COALESCE(t.paid_months, 0) >> {i}) & 1 ELSE 0 END"
            for i in range(len(months))
        )
        or "0"
    )
    ids = ", ".join(["%s"] * len(branch_ids))
    member, base, summary = (model._meta.db_table for model in (Member, DuesBase, DuesYear))
    in_force = (
        f"""LEFT JOIN (
            SELECT b.member_id, {flags}
            FROM (
                SELECT member_id, valid_from, monthly_dues,
                    LEAD(valid_from) OVER (PARTITION BY member_id ORDER BY valid_from, id) AS nxt
                FROM {base}
            ) b
            GROUP BY b.member_id
        ) f ON f.member_id = m.id"""  # noqa: S608 (the table name from the model)
        if months
        else ""
    )
    sql = f"""
        SELECT m.branch_id, COUNT(*), SUM({due}), SUM({paid}), SUM(t.amount)
        FROM {member} m
        {in_force}
        LEFT JOIN {summary} t ON t.member_id = m.id AND t.year = %s
        WHERE m.is_active AND m.branch_id IN ({ids})
        GROUP BY m.branch_id
    """  # noqa: S608 (table names from the models, every value a parameter)
    params = [*(m for month in months for m in (month, month)), year, *branch_ids]
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


# Links and titles for the pages' rows -------------------------------------------------
# The ledger of a 55-member branch has 660 month cells: a `{% url %}` a cell was most of
# its time (docs/performance.md), so each link is formatted from one reversed pattern here
# and the templates (affairs/includes/dues_*_rows.html) only print them.


def with_ledger_links(rows, year):
    """`rows` of `dues_grid`, each given its links and a `cells` list for the template."""
    member_dues, declare, pay = (
        path_pattern(n) for n in ("affairs:member_dues", "affairs:dues_declare", "affairs:dues_pay")
    )
    methods = dict(PaymentMethod.choices)
    paid_by = pgettext("dues", "paid on the member's behalf by")
    for row in rows:
        pk = row.member.pk
        row.member_url = f"{member_dues.format(pk=pk)}?year={year}"
        row.declare_url = declare.format(pk=pk)
        pay_url = pay.format(pk=pk)
        row.cells = []
        for m in row.months:
            p = m.payment
            if p:
                title = f"{p.amount} · {methods.get(p.method, p.method)}"
                if p.proxy:
                    title += f" · {paid_by} {p.proxy}"
                row.cells.append(LedgerCell(paid=True, title=title, proxy=bool(p.proxy)))
            elif m.unpaid:
                row.cells.append(LedgerCell(pay_url=f"{pay_url}?month={m.month:%Y-%m}"))
            else:
                row.cells.append(LedgerCell())
    return rows


@dataclass(frozen=True)
class LedgerCell:
    paid: bool = False
    title: str = ""
    proxy: bool = False
    pay_url: str = ""


def with_collection_links(rows, year):
    """The committee's collection rows (dicts), each given its ledger and export links."""
    ledger, export = path_pattern("affairs:dues_ledger"), path_pattern("affairs:dues_export")
    for r in rows:
        pk = r["branch"].pk
        r["ledger_url"] = f"{ledger.format(pk=pk)}?year={year}"
        r["export_url"] = f"{export.format(pk=pk)}?year={year}"
    return rows


def unpaid_in_a_row(anchor, months):
    """Active members whose dues stand unpaid for exactly `months` months in a row ending
    with the month before `anchor` (a month's 1st), with their branch and user.

    A month counts when a declaration with dues above 0.00 is in force in it; the month
    before the run must be paid or not due, so that a run is found once, when it reaches
    `months`. Three queries whatever the number of members: those with no standing payment
    in the run (the database sieves the rest out), their declarations, their payments of
    the month before the run.
    """
    first = add_months(anchor, -months)
    before = add_months(first, -1)
    run = [add_months(first, n) for n in range(months)]
    candidates = (
        Member.objects.filter(
            is_active=True, branch__isnull=False, dues_bases__valid_from__lte=first
        )
        .exclude(
            Exists(
                effective_payments().filter(
                    member=OuterRef("pk"), month__gte=first, month__lt=anchor
                )
            )
        )
        .distinct()
        .select_related("branch", "user")
        .prefetch_related(
            Prefetch("dues_bases", queryset=DuesBase.objects.order_by("valid_from", "id")),
            Prefetch(
                "dues_payments",
                queryset=effective_payments().filter(month=before),
                to_attr="before_payments",
            ),
        )
        .order_by("branch_id", "name", "pk")
    )
    late = []
    for member in candidates:
        bases = list(member.dues_bases.all())

        def due(month, bases=bases):
            in_force = [b for b in bases if b.valid_from <= month]
            return bool(in_force) and in_force[-1].monthly_dues > 0

        if all(due(m) for m in run) and (member.before_payments or not due(before)):
            late.append(member)
    return late
