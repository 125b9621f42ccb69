"""The dues migration keeps every old payment: a payroll deduction stays readable, a 代缴
recorded before consent was asked for is marked as not recorded (nothing invented)."""

import datetime
from decimal import Decimal

import pytest

from affairs.models import DuesPayment
from tests.factories import MemberFactory
from tests.migrations_helpers import migrate_to, migrate_to_latest

D = datetime.date


@pytest.mark.django_db(transaction=True)
def test_old_payments_survive_the_dues_migration():
    member = MemberFactory()
    try:
        old = migrate_to([("affairs", "0001_initial")]).get_model("affairs", "DuesPayment")
        for n, (method, proxy) in enumerate([("payroll", ""), ("cash", "家属")], start=1):
            old.objects.create(
                member_id=member.pk,
                branch_id=member.branch_id,
                month=D(2024, n, 1),
                amount=Decimal("40"),
                method=method,
                paid_on=D(2024, n, 9),
                proxy=proxy,
            )
    finally:
        migrate_to_latest()
    payroll, proxy = DuesPayment.objects.order_by("month")
    assert payroll.get_method_display() == "工资代扣（已停用）"
    assert (payroll.proxy_consent_by, payroll.proxy_consent_on) == ("", None)
    assert (proxy.proxy_consent_by, proxy.proxy_consent_on) == ("（未记录）", D(2024, 2, 9))
