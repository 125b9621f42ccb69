"""Form pieces shared by the party-affairs forms: dates, months, documents, a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun.uploads import validate_upload

# The largest monthly dues the bands can give: the top rate on the largest income accepted.

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


class ReasonForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("affairs", "Reason"), max_length=200)
