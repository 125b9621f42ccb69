"""Forms for the organisation: a branch's details and its members."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Branch, Member


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["unit", "meeting_place", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "employee_no",
            "status",
            "joined_on",
            "post",
            "party_group",
            "phone",
        ]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.fields["party_group"].queryset = branch.groups.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the member's name."))
        return name

    def clean_joined_on(self):
        from django.utils import timezone

        joined_on = self.cleaned_data.get("joined_on")
        if joined_on and joined_on > timezone.localdate():
            raise forms.ValidationError(_("The date of joining cannot be in the future."))
        return joined_on
