"""Form pieces every app shares: a select for long lists; a picker that finds a member
among thousands; the formset base that refuses a forged row count."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class QuickSelect(forms.Select):
    """A <select> with the HTML Django's writes, from one template that writes its options
    in a loop (`includes/widgets/quick_select.html`) rather than Django's, which includes a
    template and builds a dict of attributes per option: a filter listing 150 branches or
    450 zones took 100–300 ms to render that way at company scale (docs/performance.md).

    The options go to the template as (value, label, selected) triples, grouped as
    Django's `ChoiceWidget.optgroups` groups them.
    """

    template_name = "includes/widgets/quick_select.html"

    def get_context(self, name, value, attrs):
        # Widget's context (name, attrs, value), not ChoiceWidget's option dicts.
        context = forms.Widget.get_context(self, name, value, attrs)
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["multiple"] = True
        context["widget"]["groups"] = self.groups(context["widget"]["value"])
        return context

    def groups(self, value):
        """[(group label or None, [(value, label, selected)])] of the choices."""
        chosen = set(value)
        multiple = self.allow_multiple_selected
        has_selected = False
        groups = []
        # The same walk as Django's `ChoiceWidget.optgroups`: a choice whose label is a list
        # is a group; only the first match is selected unless the select is multiple.
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                group, choices = group_value, group_label
            else:
                group, choices = None, [(group_value, group_label)]
            options = []
            for option_value, label in choices:
                option_value = "" if option_value is None else str(option_value)
                selected = (multiple or not has_selected) and option_value in chosen
                has_selected |= selected
                options.append((option_value, label, selected))
            groups.append((group, options))
        return groups


class MemberSearch(forms.Select):
    """A member picker for a company of thousands: the <select> holds only the chosen
    members, and the browser finds the others by name or employee number as the user types
    (`branches:member_search`, through Tom Select, `static/js/member-search.js`).

    Listing all 8,000 members made a 350 KB select (1.4 s to render the project form,
    which had two) that nobody could scroll. The field keeps its queryset, so what is
    posted is checked as before; only the rendering changes. `branch_field` names a select
    of the same form whose branch narrows the search. Needs JavaScript.
    """

    def __init__(self, attrs=None, *, branch_field=None):
        attrs = {
            "class": "form-select",
            "data-member-search": reverse_lazy("branches:member_search"),
            "data-placeholder": _("Type a name or an employee number"),
            "data-no-results": _("No member found"),
            **(attrs or {}),
        }
        if branch_field:
            attrs["data-branch-field"] = branch_field
        super().__init__(attrs)

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/tom-select.complete.min.js", "js/member-search.js"]

    def optgroups(self, name, value, attrs=None):
        """The chosen members only (one query), and the empty choice of a single select."""
        ids = [v for v in value if str(v).isdigit()]
        field = self.choices.field
        chosen = field.queryset.filter(pk__in=ids).select_related("branch") if ids else ()
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", field.empty_label or "", not ids, 0))
        for member in chosen:
            label = field.label_from_instance(member)
            options.append(self.create_option(name, member.pk, label, True, len(options)))
        return [(None, options, 0)]


class MembersSearch(MemberSearch, forms.SelectMultiple):
    """`MemberSearch` for several members (a project's team)."""

    allow_multiple_selected = True


def member_label(member):
    """How a picker names a member: "name · branch" (namesakes are common in a company)."""
    return f"{member.name} · {member.branch.name}"


class MemberChoice(forms.ModelChoiceField):
    """One member, picked by search; the queryset says whom the form accepts."""

    widget = MemberSearch

    def label_from_instance(self, member):
        return member_label(member)


class MembersChoice(forms.ModelMultipleChoiceField):
    """Several members, picked by search."""

    widget = MembersSearch

    def label_from_instance(self, member):
        return member_label(member)


class CountedFormSet(forms.BaseFormSet):
    """A formset that refuses a forged row count: every formset of the portal is one.

    Django reads `TOTAL_FORMS=-5` as no rows at all and validates the empty set, so a held
    activity was saved with no attendance and no word; a negative count, or more initial
    rows than rows, is a form error instead. (A huge count is capped by `absolute_max` and
    refused by `validate_max`.)
    """

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self.management_form.is_valid():
            return
        counts = self.management_form.cleaned_data
        total, initial = counts["TOTAL_FORMS"], counts["INITIAL_FORMS"]
        if total < 0 or initial < 0 or initial > total:
            self._non_form_errors.append(
                forms.ValidationError(
                    _(
                        "The rows of this form arrived incomplete. "
                        "Reload the page and fill it in again."
                    ),
                    code="row_count",
                )
            )
