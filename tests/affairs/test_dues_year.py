"""The dues summary a member and year, kept by triggers: always what the payments say."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from affairs.models import DuesPayment, DuesYear
from tests.branches import dues_year
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def mid_march_2024():
    with time_machine.travel(datetime.datetime(2024, 3, 15, 10, 0), tick=False):
        yield


def pay(client, member, month, amount="40.00"):
    data = {"month": month, "amount": amount, "method": "cash", "paid_on": "2024-03-10"}
    assert client.post(reverse("affairs:dues_pay", args=[member.pk]), data).status_code == 302


def test_payments_and_reversals_through_the_pages_keep_the_summary(client_for, sam, alice):
    client = client_for(sam)
    client.post(
        reverse("affairs:dues_declare", args=[alice.pk]),
        {"category": "in_service", "income": "4000", "valid_from": "2023-11"},
    )
    pay(client, alice, "2023-12")
    pay(client, alice, "2024-01")
    pay(client, alice, "2024-03")
    wrong = DuesPayment.objects.get(month=D(2024, 3, 1))
    response = client.post(
        reverse("affairs:payment_reverse", args=[wrong.pk]), {"reason": "录错月份"}
    )
    assert response.status_code == 302
    pay(client, alice, "2024-02")
    assert dues_year.stored() == {
        (alice.pk, 2023): (0b1000_0000_0000, Decimal("40.00")),
        (alice.pk, 2024): (0b0011, Decimal("80.00")),  # March paid, then reversed
    }
    assert dues_year.stored() == dues_year.expected()


def test_bulk_inserts_updates_and_deletes_recount(sam, alice, bob):
    rows = [
        DuesPayment(
            member=m,
            branch=m.branch,
            month=D(2023, n, 1),
            amount=Decimal("10"),
            paid_on=D(2024, 1, 1),
        )
        for m in (alice, bob)
        for n in range(1, 13)
    ]
    DuesPayment.objects.bulk_create(rows)
    assert DuesYear.objects.get(member=alice, year=2023).paid_months == 0xFFF
    # A correction made outside the portal still recounts the old and the new year.
    DuesPayment.objects.filter(member=bob, month=D(2023, 12, 1)).update(month=D(2022, 12, 1))
    DuesPayment.objects.filter(member=alice, month__lte=D(2023, 6, 1)).delete()
    assert dues_year.stored() == dues_year.expected()
    assert DuesYear.objects.get(member=alice, year=2023).paid_months == 0xFC0
    assert DuesYear.objects.get(member=bob, year=2022).amount == Decimal("10.00")
    DuesPayment.objects.filter(member=alice).delete()
    assert not DuesYear.objects.filter(member=alice).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the backfill is checked on PG")
def test_the_backfill_is_the_same_count(sam, alice):
    from importlib import import_module

    migration = import_module("branches.migrations.0009_dues_year")
    MemberFactory.create_batch(3, branch=alice.branch)
    DuesPayment.objects.create(
        member=alice,
        branch=alice.branch,
        month=D(2024, 2, 1),
        amount=Decimal("5"),
        paid_on=D(2024, 2, 3),
    )
    before = dues_year.stored()
    DuesYear.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration._count("postgresql"))
    assert dues_year.stored() == before == dues_year.expected()
