"""谈心谈话 forms: who talked with whom, when, and the gist."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Member
from hongjun.dates import DateBounds
from hongjun.forms import MemberChoice


class TalkForm(DateBounds, forms.Form):
    talker = MemberChoice(label=pgettext_lazy("talk", "Talked"), queryset=Member.objects.none())
    talkee = MemberChoice(label=pgettext_lazy("talk", "With"), queryset=Member.objects.none())
    held_on = forms.DateField(
        label=pgettext_lazy("talk", "Held on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    gist = forms.CharField(
        label=pgettext_lazy("talk", "Gist"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Seen only by the two who talked and the branch secretary."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talker"].queryset = members
        self.fields["talkee"].queryset = members

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A talk cannot be recorded before it is held."))
        return day

    def clean(self):
        data = super().clean()
        if data.get("talker") and data.get("talker") == data.get("talkee"):
            self.add_error("talkee", _("A talk is between two members: choose someone else."))
        return data
