"""The dates the portal accepts, in one place: the bounds as data, the validator, and the
mixin every form and filter with a date or a date-time uses.

A field's own rule (a held activity not in the future, dues at most a year ahead) comes on
top; these bounds keep out what no party record or plan can be and what the database or
Python cannot read back: a meeting at 0001-01-01 00:00 in Shanghai is a date before year 1
in UTC, and every page that read it failed; `date_to=9999-12-31` overflowed on the day after.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Communist Party of China was founded on 1 July 1921: no record of it is older.
EARLIEST = datetime.date(1921, 7, 1)
# Plans (activities, study sessions, deadlines, projects, dues bases) look this many
# calendar years ahead at most, to the end of that year; filters too.
YEARS_AHEAD = 5


def latest(today=None):
    """The last day a date may fall on: 31 December, `YEARS_AHEAD` years from now."""
    today = today or timezone.localdate()
    return datetime.date(today.year + YEARS_AHEAD, 12, 31)


def validate_in_range(value):
    """A date or date-time from `EARLIEST` to `latest()` (in its own, local, calendar)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day < EARLIEST:
        raise ValidationError(
            _("The date cannot be before %(earliest)s."),
            code="too_early",
            params={"earliest": EARLIEST.isoformat()},
        )
    last = latest()
    if day > last:
        raise ValidationError(
            _("The date cannot be after %(latest)s."),
            code="too_late",
            params={"latest": last.isoformat()},
        )


def is_date_field(field):
    # The admin's date-time is a SplitDateTimeField: its validators see the combined value.
    return isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField)


def bound(fields):
    """Give every date and date-time field among `fields` the bounds (once)."""
    for field in fields:
        if is_date_field(field) and validate_in_range not in field.validators:
            field.validators.append(validate_in_range)


class DateBounds:
    """Form mixin: every date and date-time field of the form is kept within the bounds.

    A mixin rather than a field class, so the fields a ModelForm makes from its model's
    `DateField`s are bounded too; `tests/hongjun/test_dates.py` finds every form and filter
    of the portal with a date and checks it has the mixin.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound(self.fields.values())


class BoundedForm(DateBounds, forms.Form):
    """The form of a FilterSet (`Meta.form`): its date filters are bounded too."""


class AdminDateBounds:
    """ModelAdmin and inline mixin: the admin's date fields have the same bounds."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            bound([field])
        return field
