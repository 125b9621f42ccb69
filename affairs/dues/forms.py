"""党费 forms: a declaration of income and a payment."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The largest monthly dues the bands can give: the top rate on the largest income accepted.
from affairs.forms import DATE, month_field
from affairs.models import (
    DUES_BANDS,
    MAX_MONTHLY_INCOME,
    NEW_PAYMENT_METHODS,
    DuesCategory,
    add_months,
    dues_for_income,
)
from hongjun.dates import DateBounds

from .services import no_income_message, payment_errors

MAX_PAYMENT = MAX_MONTHLY_INCOME * max(r for bands in DUES_BANDS.values() for _u, r in bands) / 100


class DuesBaseForm(DateBounds, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=DuesCategory.choices)
    income = forms.DecimalField(
        label=_("Declared monthly income (yuan)"),
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "After tax (《规定》第一条). Annual salary: the pay actually received that month "
            "(第三条), declared from that month. Retired: the whole pension received (第五条). "
            "Students, the unemployed and members on subsistence allowance pay 0.20 yuan "
            "(第六条): choose that category."
        ),
    )
    valid_from = month_field(_("From month"))

    def clean_income(self):
        income = self.cleaned_data["income"]
        if income < 0 or income > MAX_MONTHLY_INCOME:
            raise forms.ValidationError(_("Enter a monthly income between 0 and 1,000,000 yuan."))
        return income

    def clean(self):
        data = super().clean()
        if "income" in data and data.get("category"):
            dues, _rate = dues_for_income(data["income"], data["category"])
            if dues <= 0:
                self.add_error("income", no_income_message())
        return data


class PaymentForm(DateBounds, forms.Form):
    month = month_field(_("Month paid for"))
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=9, decimal_places=2)
    # The member pays themselves (《规定》第十一条): no deduction from pay.
    method = forms.ChoiceField(label=_("Paid by"), choices=NEW_PAYMENT_METHODS)
    paid_on = forms.DateField(label=_("Paid on"), **DATE)
    proxy = forms.CharField(
        label=_("Paid on the member's behalf by (代缴)"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when the member paid themselves."),
    )
    proxy_consent_by = forms.CharField(
        label=_("Proxy agreed for the branch by"),
        max_length=50,
        required=False,
        help_text=_(
            "代缴 needs the branch's consent (《规定》第十一条): who agreed, e.g. the secretary."
        ),
    )
    proxy_consent_on = forms.DateField(label=_("Proxy agreed on"), required=False, **DATE)
    note = forms.CharField(label=pgettext_lazy("dues", "Note"), max_length=200, required=False)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0 or amount > MAX_PAYMENT:
            raise forms.ValidationError(
                _("Enter an amount between 0.01 and %(max)s yuan.") % {"max": f"{MAX_PAYMENT:,.0f}"}
            )
        return amount

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        today = timezone.localdate()
        if month > add_months(today.replace(day=1), 11):
            raise forms.ValidationError(_("Dues can be paid at most a year ahead."))
        if month < datetime.date(2000, 1, 1):
            raise forms.ValidationError(pgettext_lazy("dues", "Enter a month from 2000 on."))
        return month

    def clean(self):
        data = super().clean()
        for name, message in payment_errors(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(pgettext_lazy("dues", "The date cannot be in the future."))
        return day
