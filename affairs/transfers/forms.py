"""组织关系转接 forms: the member to move, where to, the 介绍信, the 回执, a member received."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from affairs.models import LETTER_VALIDITY, Transfer, letter_latest_valid_until
from branches.models import Branch, Member, PartyGroup
from hongjun.dates import DateBounds
from hongjun.forms import MemberChoice, QuickSelect


def _day(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class MonthField(forms.DateField):
    """A month (`<input type="month">`, 2026-11), kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class LetterFields(DateBounds, forms.Form):
    """The 组织关系介绍信: number, issued on, valid until (at most `LETTER_VALIDITY` months)
    and 党费交至. `letter_required` says whether the letter applies to the data given."""

    letter_no = forms.CharField(label=_("Letter number"), max_length=50, required=False)
    letter_issued_on = _day(_("Letter issued on"), required=False)
    letter_valid_until = _day(
        _("Letter valid until"),
        required=False,
        help_text=_("At most three months after it was issued."),
    )
    dues_paid_until = MonthField(label=_("Dues paid up to (month)"), required=False)

    def letter_required(self, data):
        return True

    def clean(self):
        data = super().clean()
        if not self.letter_required(data):
            return data
        messages = {
            "letter_no": _("Enter the number of the transfer letter."),
            "letter_issued_on": _("Enter the day the letter was issued."),
            "letter_valid_until": _("Enter the day the letter is valid until."),
            "dues_paid_until": _("Enter the month the member's dues are paid up to."),
        }
        for name, message in messages.items():
            value = data.get(name)
            empty = (value.strip() if isinstance(value, str) else value) in ("", None)
            if empty and name not in self.errors:
                self.add_error(name, message)
        issued, until = data.get("letter_issued_on"), data.get("letter_valid_until")
        if issued and until:
            if until < issued:
                self.add_error(
                    "letter_valid_until", _("The letter cannot expire before it was issued.")
                )
            elif until > letter_latest_valid_until(issued):
                self.add_error(
                    "letter_valid_until",
                    _(
                        "A transfer letter is valid for at most %(months)s months: one issued "
                        "on %(issued)s is valid until %(latest)s at the latest (%(source)s)."
                    )
                    % {
                        "months": LETTER_VALIDITY.value,
                        "issued": f"{issued:%Y-%m-%d}",
                        "latest": f"{letter_latest_valid_until(issued):%Y-%m-%d}",
                        "source": LETTER_VALIDITY.source,
                    },
                )
        paid = data.get("dues_paid_until")
        if paid and issued and paid > issued:
            self.add_error(
                "dues_paid_until", _("Dues cannot be paid beyond the month the letter is issued.")
            )
        return data


class TransferPickForm(forms.Form):
    """The member whose transfer to start, found by name or employee number (list page)."""

    member = MemberChoice(label=pgettext_lazy("transfer", "Member"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class TransferForm(LetterFields):
    """A move to another branch, or out of the company with its 介绍信."""

    kind = forms.ChoiceField(
        label=_("Transfer"),
        choices=[
            (Transfer.Kind.INTERNAL, Transfer.Kind.INTERNAL.label),
            (Transfer.Kind.OUT, Transfer.Kind.OUT.label),
        ],
        widget=forms.RadioSelect,
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
    reason = forms.CharField(
        label=pgettext_lazy("transfer", "Reason"), max_length=200, required=False
    )
    field_order = [
        "kind",
        "to_branch",
        "destination",
        "letter_no",
        "letter_issued_on",
        "letter_valid_until",
        "dues_paid_until",
        "reason",
    ]

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["letter_no"].label = _("Letter number (out of the company)")

    def letter_required(self, data):
        return data.get("kind") == Transfer.Kind.OUT

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
        elif kind == Transfer.Kind.OUT and not data.get("destination", "").strip():
            self.add_error("destination", _("Enter the receiving party organisation."))
        return data


class ReceiptForm(DateBounds, forms.Form):
    """回执: the receiving side's slip that closes a move out."""

    receipt_on = _day(_("Receipt returned on"))
    receipt_by = forms.CharField(
        label=_("Receipt signed by"),
        max_length=100,
        help_text=_("The receiving party organisation, or who signed for it."),
    )

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.transfer = transfer

    def clean_receipt_on(self):
        day = self.cleaned_data["receipt_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The receipt cannot come back in the future."))
        issued = self.transfer.letter_issued_on
        if issued and day < issued:
            raise forms.ValidationError(
                _("The receipt cannot come back before the letter was issued (%(day)s).")
                % {"day": f"{issued:%Y-%m-%d}"}
            )
        return day


class ReceiveForm(LetterFields):
    """A member arriving from outside the company with their 介绍信, placed in a branch and
    a 党小组."""

    name = forms.CharField(label=pgettext_lazy("member", "Name"), max_length=50)
    gender = forms.ChoiceField(
        label=pgettext_lazy("member", "Gender"), choices=[("", "—"), *Member.Gender.choices]
    )
    employee_no = forms.CharField(label=pgettext_lazy("member", "Employee number"), max_length=20)
    status = forms.ChoiceField(
        label=pgettext_lazy("member", "Status"), choices=Member.Status.choices
    )
    joined_on = _day(pgettext_lazy("member", "Joined the party on"))
    post = forms.CharField(label=pgettext_lazy("member", "Post"), max_length=100, required=False)
    phone = forms.CharField(label=pgettext_lazy("member", "Phone"), max_length=20, required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, widget=QuickSelect)
    party_group = forms.ModelChoiceField(
        label=pgettext_lazy("member", "Party group"), queryset=None, required=False
    )
    origin = forms.CharField(label=_("Sending organisation"), max_length=100)
    received_on = _day(_("Received on"))
    field_order = [
        "name",
        "gender",
        "employee_no",
        "status",
        "joined_on",
        "post",
        "phone",
        "branch",
        "party_group",
        "origin",
        "letter_no",
        "letter_issued_on",
        "letter_valid_until",
        "dues_paid_until",
        "received_on",
    ]

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        groups = self.fields["party_group"]
        groups.queryset = PartyGroup.objects.filter(branch__in=branches).select_related("branch")
        groups.label_from_instance = lambda g: f"{g.branch.name} · {g.name}"

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        if Member.objects.filter(employee_no=number).exists():
            raise forms.ValidationError(
                _("Employee number %(no)s is already a member's.") % {"no": number}
            )
        return number

    def clean(self):
        data = super().clean()
        branch, group = data.get("branch"), data.get("party_group")
        if branch and group and group.branch_id != branch.pk:
            self.add_error(
                "party_group", _("This party group is not in %(branch)s.") % {"branch": branch}
            )
        received, until = data.get("received_on"), data.get("letter_valid_until")
        if received:
            if received > timezone.localdate():
                self.add_error("received_on", _("The member cannot be received in the future."))
            elif until and received > until:
                self.add_error(
                    "received_on",
                    _(
                        "The letter expired on %(day)s: the member needs a new letter or the "
                        "sending organisation's proof before being received."
                    )
                    % {"day": f"{until:%Y-%m-%d}"},
                )
            issued = data.get("letter_issued_on")
            if issued and received < issued:
                self.add_error(
                    "received_on", _("The member cannot be received before the letter was issued.")
                )
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label=pgettext_lazy("transfer", "Note"), max_length=200, required=False)
