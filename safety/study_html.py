"""The participation table's body, built in Python with every value escaped.

150 branches by three modes are 1,350 cells; through the template engine, with a number
format, a condition and a `floatformat` each, they took 35 ms of the page at company scale
(docs/performance.md), a few ms here. The markup is the one the template wrote, without
its indentation.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

LOW_RATE = 80  # a rate under this is marked, as the page's note says
TENTH = Decimal("0.1")


def one_decimal(value):
    """`|floatformat:1` of a float: rounded half up, one decimal always shown."""
    return str(Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP))


def participation_rows(branches):
    """The body rows of `study_queries.participation`'s branches."""
    out = []
    for branch in branches:
        out.append(f'<tr><td class="text-start">{escape(branch.name)}</td>')
        for _mode, invited, present, rate, score in branch.by_mode:
            if rate is None:
                rate_html = "—"
            else:
                css = "text-hj fw-bold" if rate < LOW_RATE else ""
                rate_html = f'<span class="{css}">{rate}%</span>'
            score_html = "—" if score is None else one_decimal(score)
            out.append(f"<td>{present} / {invited}</td><td>{rate_html}</td><td>{score_html}</td>")
        out.append("</tr>\n")
    return mark_safe("".join(out))  # noqa: S308 (every value escaped or a number)
