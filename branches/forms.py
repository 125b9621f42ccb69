"""Forms for the organisation (a branch's details, its members) and for its activities."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hongjun import sealed, uploads
from hongjun.dates import DateBounds
from hongjun.forms import CountedFormSet, MemberChoice, MembersChoice, MemberSearch, MembersSearch

from . import records
from .cadences import FOR_YEAR_KINDS
from .models import (
    COMMITTEE_TERM_SOURCE,
    COMMITTEE_TERM_YEARS,
    Activity,
    ActivityAttachment,
    Attendance,
    Branch,
    CommitteeElection,
    Member,
    Role,
    TrainingRecord,
)


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["unit", "meeting_place", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberForm(DateBounds, forms.ModelForm):
    """A member's record (党员信息) as the 党员信息采集表 holds it. The 身份证号 is not a model
    field: it is written sealed (`Member.id_number`) and never shown back in full here."""

    DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    id_number = forms.CharField(
        label=_("identity card number"),
        max_length=30,
        required=False,
        help_text=_("18 characters; the last may be X."),
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "employee_no",
            "status",
            "category",
            "birth_date",
            "ethnicity",
            "native_place",
            "education",
            "post",
            "joined_on",
            "full_member_on",
            "introducers",
            "party_group",
            "phone",
        ]

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.fields["party_group"].queryset = branch.groups.all()
        for name in ("birth_date", "joined_on", "full_member_on"):
            self.fields[name].widget = self.DATE
        # Most members are in service: a form that leaves the category out keeps that.
        self.fields["category"].required = False
        stored = self.instance.id_number_masked if self.instance.pk else ""
        if stored:
            self.fields["id_number"].help_text = _(
                "On record: %(masked)s. Leave empty to keep it; enter a new number to replace it."
            ) % {"masked": stored}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the member's name."))
        return name

    def clean_category(self):
        return self.cleaned_data.get("category") or Member.Category.IN_SERVICE

    def clean_joined_on(self):
        joined_on = self.cleaned_data.get("joined_on")
        if joined_on and joined_on > timezone.localdate():
            raise forms.ValidationError(_("The date of joining cannot be in the future."))
        return joined_on

    def clean_birth_date(self):
        born = self.cleaned_data.get("birth_date")
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return born

    def clean_id_number(self):
        number = records.normalise_id_number(self.cleaned_data.get("id_number"))
        if not number:
            return ""
        problem = records.id_number_problem(number, timezone.localdate())
        if problem:
            raise forms.ValidationError(ID_NUMBER_PROBLEMS[problem])
        others = Member.objects.filter(id_number_fingerprint=sealed.fingerprint(number))
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another member is on record with this number."))
        return number

    def clean(self):
        data = super().clean()
        # A new number, or the one on record: the birth date and gender must agree with it.
        number = data.get("id_number") or (self.instance.id_number if self.instance.pk else "")
        born = data.get("birth_date")
        if number and "id_number" not in self.errors:
            written = records.id_birth_date(number)
            if born is None and "birth_date" not in self.errors:
                data["birth_date"] = born = written
            elif born != written:
                self.add_error(
                    "birth_date",
                    _("The date of birth differs from the one in the identity card number."),
                )
            sex = Member.Gender.MALE if int(number[16]) % 2 else Member.Gender.FEMALE
            if data.get("gender") and data["gender"] != sex:
                self.add_error(
                    "gender", _("The gender differs from the one in the identity card number.")
                )
        joined, full = data.get("joined_on"), data.get("full_member_on")
        age = records.full_years(born, joined) if born and joined else records.MINIMUM_JOINING_AGE
        if age is None or age < records.MINIMUM_JOINING_AGE:
            self.add_error(
                "joined_on",
                _("A member joins at eighteen or older (%(source)s).")
                % {"source": records.MINIMUM_JOINING_AGE_SOURCE},
            )
        if full and data.get("status") == Member.Status.PROBATIONARY:
            self.add_error(
                "full_member_on", _("A probationary member has no date of full membership yet.")
            )
        elif full and joined and full < records.probation_ends(joined):
            self.add_error(
                "full_member_on",
                _("Full membership comes after the one-year probation (%(source)s), from %(date)s.")
                % {"source": records.PARTY_STANDING_SOURCE, "date": records.probation_ends(joined)},
            )
        elif full and not joined:
            self.add_error("joined_on", _("Enter the date of joining as well."))
        return data


class TrainingForm(DateBounds, forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["kind", "title", "organiser", "started_on", "hours"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_started_on(self):
        day = self.cleaned_data.get("started_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Record a training once it has taken place."))
        return day

    def clean_hours(self):
        value = self.cleaned_data.get("hours")
        if value is not None and not 0 < value <= 400:
            raise forms.ValidationError(_("Enter study hours above 0 and at most 400."))
        return value


class ElectionForm(DateBounds, forms.Form):
    """A 支部委员会 election: the day, the term and who was elected to which office.

    The offices are those of 支部工作条例 第二十条 (书记 and 组织、宣传、纪检委员, a 副书记 if
    needed); a committee has 3 to 7 委员 (the same article), each one office; only full
    members stand (党章 第七条: 预备党员没有选举权和被选举权).
    """

    branch = forms.IntegerField(widget=forms.HiddenInput, required=False, disabled=True)
    held_on = forms.DateField(
        label=CommitteeElection._meta.get_field("held_on").verbose_name,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    term_years = forms.IntegerField(
        label=CommitteeElection._meta.get_field("term_years").verbose_name,
        min_value=1,
        max_value=5,
        initial=COMMITTEE_TERM_YEARS,
        help_text=COMMITTEE_TERM_SOURCE,
    )
    note = forms.CharField(
        label=pgettext_lazy("election", "note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.branch = branch
        self.fields["branch"].initial = branch.pk
        candidates = branch.members.filter(is_active=True).select_related("branch")
        for name, label, required in OFFICES:
            field = MemberChoice(
                label=label,
                queryset=candidates,
                required=required,
                widget=MemberSearch(branch_field="branch"),
            )
            self.fields[name] = field
        self.fields["others"] = MembersChoice(
            label=_("other committee members"),
            queryset=candidates,
            required=False,
            widget=MembersSearch(branch_field="branch"),
        )
        self.order_fields(
            ["branch", "held_on", "term_years", *[o[0] for o in OFFICES], "others", "note"]
        )

    def clean_held_on(self):
        day = self.cleaned_data.get("held_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Record an election once it has been held."))
        return day

    def clean(self):
        data = super().clean()
        elected, seen = [], set()
        for name, _label, _required in OFFICES:
            member = data.get(name)
            if member is not None:
                elected.append((name, member))
        elected += [("others", m) for m in data.get("others") or []]
        for name, member in elected:
            if member.pk in seen:
                self.add_error(
                    name, _("%(name)s holds another office already.") % {"name": member.name}
                )
            seen.add(member.pk)
            if member.status != Member.Status.FULL:
                self.add_error(
                    name,
                    _("%(name)s is a probationary member and may not be elected (%(source)s).")
                    % {"name": member.name, "source": records.PARTY_STANDING_SOURCE},
                )
        if len(seen) > COMMITTEE_MAX_SIZE:
            raise forms.ValidationError(
                _("A branch committee has at most %(n)s members (%(source)s).")
                % {"n": COMMITTEE_MAX_SIZE, "source": COMMITTEE_SIZE_SOURCE}
            )
        return data

    def elected(self):
        """[(member, role kind, title)] of the valid form."""
        data = self.cleaned_data
        rows = [
            (data[name], OFFICE_KINDS[name], OFFICE_TITLES.get(name, ""))
            for name, _label, _required in OFFICES
            if data.get(name)
        ]
        rows += [(m, Role.Kind.BRANCH_COMMITTEE, "委员") for m in data.get("others") or []]
        return rows


# 支部工作条例 第二十条: 党支部委员会由3至5人组成，一般不超过7人；设书记和组织委员、宣传委员、
# 纪检委员等，必要时可以设1名副书记. The titles are how the roster names the offices.
COMMITTEE_MAX_SIZE = 7
COMMITTEE_SIZE_SOURCE = _("《中国共产党支部工作条例（试行）》第二十条")
OFFICES = [
    ("secretary", Role.Kind.SECRETARY.label, True),
    ("deputy", Role.Kind.DEPUTY.label, False),
    ("organisation", _("organisation committee member"), True),
    ("publicity", _("publicity committee member"), True),
    ("discipline", _("discipline inspection committee member"), True),
]
OFFICE_KINDS = {
    "secretary": Role.Kind.SECRETARY,
    "deputy": Role.Kind.DEPUTY,
    "organisation": Role.Kind.BRANCH_COMMITTEE,
    "publicity": Role.Kind.BRANCH_COMMITTEE,
    "discipline": Role.Kind.BRANCH_COMMITTEE,
}
OFFICE_TITLES = {"organisation": "组织委员", "publicity": "宣传委员", "discipline": "纪检委员"}


ID_NUMBER_PROBLEMS = {
    "format": _("An identity card number is 17 digits and a digit or X."),
    "birth": _("The birth date inside the identity card number is not a real date."),
    "check": _("The check digit does not match: look for a mistyped digit."),
}


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
