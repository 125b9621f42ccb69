"""What the dashboard covers: the company, one 党总支 or one branch, and the period."""

import datetime
from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from branches.compliance import period_of
from hongjun import access
from hongjun.forms import QuickSelect

COMPANY = "company"
PERIOD_KINDS = [
    ("month", gettext_lazy("Month")),
    ("quarter", gettext_lazy("Quarter")),
    ("year", pgettext_lazy("dashboard", "Year")),
]
FIRST_YEAR = 2000


@dataclass
class Scope:
    kind: str  # company, general, branch
    key: str  # as in the URL: company, general:<id>, branch:<id>
    label: str
    general: object = None
    branch: object = None

    @property
    def is_company(self):
        return self.kind == COMPANY


def visible_branches(user):
    """The branches the user's dashboard may show, in the order of the tree (one query)."""
    return list(
        access.dashboard_branches_for(user)
        .select_related("general_branch")
        .order_by("general_branch__order", "general_branch__name", "order", "name")
    )


def default_key(user, branches):
    if access.actor(user).is_committee:
        return COMPANY
    return f"branch:{branches[0].pk}" if branches else COMPANY


def resolve(user, key, branches):
    """(Scope, branches in it) for the URL's `scope`; 404 for anything unknown or not the
    user's (a secretary asking for the company or another branch). No query: `branches` are
    those of `visible_branches`."""
    if key == COMPANY:
        if not access.actor(user).is_committee:
            raise Http404
        return Scope(COMPANY, COMPANY, _("Whole company")), branches
    kind, _sep, raw = (key or "").partition(":")
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    if kind == "branch":
        found = [b for b in branches if b.pk == pk]
        if found:
            return Scope("branch", key, found[0].name, branch=found[0]), found
    elif kind == "general" and access.actor(user).is_committee:
        found = [b for b in branches if b.general_branch_id == pk]
        if found:
            general = found[0].general_branch
            return Scope("general", key, general.name, general=general), found
    raise Http404


def choices(user, branches):
    """The scope picker's options: the company and each 党总支 (committee), each branch."""
    options = []
    if access.actor(user).is_committee:
        options.append((COMPANY, _("Whole company")))
        seen = set()
        for branch in branches:
            general = branch.general_branch
            if general is not None and general.pk not in seen:
                seen.add(general.pk)
                options.append((f"general:{general.pk}", general.name))
    options.extend((f"branch:{b.pk}", b.name) for b in branches)
    return options


class PeriodForm(forms.Form):
    """The period and scope in the dashboard's query string; refuses a period not yet begun."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIOD_KINDS)
    year = forms.IntegerField(
        label=pgettext_lazy("dashboard", "Year"), min_value=FIRST_YEAR, max_value=2100
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        choices=[(m, m) for m in range(1, 13)],
        coerce=int,
        required=False,
    )
    # Any text: an unknown scope is a 404 (resolve), not a form error. The widget offers the
    # user's scopes, built in Python (150 branches through the template took 5 ms).
    scope = forms.CharField(
        label=gettext_lazy("Scope"),
        required=False,
        widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, data, *, today, scope_choices):
        self.today = today
        defaults = {
            "period": "year",
            "year": today.year,
            "quarter": (today.month - 1) // 3 + 1,
            "month": today.month,
            "scope": scope_choices[0][0] if scope_choices else COMPANY,
        }
        bound = {k: data.get(k) or v for k, v in defaults.items()}
        super().__init__(bound)
        self.fields["scope"].widget.choices = scope_choices

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind, year = data["period"], data["year"]
        month = {"year": 1, "quarter": (data.get("quarter") or 1) * 3 - 2}.get(
            kind, data.get("month") or 1
        )
        chosen = period_of(kind, datetime.date(year, month, 1))
        if chosen.start > self.today:
            raise forms.ValidationError(
                _("%(period)s has not begun yet: choose a period up to today (%(today)s).")
                % {"period": chosen.label, "today": self.today.isoformat()},
                code="future",
            )
        data["chosen"] = chosen
        return data
