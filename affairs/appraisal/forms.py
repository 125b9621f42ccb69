"""民主评议党员 forms: opening an appraisal, the ballot and the results."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from affairs.models import EXCELLENT_SHARE, Rating, excellent_allowed


class OpenAppraisalForm(forms.Form):
    year = forms.IntegerField(
        label=pgettext_lazy("appraisal", "Year"), min_value=2000, max_value=2100
    )


class BallotForm(forms.Form):
    """The self-assessment and one rating for each other participant (fields `r_<pk>`)."""

    self_rating = forms.ChoiceField(
        label=_("My own rating"), choices=Rating.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("My summary of the year"),
        required=False,
        widget=forms.Textarea({"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = others
        for member in others:
            self.fields[f"r_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=Rating.choices,
                widget=forms.RadioSelect(attrs={"class": "rating-choice"}),
                error_messages={"required": _("Rate this member.")},
            )

    def rating_fields(self):
        return [self[f"r_{m.pk}"] for m in self.others]

    def ballot(self):
        return {
            "self_rating": self.cleaned_data["self_rating"],
            "summary": self.cleaned_data["summary"],
            "ratings": {m.pk: self.cleaned_data[f"r_{m.pk}"] for m in self.others},
        }


class ResultsForm(forms.Form):
    """The branch committee's settled grade for each participant (fields `m_<pk>`)."""

    def __init__(self, *args, tallies, **kwargs):
        super().__init__(*args, **kwargs)
        self.tallies = tallies
        for t in tallies:
            self.fields[f"m_{t.member.pk}"] = forms.ChoiceField(
                label=t.member.name,
                choices=[("", "—"), *Rating.choices],
                required=False,
                initial=t.result.rating if t.result else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def clean(self):
        data = super().clean()
        chosen = [self.cleaned_data.get(f"m_{t.member.pk}") for t in self.tallies]
        graded = len(self.tallies)
        if chosen.count(Rating.EXCELLENT) > excellent_allowed(graded):
            raise forms.ValidationError(
                _(
                    "At most a third of those graded may be rated excellent: %(allowed)s of "
                    "%(graded)s (%(source)s)."
                )
                % {
                    "allowed": excellent_allowed(graded),
                    "graded": graded,
                    "source": EXCELLENT_SHARE.source,
                }
            )
        return data

    def results(self):
        return {
            t.member: self.cleaned_data[f"m_{t.member.pk}"]
            for t in self.tallies
            if self.cleaned_data.get(f"m_{t.member.pk}")
        }
