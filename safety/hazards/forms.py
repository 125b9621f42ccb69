"""Forms of the hazard pages: the report, the workflow steps and the list's filters."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Member
from hongjun.dates import BoundedForm, DateBounds
from hongjun.forms import QuickSelect
from hongjun.uploads import validate_image

from ..models import Hazard, SafetyZone

PHOTO_ATTRS = {"accept": "image/*", "capture": "environment"}
# What a `ModelChoiceField` says of an id it does not offer.
INVALID_CHOICE = forms.ModelChoiceField.default_error_messages["invalid_choice"]


class ZoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, zone):
        return f"{zone.branch.name} · {zone.name}"


class HazardReportForm(forms.ModelForm):
    zone = ZoneChoiceField(
        label=_("Zone"),
        queryset=SafetyZone.objects.none(),
        empty_label=_("Choose the zone"),
        widget=QuickSelect,
    )
    photo = forms.FileField(
        label=pgettext_lazy("hazard", "Photo"),
        required=False,
        validators=[validate_image],
        widget=forms.ClearableFileInput(attrs=PHOTO_ATTRS),
        help_text=_("Take a photo with the phone's camera; JPEG, PNG, GIF or WebP, at most 10 MB."),
    )

    class Meta:
        model = Hazard
        fields = ["zone", "location_detail", "description", "severity", "photo"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "severity": forms.RadioSelect,
        }
        error_messages = {"description": {"required": _("Say what is wrong.")}}

    def __init__(self, *args, zones, own_branch_id=None, **kwargs):
        """`zones`: those a hazard may be reported in (any zone: hazards do not respect
        branches), checked against the queryset on submission. The select lists them from
        plain rows, those of the reporter's branch (`own_branch_id`) first, where they work
        and most often report: a company's 450 zones, one template an option, took 30 ms to
        render on a page for phones, and were a long way to scroll (docs/performance.md)."""
        super().__init__(*args, **kwargs)
        field = self.fields["zone"]
        field.queryset = zones
        # After the queryset, which resets the widget's choices to its model iterator.
        field.widget.choices = [("", field.empty_label), *zone_choices(zones, own_branch_id)]

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Say what is wrong."))
        return text


def zone_choices(zones, own_branch_id=None):
    """`zones` labelled as `ZoneChoiceField` labels them, by branch (one query of plain
    rows); those of branch `own_branch_id` first in a group of their own, if it has any."""
    rows = zones.order_by("branch__order", "branch__name", "name").values_list(
        "pk", "branch_id", "branch__name", "name"
    )
    own, others = [], []
    for pk, branch_id, branch, name in rows:
        (own if branch_id == own_branch_id else others).append((pk, f"{branch} · {name}"))
    if not own:
        return others
    if not others:
        return [(_("My branch"), own)]
    return [(_("My branch"), own), (_("Other branches"), others)]


class AssignForm(DateBounds, forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=Member.objects.none(),
        error_messages={
            "invalid_choice": _("Choose an active member of the zone's branch."),
        },
    )
    deadline = forms.DateField(
        label=_("Fix by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, hazard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = Member.objects.filter(
            branch_id=hazard.zone.branch_id, is_active=True
        ).order_by("name")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class FixForm(forms.Form):
    fix_description = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what was done.")},
    )
    after_photo = forms.FileField(
        label=pgettext_lazy("hazard", "Photo after the fix"),
        validators=[validate_image],
        widget=forms.ClearableFileInput(attrs=PHOTO_ATTRS),
        help_text=_("JPEG, PNG, GIF or WebP, at most 10 MB."),
    )

    def clean_fix_description(self):
        text = self.cleaned_data["fix_description"].strip()
        if not text:
            raise forms.ValidationError(_("Say what was done."))
        return text


class CloseForm(forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("hazard", "Note (optional)"), required=False, widget=forms.TextInput()
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is sent back"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the fix is sent back.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the fix is sent back."))
        return reason


OVERDUE = "overdue"
OPEN = "open"


class HazardFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("hazard", "Status"),
        method="filter_state",
        choices=[
            (OPEN, _("open")),
            (OVERDUE, pgettext_lazy("hazard", "overdue")),
            *Hazard.Status.choices,
        ],
        empty_label=pgettext_lazy("hazard", "all"),
        widget=QuickSelect,
    )
    severity = django_filters.ChoiceFilter(
        label=pgettext_lazy("hazard", "Severity"),
        choices=Hazard.Severity.choices,
        empty_label=pgettext_lazy("hazard", "all"),
        widget=QuickSelect,
    )
    # Both long selects take their choices from plain rows in `__init__` (one query each),
    # not model instances: 450 zones with their branches cost more to build than the rest of
    # the page (docs/performance.md). An id outside the choices (unknown, or a branch or zone
    # outside the user's scope) is refused as a `ModelChoiceField` refuses it, and ignored.
    # Choosing a branch sends the form, which brings that branch's zones.
    branch = django_filters.ChoiceFilter(
        label=_("Branch"),
        field_name="zone__branch",
        empty_label=pgettext_lazy("hazard", "all"),
        widget=QuickSelect(attrs={"data-autosubmit": True}),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    zone = django_filters.ChoiceFilter(
        label=_("Zone"),
        empty_label=pgettext_lazy("hazard", "all"),
        widget=QuickSelect,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    # Reported on these local dates: the dashboard's period links here.
    reported_from = django_filters.DateFilter(
        label=_("Reported from"),
        field_name="reported_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reported_to = django_filters.DateFilter(
        label=_("Reported until"),
        field_name="reported_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = BoundedForm
        model = Hazard
        fields = []

    def __init__(self, *args, branches=None, **kwargs):
        """`branches`: those the user may read (every branch by default); the branch and zone
        choices are theirs, with a zone labelled as `ZoneChoiceField` labels it."""
        super().__init__(*args, **kwargs)
        if branches is None:
            branches = Branch.objects.all()
        branches = branches.order_by("order", "name")
        # Set on the form's own fields: a choice given to the filter would be deep-copied
        # into the form, 600 tuples a request.
        fields = self.form.fields
        branch_rows = list(branches.values_list("pk", "name"))
        fields["branch"].choices = branch_rows
        # The zones of the chosen branch (or of the only one): a list of all 450 zones is
        # no way to find one, and cost a query and 5 ms a page. A zone asked for without
        # its branch (a link) gets every zone in scope, to be found and checked.
        chosen = str(self.data.get("branch") or "")
        if len(branch_rows) == 1:
            zone_branches = [branch_rows[0][0]]
        elif chosen in {str(pk) for pk, _ in branch_rows}:
            zone_branches = [int(chosen)]
        elif self.data.get("zone"):
            zone_branches = [pk for pk, _ in branch_rows]
        else:
            zone_branches = []
            fields["zone"].empty_label = _("choose a branch first")
        zones = []
        if zone_branches:
            zones = (
                SafetyZone.objects.filter(branch_id__in=zone_branches)
                .order_by("branch__order", "name")
                .values_list("pk", "branch__name", "name")
            )
        fields["zone"].choices = [(pk, f"{branch} · {name}") for pk, branch, name in zones]

    def filter_state(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue()
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)
