"""QuickSelect writes the HTML Django's Select writes, for every page that uses it."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from pytest_django.asserts import assertHTMLEqual

from branches.models import Branch
from hongjun.forms import QuickSelect
from tests.factories import BranchFactory

FLAT = [("", gettext_lazy("all")), (1, "甲<乙>"), ("x", 'say "hi" & go'), (None, "none")]
GROUPED = [
    ("", "all"),
    ("第一党总支", [(1, "one"), (2, "two & co")]),
    (3, "three"),
    ("<党总支>", [(4, "four"), (1, "one again")]),
    ("safe", [(5, mark_safe("<b>kept</b>"))]),
]
MONTHS = [(m, m) for m in range(1, 13)]


@pytest.mark.parametrize(
    ("choices", "value"),
    [
        (FLAT, None),
        (FLAT, "1"),
        (FLAT, "x"),
        (FLAT, "unknown"),
        (GROUPED, "1"),  # the first match only, as Django selects it
        (GROUPED, "4"),
        (GROUPED, 3),
        (MONTHS, 5),
    ],
)
@pytest.mark.parametrize("attrs", [None, {"id": "id_f", "class": "form-select", "required": True}])
def test_quick_select_writes_what_select_writes(choices, value, attrs):
    quick = QuickSelect(choices=choices).render("f", value, attrs)
    assertHTMLEqual(quick, forms.Select(choices=choices).render("f", value, attrs))


def test_quick_select_of_model_choices(db):
    branches = [BranchFactory(name=f"支部{n}") for n in range(3)]
    queryset = Branch.objects.order_by("name")
    quick = forms.ModelChoiceField(queryset=queryset, widget=QuickSelect)
    django = forms.ModelChoiceField(queryset=queryset)
    for value in (None, branches[1].pk, str(branches[2].pk)):
        assertHTMLEqual(quick.widget.render("b", value), django.widget.render("b", value))
    assert f'<option value="{branches[1].pk}" selected>' in quick.widget.render("b", branches[1].pk)
