"""组织关系转接 forms: the member to move, where to, and the decision's note."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from affairs.models import (
    Transfer,
)
from branches.models import Branch
from hongjun.forms import MemberChoice, QuickSelect

# The largest monthly dues the bands can give: the top rate on the largest income accepted.


class TransferPickForm(forms.Form):
    """The member whose transfer to start, found by name or employee number (list page)."""

    member = MemberChoice(label=pgettext_lazy("transfer", "Member"), queryset=None)

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
    reason = forms.CharField(
        label=pgettext_lazy("transfer", "Reason"), max_length=200, required=False
    )

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
    note = forms.CharField(label=pgettext_lazy("transfer", "Note"), max_length=200, required=False)
