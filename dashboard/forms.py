"""The committee's forms on the dashboard: score weights, the monthly green-power share."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from hongjun.dates import DateBounds

from .score import INDICATORS


class WeightsForm(forms.Form):
    """One weight per indicator, in percent; together they must make exactly 100."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[indicator.code] = forms.IntegerField(
                label=indicator.label,
                min_value=0,
                max_value=100,
                initial=current.get(indicator.code, 0),
                help_text=indicator.rule,
                widget=forms.NumberInput(attrs={"class": "weight-input", "step": 1}),
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        total = sum(data[i.code] for i in INDICATORS)
        if total != 100:
            raise forms.ValidationError(
                _("The weights add up to %(total)s %%; they must add up to exactly 100 %%.")
                % {"total": total},
                code="not_100",
            )
        return data

    def weights(self):
        return {i.code: self.cleaned_data[i.code] for i in INDICATORS}


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


class GreenPowerForm(DateBounds, forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=MonthInput(format="%Y-%m"),
        error_messages={"invalid": gettext_lazy("Enter a month as YYYY-MM, e.g. 2026-03.")},
    )
    percent = forms.DecimalField(
        label=gettext_lazy("Green-power share (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("Share of green power in electrolysis that month, 0–100."),
    )
    note = forms.CharField(label=pgettext_lazy("dashboard", "Note"), max_length=200, required=False)

    def clean_month(self):
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate():
            raise forms.ValidationError(_("That month has not begun yet."), code="future")
        if month.year < 2000:
            raise forms.ValidationError(
                pgettext("dashboard", "Enter a month from 2000 on."), code="too_early"
            )
        return month


class ExportForm(forms.Form):
    year = forms.IntegerField(label=pgettext_lazy("dashboard", "Year"), min_value=2000)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("That year has not begun yet."), code="future")
        return year
