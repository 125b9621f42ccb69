"""Forms for the organisation (a branch's details, its members) and for its activities."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun import uploads
from hongjun.dates import DateBounds
from hongjun.forms import CountedFormSet

from .cadences import FOR_YEAR_KINDS
from .models import Activity, ActivityAttachment, Attendance, Branch, Member


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["unit", "meeting_place", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberForm(DateBounds, forms.ModelForm):
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


# Activities ---------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files at once, each checked by content (image or PDF) and size."""

    widget = MultipleFileInput

    def __init__(self, *args, kinds=("image", "pdf"), **kwargs):
        kwargs.setdefault("required", False)
        self.kinds = kinds
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = (
            "image/*" if kinds == ("image",) else "image/*,application/pdf"
        )

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned, errors = [], []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                uploads.validate_upload(upload, kinds=self.kinds)
            except forms.ValidationError as error:
                errors.extend(
                    _("%(name)s: %(error)s") % {"name": upload.name, "error": message}
                    for message in error.messages
                )
            cleaned.append(upload)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class ActivityForm(DateBounds, forms.ModelForm):
    """The activity itself; the roster's attendance is the `AttendanceFormSet` beside it.

    Date, start and end time are three fields (the same day), which is how a secretary thinks
    of a meeting. A held activity cannot start in the future; a planned one must, at most a
    year ahead, and carries no attendance until it is recorded as held.
    """

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    photos = EvidenceField(label=_("Photos"), kinds=("image",))
    sign_in_sheets = EvidenceField(label=_("Sign-in sheet (image or PDF)"))
    minutes_files = EvidenceField(label=_("Minutes (PDF or image)"))
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=ActivityAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "theme",
            "status",
            "place",
            "host",
            "party_group",
            "topic",
            "for_year",
            "content",
            "first_topic",
            "first_topic_text",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 5}),
            "first_topic_text": forms.Textarea(attrs={"rows": 2}),
        }

    MAX_AHEAD = datetime.timedelta(days=366)

    def __init__(self, *args, branch, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.fields["host"].queryset = Member.objects.filter(
            pk__in=[m.pk for m in roster]
        ).order_by("name")
        self.fields["host"].label_from_instance = lambda m: m.name
        self.fields["party_group"].queryset = branch.groups.all()
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            self.initial.update(
                date=start.date(),
                start_time=start.time(),
                end_time=timezone.localtime(self.instance.ends_at).time(),
            )
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]
            self.initial.setdefault("place", branch.meeting_place)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start), tz)
            data["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end), tz)
            if end < start:
                self.add_error("end_time", _("The end cannot be before the start."))
            self._check_timing(data)
        self._check_year(data)
        if data.get("first_topic"):
            if not data.get("first_topic_text", "").strip():
                self.add_error(
                    "first_topic_text", _("Say what was studied as the first agenda item.")
                )
        else:
            data["first_topic_text"] = ""
        return data

    def _check_year(self, data):
        """组织生活会 and 民主评议 count for the 年度 they were held for: the year held or, early
        in a year, the one before (`cadences.FOR_YEAR_KINDS`). Other kinds carry none."""
        year = data.get("for_year")
        if data.get("kind") not in FOR_YEAR_KINDS:
            data["for_year"] = None
        elif year is not None and data.get("starts_at"):
            held = timezone.localtime(data["starts_at"]).year
            if year not in (held, held - 1):
                self.add_error(
                    "for_year",
                    _("Held in %(held)s, it can be for %(held)s or for %(before)s.")
                    % {"held": held, "before": held - 1},
                )

    def _check_timing(self, data):
        now = timezone.now()
        starts_at, status = data["starts_at"], data.get("status")
        if starts_at > now + self.MAX_AHEAD:
            self.add_error("date", _("The date cannot be more than a year ahead."))
        elif status == Activity.Status.HELD and starts_at > now:
            self.add_error(
                "date",
                _(
                    "A held activity cannot start in the future. "
                    "To put it on the calendar, choose “planned”."
                ),
            )
        elif status == Activity.Status.PLANNED and starts_at <= now:
            self.add_error(
                "status",
                _("This activity has started: choose “held” and record the attendance."),
            )

    @property
    def is_held(self):
        """Whether attendance is to be recorded; call after `is_valid()`."""
        return self.cleaned_data.get("status") == Activity.Status.HELD

    def evidence(self):
        """The uploaded files as (attachment kind, file) pairs; call after `is_valid()`."""
        kinds = ActivityAttachment.Kind
        return [
            (kind, upload)
            for name, kind in (
                ("photos", kinds.PHOTO),
                ("sign_in_sheets", kinds.SIGN_IN),
                ("minutes_files", kinds.MINUTES),
            )
            for upload in self.cleaned_data.get(name) or []
        ]


class AttendanceForm(forms.Form):
    member = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This person is not on the branch's roster.")},
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("branch", "Attendance"),
        choices=Attendance.Status.choices,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
        initial=Attendance.Status.PRESENT,
    )
    reason = forms.CharField(
        label=pgettext_lazy("branch", "Reason"), max_length=200, required=False
    )

    def clean(self):
        data = super().clean()
        data["reason"] = data.get("reason", "").strip()
        if data.get("status") in (Attendance.Status.EXCUSED, Attendance.Status.ABSENT):
            if not data["reason"]:
                self.add_error("reason", _("Give the reason for leave or absence."))
        else:
            data["reason"] = ""
        return data


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One member's row of the attendance card: what its template needs, no markup."""

    member: object
    group: object
    member_name: str
    member_id: str
    member_value: object
    status_name: str
    status_id: str
    checked: str
    status_invalid: bool
    reason_name: str
    reason_id: str
    reason_value: str
    reason_errors: list
    errors: list


# The colour of each attendance button.
_STATUS_BUTTON = {
    Attendance.Status.ABSENT: "btn-outline-danger",
    Attendance.Status.EXCUSED: "btn-outline-warning",
}


class BaseAttendanceFormSet(CountedFormSet):
    """One row per member of the roster, prefilled present (or as recorded before).

    Members are checked against the roster held in memory: no query per row.
    """

    def __init__(self, *args, roster, recorded=None, **kwargs):
        self.roster = {m.pk: m for m in roster}
        recorded = recorded or {}
        initial = [
            {
                "member": m.pk,
                "status": recorded[m.pk].status if m.pk in recorded else Attendance.Status.PRESENT,
                "reason": recorded[m.pk].reason if m.pk in recorded else "",
            }
            for m in roster
        ]
        kwargs.setdefault("prefix", "attendance")
        super().__init__(*args, initial=initial, **kwargs)
        choices = [(pk, m.name) for pk, m in self.roster.items()]
        self._member_choices = lambda: choices

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A callable: the field then reads the roster's choices only to check a posted
        # row, where a list would be copied and normalised for each of the rows.
        form.fields["member"].choices = self._member_choices
        raw = form["member"].value()
        try:
            form.member_obj = self.roster.get(int(raw))
        except (TypeError, ValueError):
            form.member_obj = None
        return form

    def clean(self):
        if self.roster and not self.forms:
            # The page sends a row per member; none at all is a forged or truncated post.
            raise forms.ValidationError(
                _("Record the attendance of the branch's members."), code="no_rows"
            )
        seen = set()
        for form in self.forms:
            pk = form.cleaned_data.get("member") if hasattr(form, "cleaned_data") else None
            if pk is None:
                continue
            if pk in seen:
                form.add_error(None, _("This member is listed twice."))
            seen.add(pk)

    def outside_roster(self):
        """Whether the posted rows name someone the roster does not list: the page was
        filled in for another roster (the kind changed to or from a 支部委员会)."""
        if not self.is_bound:
            return False
        try:
            total = self.total_form_count()
        except forms.ValidationError:
            return False
        for i in range(min(total, self.max_num)):
            raw = self.data.get(f"{self.prefix}-{i}-member")
            try:
                if raw not in ("", None) and int(raw) not in self.roster:
                    return True
            except (TypeError, ValueError):
                return False
        return False

    def rows(self):
        """The roster's rows of the attendance card as data for
        `branches/includes/attendance_rows.html`: per member, the names, ids and values of
        its three inputs and its errors.

        The template writes the inputs as Django's widgets do (tests/branches/
        test_activities.py compares them, errors included) rather than rendering 200 widgets
        through their own templates, which took 90 ms for a branch of 55.
        """
        return [self._row(form) for form in self.forms]

    @staticmethod
    def _row(form):
        member_field, status, reason = form["member"], form["status"], form["reason"]
        member = form.member_obj
        checked, value = status.value(), member_field.value()
        return AttendanceRow(
            member=member,
            group=member.party_group if member else None,
            member_name=member_field.html_name,
            member_id=member_field.auto_id,
            member_value="" if value in ("", None) else str(value),
            status_name=status.html_name,
            status_id=status.auto_id,
            checked="" if checked is None else str(checked),
            status_invalid=bool(status.errors),
            reason_name=reason.html_name,
            reason_id=reason.auto_id,
            reason_value=reason.value() or "",
            reason_errors=reason.errors,
            errors=[*member_field.errors, *status.errors, *form.non_field_errors()],
        )

    @staticmethod
    def status_choices():
        """(value, label, button class) of each attendance status, in order."""
        return [
            (value, label, _STATUS_BUTTON.get(value, "btn-outline-success"))
            for value, label in AttendanceForm.base_fields["status"].choices
        ]

    def attendance(self):
        """[{member, status, reason}] for the service; call after `is_valid()`."""
        return [
            {
                "member": self.roster[form.cleaned_data["member"]],
                "status": form.cleaned_data["status"],
                "reason": form.cleaned_data["reason"],
            }
            for form in self.forms
            if form.cleaned_data.get("member") in self.roster
        ]


AttendanceFormSet = forms.formset_factory(
    AttendanceForm, formset=BaseAttendanceFormSet, extra=0, max_num=1000, validate_max=True
)


def entry_is_valid(form, formset):
    """The activity form and, for a held activity, the roster's attendance."""
    if not form.is_valid():
        formset.is_valid()  # bind the rows' errors too, so the page shows them all
        return False
    return not form.is_held or formset.is_valid()
