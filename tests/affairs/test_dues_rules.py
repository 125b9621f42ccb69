"""党费 as the 2008 规定 has it: members pay themselves, the categories' bases, 补交 at most six
months back, 代缴 with the branch's consent (each rule's article kept beside it, as data)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse

from affairs.dues import queries
from affairs.dues.forms import PaymentForm
from affairs.models import (
    BACKPAY_LIMIT,
    NO_INCOME_DUES,
    DuesBase,
    DuesCategory,
    DuesPayment,
    PaymentMethod,
    dues_for_income,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_september_2024():
    with time_machine.travel(datetime.datetime(2024, 9, 15, 10, 0), tick=False):
        yield


def declare(client, member, income="4000", category="in_service", valid_from="2024-01"):
    return client.post(
        reverse("affairs:dues_declare", args=[member.pk]),
        {"category": category, "income": income, "valid_from": valid_from},
    )


def pay(client, member, month, paid_on="2024-09-10", **extra):
    data = {"month": month, "amount": "40.00", "method": "wechat", "paid_on": paid_on}
    return client.post(reverse("affairs:dues_pay", args=[member.pk]), data | extra)


def test_each_rule_names_its_article():
    assert BACKPAY_LIMIT.value == 6 and "第十一条" in str(BACKPAY_LIMIT.article)


# No payroll deduction ------------------------------------------------------------------


def test_payroll_deduction_is_not_offered_for_a_new_payment(client_for, sam, alice):
    page = client_for(sam).get(reverse("affairs:dues_pay", args=[alice.pk])).content.decode()
    assert 'value="wechat"' in page and 'value="payroll"' not in page
    assert "payroll" not in dict(PaymentForm.base_fields["method"].choices)


def test_payroll_deduction_posted_anyway_is_refused(client_for, sam, alice):
    response = pay(client_for(sam), alice, "2024-09", method="payroll")
    assert response.status_code == 200
    assert "不是有效的选项" in response.content.decode() or "选择一个有效" in (
        response.content.decode()
    )
    assert not DuesPayment.objects.exists()


def test_the_service_refuses_payroll_deduction_too(sam, alice):
    from django.core.exceptions import ValidationError

    from affairs.dues import services

    data = {"month": D(2024, 9, 1), "amount": Decimal("40"), "method": "payroll"}
    with pytest.raises(ValidationError) as refused:
        services.record_payment(alice, data | {"paid_on": D(2024, 9, 10)}, by=sam.user)
    assert "method" in refused.value.message_dict
    assert not DuesPayment.objects.exists()


def test_an_old_payroll_payment_stays_readable(client_for, sam, alice):
    DuesPayment.objects.create(
        member=alice,
        branch=alice.branch,
        month=D(2024, 8, 1),
        amount=Decimal("40"),
        method=PaymentMethod.PAYROLL,
        paid_on=D(2024, 8, 20),
    )
    page = client_for(sam).get(reverse("affairs:member_dues", args=[alice.pk])).content.decode()
    assert "工资代扣（已停用）" in page


# Categories and their bases ---------------------------------------------------------------


def test_annual_salary_pays_by_the_in_service_bands_on_the_months_pay(client_for, sam, alice):
    assert declare(client_for(sam), alice, income="12000", category="annual_pay").status_code == 302
    base = DuesBase.objects.get()
    assert (base.category, base.monthly_dues, base.rate) == ("annual_pay", Decimal("240.00"), 2)


def test_retired_bands_apply_to_the_pension_total():
    assert dues_for_income(Decimal("5000"), DuesCategory.RETIRED) == (Decimal("25.00"), 0.5)
    assert dues_for_income(Decimal("5000.01"), DuesCategory.RETIRED)[1] == 1


def test_the_income_help_text_says_what_each_base_is(client_for, sam, alice):
    page = client_for(sam).get(reverse("affairs:dues_declare", args=[alice.pk])).content.decode()
    assert "年薪制" in page and "离退休费总额" in page and "0.20" in page


def test_no_income_pays_twenty_fen_whatever_is_entered(client_for, sam, alice):
    assert declare(client_for(sam), alice, income="0", category="no_income").status_code == 302
    assert DuesBase.objects.get().monthly_dues == NO_INCOME_DUES == Decimal("0.20")


@pytest.mark.parametrize("income", ["0", "0.50"])
def test_in_service_dues_of_nothing_are_refused_with_the_way_out(client_for, sam, alice, income):
    response = declare(client_for(sam), alice, income=income)
    assert response.status_code == 200
    page = response.content.decode()
    assert "0.00" in page and "0.20" in page and "第六条" in page
    assert not DuesBase.objects.exists()


def test_a_zero_declaration_from_before_is_never_shown_unpaid(client_for, sam, alice):
    DuesBase.objects.create(
        member=alice,
        category="in_service",
        income=0,
        monthly_dues=Decimal("0.00"),
        valid_from=D(2024, 1, 1),
    )
    [row] = queries.dues_grid(type(alice).objects.filter(pk=alice.pk), 2024, D(2024, 9, 15))
    assert row.unpaid_months == []


# 补交: six months back at most (《规定》第十一条) ----------------------------------------


def test_six_months_back_is_accepted(client_for, sam, alice):
    assert pay(client_for(sam), alice, "2024-03", paid_on="2024-09-01").status_code == 302
    assert DuesPayment.objects.get().month == D(2024, 3, 1)


def test_seven_months_back_is_refused(client_for, sam, alice):
    response = pay(client_for(sam), alice, "2024-02", paid_on="2024-09-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "补交" in page and "6 个月" in page and "第十一条" in page
    assert not DuesPayment.objects.exists()


def test_the_limit_counts_from_the_day_paid_not_the_day_recorded(client_for, sam, alice):
    # Paid in June for February (four months back), recorded in September: accepted.
    assert pay(client_for(sam), alice, "2024-02", paid_on="2024-06-05").status_code == 302


def test_across_the_new_year(client_for, sam, alice):
    with time_machine.travel(datetime.datetime(2025, 1, 20, 10, 0), tick=False):
        assert pay(client_for(sam), alice, "2024-07", paid_on="2025-01-10").status_code == 302
        assert pay(client_for(sam), alice, "2024-06", paid_on="2025-01-10").status_code == 200
    assert list(DuesPayment.objects.values_list("month", flat=True)) == [D(2024, 7, 1)]


# 代缴 with the branch's consent (《规定》第十一条) ----------------------------------------


def test_proxy_without_consent_is_refused_next_to_the_fields(client_for, sam, alice):
    response = pay(client_for(sam), alice, "2024-09", proxy="李家属")
    assert response.status_code == 200
    form = response.context["form"]
    assert "党支部同意" in form.errors["proxy_consent_by"][0]
    assert form.errors["proxy_consent_on"]
    assert not DuesPayment.objects.exists()


def test_proxy_with_consent_is_recorded_and_shown(client_for, sam, alice):
    consent = {"proxy_consent_by": "孙明（书记）", "proxy_consent_on": "2024-09-01"}
    assert pay(client_for(sam), alice, "2024-09", proxy="李家属", **consent).status_code == 302
    payment = DuesPayment.objects.get()
    assert (payment.proxy_consent_by, payment.proxy_consent_on) == ("孙明（书记）", D(2024, 9, 1))
    page = client_for(sam).get(reverse("affairs:member_dues", args=[alice.pk])).content.decode()
    assert "孙明（书记）" in page


def test_consent_without_proxy_is_not_kept(client_for, sam, alice):
    consent = {"proxy_consent_by": "孙明", "proxy_consent_on": "2024-09-01"}
    assert pay(client_for(sam), alice, "2024-09", **consent).status_code == 302
    assert DuesPayment.objects.get().proxy_consent_by == ""


def test_the_database_refuses_a_proxy_without_consent(alice):
    with pytest.raises(IntegrityError):
        DuesPayment.objects.create(
            member=alice,
            branch=alice.branch,
            month=D(2024, 9, 1),
            amount=Decimal("40"),
            paid_on=D(2024, 9, 10),
            proxy="李家属",
        )
