"""Template tags of the compliance matrix: a branch's cells, each from the cell template."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

CELL_TEMPLATE = "branches/includes/compliance_cell.html"
# Stands for the branch's link while a cell is rendered; no label can contain it.
_URL = "__compliance_cell_url__"


@register.simple_tag(takes_context=True)
def matrix_cells(context, row):
    """`{% matrix_cells row %}`: the <td> of each rule for one branch (`compliance.MatrixRow`),
    each written by `branches/includes/compliance_cell.html`.

    150 branches by 7 rules are over 1,000 cells but a few dozen distinct ones
    (`compliance.MatrixCell`, shared between branches): each distinct cell goes through the
    template once a page, and a branch's copy differs from it only by the link. A template
    loop over the cells took the page from 50 ms to over 300 at company scale.
    """
    rendered = context.render_context.get(CELL_TEMPLATE)
    if rendered is None:
        rendered = context.render_context[CELL_TEMPLATE] = {}
    url = escape(row.url)
    cells = []
    for cell in row.cells:
        html = rendered.get(cell)
        if html is None:
            html = rendered[cell] = render_to_string(CELL_TEMPLATE, {"cell": cell, "url": _URL})
        cells.append(html.replace(_URL, url))
    return mark_safe("".join(cells))  # noqa: S308 (the template's output, the link escaped)
