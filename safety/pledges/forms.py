"""Forms for the pledge, its versions, responsibility zones and violations."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Member
from hongjun.dates import DateBounds
from hongjun.forms import QuickSelect

from ..models import PledgeVersion, SafetyZone, Violation
from . import chain
from .services import normalize_name


class PledgeVersionForm(forms.ModelForm):
    class Meta:
        model = PledgeVersion
        fields = ["year", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.is_published:
            raise forms.ValidationError(
                _("A published pledge is never edited. Write a new version and publish it.")
            )
        return data


class SignForm(forms.Form):
    """Type your full name, then one tap: the version travels along to catch a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    typed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=50,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "class": "form-control-lg", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, member, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.member, self.version = member, version
        self.fields["version"].initial = version.pk

    def clean_version(self):
        if self.cleaned_data["version"] != self.version.pk:
            raise forms.ValidationError(
                _(
                    "This is not the pledge in force: a newer version has been published. "
                    "Read the current text and sign it."
                )
            )
        return self.version

    def clean_typed_name(self):
        typed = normalize_name(self.cleaned_data.get("typed_name"))
        if not typed:
            raise forms.ValidationError(_("Type your full name to sign."))
        if typed != normalize_name(self.member.name):
            raise forms.ValidationError(
                _("The name you typed is not your name as your branch recorded it.")
            )
        return typed


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "XXXX-XXXX-XXXX", "autocomplete": "off"}),
    )

    def clean_code(self):
        code = chain.normalize_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A verification code has 12 letters and digits, as printed on the receipt.")
            )
        return code


class ZoneForm(DateBounds, forms.ModelForm):
    class Meta:
        model = SafetyZone
        fields = ["name", "location", "established_on", "responsible"]
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "responsible": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.instance.branch = branch
        self.fields["responsible"].queryset = Member.objects.filter(
            branch=branch, is_active=True
        ).order_by("name")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = SafetyZone.objects.filter(branch=self.branch, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The branch already has a zone of this name."))
        return name

    def clean_established_on(self):
        day = self.cleaned_data["established_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                pgettext_lazy("pledge", "The date cannot be in the future.")
            )
        return day


class ViolationForm(DateBounds, forms.ModelForm):
    class Meta:
        model = Violation
        fields = ["occurred_on", "severity", "description"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                pgettext_lazy("pledge", "The date cannot be in the future.")
            )
        return day


class ZoneFilterForm(forms.Form):
    """The zone list's branch filter. `branches`: (pk, name) rows of those the user may
    read, plain rows for `QuickSelect` (150 for the committee); choosing one sends the form."""

    branch = forms.ChoiceField(
        label=_("Branch"),
        required=False,
        widget=QuickSelect(attrs={"data-autosubmit": True}),
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [("", pgettext_lazy("pledge", "all")), *branches]
