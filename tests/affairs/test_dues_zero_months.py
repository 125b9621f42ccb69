"""The committee's collection owes nothing for months under a 0.00 declaration, as the
branch ledger already did (a declaration from before the 0.20 yuan rule)."""

import datetime
from decimal import Decimal

import pytest

from affairs.dues.queries import collection_by_branch
from affairs.models import DuesBase, DuesPayment
from branches.models import Branch
from tests.affairs.test_dues import grid_totals

D = datetime.date
pytestmark = pytest.mark.django_db


def base(member, month, dues):
    return DuesBase.objects.create(
        member=member,
        income=Decimal("0") if dues == 0 else Decimal("4000"),
        monthly_dues=Decimal(dues),
        valid_from=month,
    )


def collection(branch, today):
    [row] = collection_by_branch(Branch.objects.filter(pk=branch.pk), 2024, today)
    return {k: row[k] for k in ("members", "due", "paid", "unpaid", "amount")}


def test_months_under_a_zero_declaration_are_not_due(sam, alice):
    base(alice, D(2024, 1, 1), "0.00")  # nothing owed January to March
    base(alice, D(2024, 4, 1), "20.00")
    DuesPayment.objects.create(
        member=alice, branch=alice.branch, month=D(2024, 4, 1), amount=20, paid_on=D(2024, 4, 9)
    )
    today = D(2024, 6, 15)
    totals = collection(alice.branch, today)
    assert (totals["due"], totals["paid"], totals["unpaid"]) == (3, 1, 2)  # April to June
    assert totals == grid_totals(alice.branch, 2024, today)


def test_a_zero_declaration_after_dues_stops_them_until_the_next(sam, alice):
    base(alice, D(2024, 1, 1), "20.00")
    base(alice, D(2024, 3, 1), "0.00")
    base(alice, D(2024, 5, 1), "0.20")
    today = D(2024, 6, 15)
    totals = collection(alice.branch, today)
    assert totals["due"] == 4  # January, February, May, June
    assert totals == grid_totals(alice.branch, 2024, today)


def test_a_correction_the_same_month_wins(sam, alice):
    base(alice, D(2024, 1, 1), "20.00")
    base(alice, D(2024, 1, 1), "0.00")  # corrected: no income, owed nothing then
    today = D(2024, 2, 15)
    assert collection(alice.branch, today)["due"] == 0
    assert collection(alice.branch, today) == grid_totals(alice.branch, 2024, today)
