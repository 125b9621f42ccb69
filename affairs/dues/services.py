"""党费 changes: income declarations, payments and their reversals."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from affairs.models import (
    BACKPAY_LIMIT,
    MAX_MONTHLY_INCOME,
    DuesBase,
    DuesCategory,
    DuesPayment,
    PaymentMethod,
    dues_for_income,
    month_start,
    months_between,
)
from branches.models import Member
from hongjun import access, audit

# 党费 ----------------------------------------------------------------------------------


def declare_income(member, data, by):
    """A member's declared income from a month on; the dues are worked out by the bands."""
    access.require(access.can_record_dues(by, member))
    income = data["income"]
    if income < 0 or income > MAX_MONTHLY_INCOME:
        raise ValidationError({"income": _("Enter a monthly income between 0 and 1,000,000 yuan.")})
    dues, rate = dues_for_income(income, data["category"])
    if dues <= 0:
        # Dues of 0.00 would leave the member unpaid forever: the 规定 sets 0.2 yuan for
        # members without income (《规定》第六条); exemption needs the higher committee.
        raise ValidationError({"income": no_income_message()})
    with transaction.atomic():
        base = DuesBase.objects.create(
            member=member,
            category=data["category"],
            income=income,
            monthly_dues=dues,
            rate=rate,
            valid_from=month_start(data["valid_from"]),
            recorded_by=by,
        )
        audit.record(
            "dues.declared",
            base,
            by,
            {
                "category": base.category,
                "income": income,
                "monthly_dues": dues,
                "from": base.valid_from,
            },
        )
    return base


def no_income_message():
    return _(
        "These dues would be 0.00 yuan. A member without income is declared as “%(category)s” "
        "and pays %(dues)s yuan a month (%(article)s)."
    ) % {
        "category": DuesCategory.NO_INCOME.label,
        "dues": "0.20",
        "article": _("《规定》第六条"),
    }


def payment_errors(data):
    """The 规定's refusals of a payment, {field: message}: shared by the form and the service."""
    errors = {}
    month, paid_on = data.get("month"), data.get("paid_on")
    if data.get("method") == PaymentMethod.PAYROLL:
        errors["method"] = _(
            "Members pay their dues themselves (《规定》第十一条); "
            "deduction from pay is not accepted."
        )
    if month and paid_on and months_between(month, paid_on) > BACKPAY_LIMIT.value:
        errors["month"] = _(
            "Dues may be paid at most %(n)s months late (%(article)s): %(month)s can no longer "
            "be paid on %(day)s."
        ) % {
            "n": BACKPAY_LIMIT.value,
            "article": BACKPAY_LIMIT.article,
            "month": f"{month:%Y-%m}",
            "day": f"{paid_on:%Y-%m-%d}",
        }
    if data.get("proxy"):
        if not data.get("proxy_consent_by"):
            errors["proxy_consent_by"] = _(
                "Paying on a member's behalf needs the branch's consent (《规定》第十一条): "
                "enter who agreed."
            )
        if not data.get("proxy_consent_on"):
            errors["proxy_consent_on"] = _("Enter the day the branch agreed.")
    return errors


def record_payment(member, data, by):
    """Record the dues a member paid (themselves or through someone, 代缴) for one month."""
    access.require(access.can_record_dues(by, member))
    month = month_start(data["month"])
    errors = payment_errors(data | {"month": month})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        paid = DuesPayment.objects.filter(member=member, month=month, reverses__isnull=True)
        if paid.filter(reversal__isnull=True).exists():
            raise ValidationError(
                {
                    "month": _("%(name)s's dues for %(month)s are already paid.")
                    % {"name": member.name, "month": f"{month:%Y-%m}"}
                }
            )
        try:
            with transaction.atomic():
                payment = DuesPayment.objects.create(
                    member=member,
                    branch_id=member.branch_id,
                    month=month,
                    attempt=paid.count() + 1,
                    amount=data["amount"],
                    method=data["method"],
                    paid_on=data["paid_on"],
                    proxy=data.get("proxy", ""),
                    proxy_consent_by=data.get("proxy_consent_by", "") if data.get("proxy") else "",
                    proxy_consent_on=data.get("proxy_consent_on") if data.get("proxy") else None,
                    note=data.get("note", ""),
                    recorded_by=by,
                )
        except IntegrityError:
            raise ValidationError(
                {"month": _("These dues were just recorded by someone else.")}
            ) from None
        audit.record(
            "dues.paid",
            payment,
            by,
            {
                "month": f"{month:%Y-%m}",
                "amount": payment.amount,
                "method": payment.method,
                "proxy": payment.proxy,
                "proxy_consent_by": payment.proxy_consent_by,
                "proxy_consent_on": payment.proxy_consent_on,
            },
        )
    return payment


def reverse_payment(payment, reason, by):
    """Cancel a wrongly recorded payment with a reversing entry; the month is then unpaid."""
    access.require(access.can_record_dues(by, payment.member))
    with transaction.atomic():
        payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
        if payment.reverses_id or DuesPayment.objects.filter(reverses=payment).exists():
            raise ValidationError(_("This payment has already been reversed."))
        reversal = DuesPayment.objects.create(
            member_id=payment.member_id,
            branch_id=payment.branch_id,
            month=payment.month,
            attempt=payment.attempt,
            amount=-payment.amount,
            method=payment.method,
            paid_on=timezone.localdate(),
            note=reason,
            reverses=payment,
            recorded_by=by,
        )
        audit.record(
            "dues.reversed",
            reversal,
            by,
            {"reverses": payment.pk, "amount": reversal.amount, "reason": reason},
        )
    return reversal
