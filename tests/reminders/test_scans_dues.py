"""党费 unpaid: the member and the secretary told at the 3rd month in a row, the secretary
and the committee at the 6th (党章第九条: the last reminder, never an act), once each.

As in test_scans: the scans run through `reminders.run_scans` and the tests read their rows.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from affairs.models import UNPAID_WARNINGS, DuesBase, DuesPayment
from reminders import services as reminders
from reminders.models import Reminder
from tests.factories import MemberFactory

SH = ZoneInfo("Asia/Shanghai")
D = datetime.date
KINDS = ["dues_unpaid_3", "dues_unpaid_6"]
pytestmark = pytest.mark.django_db


def scan(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(8), SH), tick=False):
        return reminders.run_scans(day, kinds=KINDS, kick=False)


def sent(kind):
    return sorted(
        (r.recipient.username, r.due_on)
        for r in Reminder.objects.filter(kind=kind).select_related("recipient")
    )


JANUARY = D(2024, 1, 1)


def declared(member, since=JANUARY, dues="40.00"):
    DuesBase.objects.create(
        member=member, income=Decimal("4000"), monthly_dues=Decimal(dues), valid_from=since
    )


def paid(member, *months):
    for month in months:
        DuesPayment.objects.create(
            member=member,
            branch=member.branch,
            month=month,
            amount=Decimal("40"),
            method="wechat",
            paid_on=month,
        )


@pytest.fixture
def late(alice, sam, carol):
    """alice declared from January 2024 and paid January and February only; carol is on
    the committee (sam, the secretary, and carol have no declaration)."""
    declared(alice)
    paid(alice, D(2024, 1, 1), D(2024, 2, 1))
    return alice


def test_the_timing_and_the_articles_are_data():
    assert reminders.KINDS["dues_unpaid_3"].days == (10,)
    assert [r.value[0] for r in UNPAID_WARNINGS] == [3, 6]
    assert "党章第九条" in str(UNPAID_WARNINGS[1].article)


def test_two_months_unpaid_is_not_yet_a_warning(late):
    scan(D(2024, 5, 11))  # March and April unpaid
    assert sent("dues_unpaid_3") == []


def test_the_third_month_unpaid_tells_the_member_and_the_secretary(late):
    scan(D(2024, 6, 10))  # not before the ten days' grace
    assert sent("dues_unpaid_3") == []
    scan(D(2024, 6, 11))  # March, April, May unpaid
    assert sent("dues_unpaid_3") == [("alice", D(2024, 6, 11)), ("sam", D(2024, 6, 11))]
    reminder = Reminder.objects.get(kind="dues_unpaid_3", recipient__username="alice")
    assert "2024-03" in reminder.body and "2024-05" in reminder.body
    assert reminder.url == f"/affairs/dues/members/{late.pk}/"


def test_the_warning_is_sent_once(late):
    scan(D(2024, 6, 11))
    scan(D(2024, 6, 11))
    scan(D(2024, 6, 12))
    scan(D(2024, 7, 11))  # the 4th month: nothing new
    assert len(sent("dues_unpaid_3")) == 2


def test_a_payment_recorded_within_the_grace_cancels_the_warning(late):
    paid(late, D(2024, 5, 1))
    scan(D(2024, 6, 11))
    assert sent("dues_unpaid_3") == []


def test_the_sixth_month_tells_the_secretary_and_the_committee_not_the_member(late):
    scan(D(2024, 8, 11))  # five months: nothing
    assert sent("dues_unpaid_6") == []
    scan(D(2024, 9, 11))  # March to August
    assert sent("dues_unpaid_6") == [("carol", D(2024, 9, 11)), ("sam", D(2024, 9, 11))]
    body = Reminder.objects.filter(kind="dues_unpaid_6").first().body
    assert "自行脱党" in body and "最后一次提醒" in body and "不会自动" in body
    scan(D(2024, 10, 11))  # the 7th: no more
    assert len(sent("dues_unpaid_6")) == 2
    late.refresh_from_db()
    assert late.is_active  # a reminder, never an act


def test_months_before_the_declaration_do_not_count(alice, sam):
    declared(alice, since=D(2024, 4, 1))
    scan(D(2024, 6, 11))  # April, May unpaid; March was not due
    assert sent("dues_unpaid_3") == []
    scan(D(2024, 7, 11))
    assert [u for u, _d in sent("dues_unpaid_3")] == ["alice", "sam"]


def test_zero_dues_are_never_unpaid(alice, sam):
    declared(alice, dues="0.00")
    scan(D(2024, 6, 11))
    assert sent("dues_unpaid_3") == []


def test_a_new_run_after_paying_is_warned_again(late):
    scan(D(2024, 6, 11))
    paid(late, D(2024, 6, 1))
    scan(D(2024, 10, 11))  # July, August, September
    assert (
        sorted(d for _u, d in sent("dues_unpaid_3")) == [D(2024, 6, 11)] * 2 + [D(2024, 10, 11)] * 2
    )


@pytest.mark.parametrize("members", [1, 12])
def test_the_scan_queries_do_not_grow_with_members(
    late, branch_a, django_assert_max_num_queries, members
):
    for _ in range(members):
        declared(MemberFactory(branch=branch_a), since=D(2024, 3, 1))
    with django_assert_max_num_queries(12):  # not O(members)
        scan(D(2024, 6, 11))
    # Each late member and the secretary, about each late member.
    assert Reminder.objects.filter(kind="dues_unpaid_3").count() == 2 * (1 + members)
