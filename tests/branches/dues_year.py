"""The dues summaries as they should be, worked out again from the payments.

Shared by the PostgreSQL tests and the SQLite check, which imports it in a subprocess.
"""

from collections import defaultdict
from decimal import Decimal

from affairs.models import DuesPayment, DuesYear


def stored():
    """{(member_id, year): (paid_months, amount)} as the triggers keep it."""
    return {(s.member_id, s.year): (s.paid_months, s.amount) for s in DuesYear.objects.all()}


def expected():
    """The same, one payment at a time: a month stands paid while its payments outnumber
    its reversals; the amount adds up every row of the year."""
    standing = defaultdict(int)
    amount = defaultdict(Decimal)
    for p in DuesPayment.objects.all():
        key = (p.member_id, p.month.year)
        standing[key, p.month.month] += -1 if p.reverses_id else 1
        amount[key] += p.amount
    result = {key: [0, total] for key, total in amount.items()}
    for (key, month), n in standing.items():
        if n > 0:
            result[key][0] |= 1 << (month - 1)
    return {key: tuple(value) for key, value in result.items()}
