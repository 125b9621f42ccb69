"""Forms of the 三学 pages: a session of each mode, attendance with scores, a mentor pair."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Member
from hongjun.dates import DateBounds
from hongjun.forms import CountedFormSet, MemberChoice, MemberSearch, QuickSelect
from hongjun.uploads import validate_upload

from ..models import StudySession

SCORE_MESSAGE = _("The quiz score must be a whole number from 0 to 100.")


class SessionForm(DateBounds, forms.Form):
    """What every session has; each mode's form adds what decides its invitees."""

    topic = forms.CharField(label=pgettext_lazy("study", "Topic"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=pgettext_lazy("study", "Place"), max_length=100)
    material = forms.FileField(
        label=_("Material"),
        required=False,
        validators=[validate_upload],
        help_text=pgettext_lazy("study", "An image or a PDF, at most 10 MB."),
    )
    material_text = forms.CharField(
        label=_("Material text or link"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class CommitteeSessionForm(SessionForm):
    invited_branches = forms.ModelMultipleChoiceField(
        label=_("Invited branches"),
        queryset=Branch.objects.order_by("order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to invite every member of the company."),
    )


class BranchSessionForm(SessionForm):
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none())

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches.order_by("order", "name")
        if len(self.fields["branch"].queryset) == 1:
            self.fields["branch"].initial = self.fields["branch"].queryset[0].pk


class MentorSessionForm(SessionForm):
    def __init__(self, *args, mentor, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentor = mentor

    def clean_starts_at(self):
        from .services import current_apprentices

        starts_at = self.cleaned_data["starts_at"]
        if not current_apprentices(self.mentor, timezone.localdate(starts_at)).exists():
            raise forms.ValidationError(_("You had no apprentice on that day."))
        return starts_at


MODE_FORMS = {
    StudySession.Mode.COMMITTEE_LED: CommitteeSessionForm,
    StudySession.Mode.BRANCH_STUDY: BranchSessionForm,
    StudySession.Mode.MENTOR: MentorSessionForm,
}


class AttendanceRowForm(forms.Form):
    """One invitee's line: the member is a hidden id checked against the invitation list."""

    member = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.BooleanField(label=pgettext_lazy("study", "Present"), required=False)
    quiz_score = forms.IntegerField(
        label=_("Quiz score"),
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": SCORE_MESSAGE,
            "max_value": SCORE_MESSAGE,
            "invalid": SCORE_MESSAGE,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100}),
    )

    def __init__(self, *args, invited, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited = invited
        self.row = invited.get(self.initial.get("member"))

    def clean_member(self):
        member_id = self.cleaned_data["member"]
        if member_id not in self.invited:
            raise forms.ValidationError(_("This person was not invited to the session."))
        self.row = self.invited[member_id]
        return member_id

    def clean(self):
        data = super().clean()
        if data.get("quiz_score") is not None and not data.get("attended"):
            self.add_error("quiz_score", _("A quiz score needs the member to be present."))
        return data


class BaseAttendanceFormSet(CountedFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            member_id = form.cleaned_data.get("member")
            if member_id in seen:
                form.add_error(None, _("This person appears twice."))
            seen.add(member_id)


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0, max_num=5000, absolute_max=5000
)


def attendance_formset(rows, data=None):
    """The formset for a session's attendance `rows` (StudyAttendance with members)."""
    invited = {row.member_id: row for row in rows}
    initial = [
        {"member": r.member_id, "attended": r.attended, "quiz_score": r.quiz_score} for r in rows
    ]
    formset = AttendanceFormSet(
        data, initial=initial, form_kwargs={"invited": invited}, prefix="attendance"
    )
    # No more rows than invitees: a forged TOTAL_FORMS is refused, not built 5,000 times.
    formset.max_num = formset.absolute_max = len(rows)
    return formset


class MentorPairForm(DateBounds, forms.Form):
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), widget=QuickSelect
    )
    mentor = MemberChoice(
        label=_("Mentor"),
        queryset=Member.objects.none(),
        widget=MemberSearch(branch_field="branch"),
    )
    apprentice = MemberChoice(
        label=_("Apprentice"),
        queryset=Member.objects.none(),
        widget=MemberSearch(branch_field="branch"),
    )
    starts_on = forms.DateField(
        label=pgettext_lazy("study", "From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty while the pair is running."),
    )

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        branches = branches.order_by("order", "name")
        self.fields["branch"].queryset = branches
        people = (
            Member.objects.filter(branch__in=branches, is_active=True)
            .select_related("branch")
            .order_by("branch__order", "name")
        )
        self.fields["mentor"].queryset = people
        self.fields["apprentice"].queryset = people

    def clean(self):
        data = super().clean()
        branch, mentor, apprentice = data.get("branch"), data.get("mentor"), data.get("apprentice")
        if mentor and apprentice and mentor.pk == apprentice.pk:
            self.add_error(
                "apprentice", _("The mentor and the apprentice must be two different people.")
            )
        for name in ("mentor", "apprentice"):
            person = data.get(name)
            if branch and person and person.branch_id != branch.pk:
                self.add_error(name, _("Choose a member of the branch."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", pgettext_lazy("study", "The end date cannot be before the start date.")
            )
        return data


class PeriodForm(DateBounds, forms.Form):
    """The participation page's period: sessions from and to these days, both optional."""

    since = forms.DateField(
        label=pgettext_lazy("study", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=pgettext_lazy("study", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
