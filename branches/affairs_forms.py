"""Forms for the party affairs: the friendly Chinese message for every refusal."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongjun.forms import MemberChoice, QuickSelect
from hongjun.uploads import validate_upload

from .affairs_models import (
    DUES_BANDS,
    MAX_MONTHLY_INCOME,
    Applicant,
    DuesCategory,
    PaymentMethod,
    Rating,
    Transfer,
    add_months,
)
from .models import Branch

# The largest monthly dues the bands can give: the top rate on the largest income accepted.
MAX_PAYMENT = MAX_MONTHLY_INCOME * max(r for bands in DUES_BANDS.values() for _u, r in bands) / 100

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def month_field(label):
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter a month as YYYY-MM.")},
    )


def document_field():
    return forms.FileField(
        label=_("Document (PDF or image)"), required=False, validators=[validate_upload]
    )


class ApplicantForm(forms.ModelForm):
    applied_on = forms.DateField(label=_("Application handed in on"), **DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
    document = document_field()

    class Meta:
        model = Applicant
        fields = ["name", "gender", "employee_no", "post", "phone"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the applicant's name."))
        return name

    def clean_applied_on(self):
        day = self.cleaned_data["applied_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class StepForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), **DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))
    document = document_field()


class CorrectStepForm(StepForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class DuesBaseForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=DuesCategory.choices)
    income = forms.DecimalField(
        label=_("Declared monthly income (yuan)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("After tax, as the 党费收缴规定 asks; 0 for members without income."),
    )
    valid_from = month_field(_("From month"))

    def clean_income(self):
        income = self.cleaned_data["income"]
        if income < 0 or income > MAX_MONTHLY_INCOME:
            raise forms.ValidationError(_("Enter a monthly income between 0 and 1,000,000 yuan."))
        return income


class PaymentForm(forms.Form):
    month = month_field(_("Month paid for"))
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=9, decimal_places=2)
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    paid_on = forms.DateField(label=_("Paid on"), **DATE)
    proxy = forms.CharField(
        label=_("Paid on the member's behalf by (代缴)"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when the member paid themselves."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

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
            raise forms.ValidationError(_("Enter a month from 2000 on."))
        return month

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class TransferPickForm(forms.Form):
    """The member whose transfer to start, found by name or employee number (list page)."""

    member = MemberChoice(label=_("Member"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class TransferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Transfer"), choices=Transfer.Kind.choices, widget=forms.RadioSelect
    )
    to_branch = forms.ModelChoiceField(
        label=_("To branch"),
        queryset=Branch.objects.order_by("order", "name"),
        required=False,
        widget=QuickSelect,
    )
    destination = forms.CharField(
        label=_("Receiving organisation (out of the company)"), max_length=100, required=False
    )
    letter_no = forms.CharField(
        label=_("Letter number (out of the company)"), max_length=50, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean(self):
        data = super().clean()
        kind, to = data.get("kind"), data.get("to_branch")
        if kind == Transfer.Kind.INTERNAL:
            if to is None:
                self.add_error("to_branch", _("Choose the branch the member moves to."))
            elif to.pk == self.member.branch_id:
                self.add_error(
                    "to_branch", _("The member is already in %(branch)s.") % {"branch": to}
                )
        elif kind == Transfer.Kind.OUT:
            if not data.get("letter_no", "").strip():
                self.add_error("letter_no", _("Enter the number of the transfer letter."))
            if not data.get("destination", "").strip():
                self.add_error("destination", _("Enter the receiving party organisation."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class OpenAppraisalForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class BallotForm(forms.Form):
    """The self-assessment and one rating for each other participant (fields `r_<pk>`)."""

    self_rating = forms.ChoiceField(
        label=_("My own rating"), choices=Rating.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("My summary of the year"),
        required=False,
        widget=forms.Textarea({"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = others
        for member in others:
            self.fields[f"r_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=Rating.choices,
                widget=forms.RadioSelect(attrs={"class": "rating-choice"}),
                error_messages={"required": _("Rate this member.")},
            )

    def rating_fields(self):
        return [self[f"r_{m.pk}"] for m in self.others]

    def ballot(self):
        return {
            "self_rating": self.cleaned_data["self_rating"],
            "summary": self.cleaned_data["summary"],
            "ratings": {m.pk: self.cleaned_data[f"r_{m.pk}"] for m in self.others},
        }


class ResultsForm(forms.Form):
    """The branch committee's settled grade for each participant (fields `m_<pk>`)."""

    def __init__(self, *args, tallies, **kwargs):
        super().__init__(*args, **kwargs)
        self.tallies = tallies
        for t in tallies:
            self.fields[f"m_{t.member.pk}"] = forms.ChoiceField(
                label=t.member.name,
                choices=[("", "—"), *Rating.choices],
                required=False,
                initial=t.result.rating if t.result else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def results(self):
        return {
            t.member: self.cleaned_data[f"m_{t.member.pk}"]
            for t in self.tallies
            if self.cleaned_data.get(f"m_{t.member.pk}")
        }
