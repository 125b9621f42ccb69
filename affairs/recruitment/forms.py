"""发展党员 forms: an applicant, a step, a correction."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from affairs.forms import DATE, document_field
from affairs.models import (
    DATE_ONLY,
    EXTENSION,
    EXTENSION_MONTHS,
    NOTICE,
    TRAINING,
    Applicant,
)
from hongjun.dates import DateBounds, bound


class ApplicantForm(DateBounds, forms.ModelForm):
    applied_on = forms.DateField(label=_("Application handed in on"), **DATE)
    note = forms.CharField(
        label=pgettext_lazy("recruitment", "Note"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    document = document_field()

    class Meta:
        model = Applicant
        fields = ["name", "gender", "employee_no", "birth_date", "post", "phone"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the applicant's name."))
        return name

    def clean_applied_on(self):
        day = self.cleaned_data["applied_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                pgettext_lazy("recruitment", "The date cannot be in the future.")
            )
        return day


class StepForm(DateBounds, forms.Form):
    """A step's date, note and document; a 公示 and the training also their first day (and
    the training its 学时), an extension of the 预备期 its months. `rule` picks the fields."""

    done_on = forms.DateField(label=_("Date"), **DATE)
    note = forms.CharField(
        label=pgettext_lazy("recruitment", "Note"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    document = document_field()

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        kind = rule.kind if rule else DATE_ONLY
        if kind in (NOTICE, TRAINING):
            self.fields["started_on"] = forms.DateField(label=_("First day"), **DATE)
            self.fields["done_on"].label = _("Last day")
            self.order_fields(["started_on", "done_on"])
        if kind == TRAINING:
            self.fields["hours"] = forms.DecimalField(
                label=_("Class hours"), min_value=Decimal("0.5"), max_digits=5, decimal_places=1
            )
        if kind == EXTENSION:
            self.fields["done_on"].label = _("Date of the general meeting's decision")
            self.fields["months"] = forms.IntegerField(
                label=_("Extended by (months)"),
                min_value=EXTENSION_MONTHS[0],
                max_value=EXTENSION_MONTHS[1],
            )
        if rule and rule.document:
            self.fields["document"].required = True
            self.fields["document"].help_text = rule.material
        if rule and rule.limit:
            self.fields["note"].help_text = _(
                "Past the %(months)s months' deadline, write the reason here."
            ) % {"months": rule.deadline[1]}
        bound(self.fields.values())


class CorrectStepForm(StepForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)


class PlanForm(forms.Form):
    """The committee's 年度发展计划 for one branch and year; setting it again changes it."""

    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None)
    year = forms.TypedChoiceField(label=pgettext_lazy("recruitment plan", "year"), coerce=int)
    candidates = forms.IntegerField(
        label=pgettext_lazy("recruitment plan", "candidates to name"), min_value=0, max_value=999
    )
    admissions = forms.IntegerField(
        label=pgettext_lazy("recruitment plan", "members to admit"), min_value=0, max_value=999
    )
    note = forms.CharField(
        label=pgettext_lazy("recruitment", "Note"), max_length=200, required=False
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(year - 1, year + 2)]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "A plan is set for last year, this year or next."
        )
