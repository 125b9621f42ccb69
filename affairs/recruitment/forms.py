"""发展党员 forms: an applicant, a step, a correction."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The largest monthly dues the bands can give: the top rate on the largest income accepted.
from affairs.forms import DATE, document_field
from affairs.models import (
    Applicant,
)
from hongjun.dates import DateBounds


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
        fields = ["name", "gender", "employee_no", "post", "phone"]

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
    done_on = forms.DateField(label=_("Date"), **DATE)
    note = forms.CharField(
        label=pgettext_lazy("recruitment", "Note"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    document = document_field()


class CorrectStepForm(StepForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)
