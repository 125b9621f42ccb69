"""Forms for projects: the project itself, applications, award, steps, milestones, progress."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Member
from hongjun.dates import DateBounds
from hongjun.forms import CountedFormSet, MemberChoice, MembersChoice, QuickSelect
from hongjun.uploads import validate_upload

from . import services
from .models import Application, Initiative, Milestone, OutcomeFigure, TeamKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERCENT_MESSAGE = _("Progress is a percentage from 0 to 100.")


def _members(branch_ids=None):
    qs = Member.objects.filter(is_active=True).select_related("branch").order_by("branch", "name")
    return qs if branch_ids is None else qs.filter(branch_id__in=branch_ids)


class InitiativeForm(DateBounds, forms.ModelForm):
    """The committee's form for a project; milestones come in a formset beside it."""

    lead = MemberChoice(
        queryset=Member.objects.none(),
        required=False,
        label=pgettext_lazy("project", "project lead"),
    )
    team = MembersChoice(
        queryset=Member.objects.none(), required=False, label=pgettext_lazy("project", "team")
    )

    class Meta:
        model = Initiative
        fields = [
            "kind",
            "title",
            "theme",
            "problem",
            "expected_outcome",
            "apply_deadline",
            "reward_points",
            "reward_text",
            "starts_on",
            "ends_on",
            "branch",
            "lead",
            "team_kind",
            "team",
        ]
        labels = {"branch": _("host branch (demonstration projects)")}
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "expected_outcome": forms.Textarea(attrs={"rows": 3}),
            "apply_deadline": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "branch": QuickSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _members()
        self.fields["team"].queryset = _members()
        editing = self.instance.pk is not None
        if editing and self.instance.status != Initiative.Status.DRAFT:
            del self.fields["kind"]
        if editing and self.instance.kind == Initiative.Kind.LISTED and self.instance.branch_id:
            # The awarded branch comes from the award, not from this form.
            del self.fields["branch"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind", self.instance.kind)
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on", pgettext_lazy("project", "The end date cannot be before the start date.")
            )
        if kind == Initiative.Kind.LISTED:
            if not data.get("apply_deadline"):
                self.add_error("apply_deadline", _("A listed project needs a deadline to apply."))
            if data.get("branch"):
                self.add_error(
                    "branch", _("A listed project's branch is set when the committee awards it.")
                )
        elif kind == Initiative.Kind.DEMONSTRATION and not data.get("lead"):
            self.add_error("lead", _("Name the lead of the demonstration project."))
        return data


class MilestoneForm(DateBounds, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if self.initiative is not None:
            services.check_milestone_due(due_on, self.initiative.starts_on, self.initiative.ends_on)
        return due_on


# A bounded number of rows: a forged TOTAL_FORMS must not make the page build thousands.
MAX_ROWS = 20

MilestoneFormSet = forms.formset_factory(
    MilestoneForm,
    formset=CountedFormSet,
    extra=4,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


class ApplicationForm(forms.ModelForm):
    """揭榜: a branch's plan and team; the team comes from the applying branch."""

    branch = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("branch"))
    # The applying branch's own members: a short list, shown whole.
    lead = MemberChoice(
        queryset=Member.objects.none(),
        required=False,
        label=pgettext_lazy("project", "proposed lead"),
        widget=forms.Select,
    )
    team = MembersChoice(
        queryset=Member.objects.none(),
        label=pgettext_lazy("project", "team"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        fields = ["branch", "plan", "team_kind", "lead", "team"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        ids = [b.pk for b in branches]
        if len(ids) == 1:
            self.fields["branch"].initial = ids[0]
            self.fields["branch"].widget = forms.HiddenInput()
        self.fields["lead"].queryset = _members(ids)
        self.fields["team"].queryset = _members(ids)
        self.fields["team_kind"].choices = TeamKind.choices


class AwardForm(forms.Form):
    # Any branch is accepted here; the service refuses one that did not apply, by name.
    branch = forms.ModelChoiceField(
        queryset=Branch.objects.all(),
        label=_("awarded branch"),
        error_messages={"required": _("Choose the branch to award the project to.")},
    )
    comments = forms.CharField(
        label=_("comments"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmForm(forms.Form):
    """A step with nothing to fill in: publish, start, start work."""


class SubmitForm(forms.Form):
    comments = forms.CharField(
        label=_("summary for the committee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptForm(forms.Form):
    rating = forms.ChoiceField(
        label=pgettext_lazy("project", "rating"),
        choices=Initiative.Rating.choices,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=pgettext_lazy("project", "acceptance comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 4}))


# Which form each workflow step asks for.
STEP_FORMS = {
    Initiative.Status.PUBLISHED: ConfirmForm,
    Initiative.Status.IN_PROGRESS: ConfirmForm,
    Initiative.Status.SUBMITTED: SubmitForm,
    Initiative.Status.ACCEPTED: AcceptForm,
    Initiative.Status.RETURNED: ReasonForm,
    Initiative.Status.CANCELLED: ReasonForm,
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by content (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    percent = forms.IntegerField(
        label=pgettext_lazy("project", "progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": PERCENT_MESSAGE,
            "max_value": PERCENT_MESSAGE,
            "invalid": PERCENT_MESSAGE,
        },
    )
    text = forms.CharField(
        label=pgettext_lazy("project", "what was done"), widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=pgettext_lazy("project", "evidence"),
        required=False,
        help_text=_("Photos or PDF reports, 10 MB each at most."),
    )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for file in files:
            validate_upload(file)
        return files


class OutcomeFigureForm(forms.Form):
    label = forms.CharField(
        label=pgettext_lazy("project", "what was measured"), max_length=100, required=False
    )
    quantity = forms.DecimalField(
        label=pgettext_lazy("project", "quantity"),
        max_digits=14,
        decimal_places=2,
        required=False,
        error_messages={"invalid": _("Enter the figure as a number, for example 1250.5.")},
    )
    unit = forms.ChoiceField(
        label=pgettext_lazy("project", "unit"),
        choices=[("", "---------"), *OutcomeFigure.Unit.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        filled = [data.get("label"), data.get("quantity"), data.get("unit")]
        if any(v not in (None, "") for v in filled) and not self.errors:
            if not data.get("label"):
                self.add_error("label", _("Say what the figure measures."))
            if data.get("quantity") is None:
                self.add_error("quantity", _("Enter the figure as a number, for example 1250.5."))
            if not data.get("unit"):
                self.add_error("unit", _("Choose the unit."))
        return data

    @property
    def is_filled(self):
        return bool(self.cleaned_data.get("label"))


OutcomeFigureFormSet = forms.formset_factory(
    OutcomeFigureForm,
    formset=CountedFormSet,
    extra=3,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
