"""The body of a branch's dues ledger, built in Python with every value escaped.

A branch of 55 members is 660 month cells; through the template engine, with a `{% url %}`
for each unpaid month and a member link a row, they were two thirds of the page's 45 ms at
company scale (docs/performance.md). The markup is the one the template wrote.
"""

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from hongjun.paths import path_pattern

from .affairs_models import PaymentMethod


def ledger_rows(rows, year):
    """The <tr> of each DuesRow of `queries.dues_grid` for `year`."""
    member_dues, declare, pay = (
        escape(path_pattern(n))
        for n in ("affairs:member_dues", "affairs:dues_declare", "affairs:dues_pay")
    )
    methods = {value: escape(str(label)) for value, label in PaymentMethod.choices}
    paid_by = escape(gettext("paid on the member's behalf by"))
    proxy = escape(gettext("proxy"))
    record, declare_text = escape(gettext("Record a payment")), escape(gettext("declare"))
    future = '<td class="text-center text-muted">·</td>'
    out = []
    for row in rows:
        member = row.member
        pk = member.pk
        base = row.base
        monthly = (
            escape(base.monthly_dues)
            if base
            else f'<a class="small text-danger" href="{declare.format(pk=pk)}">{declare_text}</a>'
        )
        out.append(
            f'<tr><td><a href="{member_dues.format(pk=pk)}?year={year}">{escape(member.name)}</a>'
            f'</td><td class="text-end">{monthly}</td>'
        )
        for m in row.months:
            p = m.payment
            if p:
                title = f"{escape(p.amount)} · {methods.get(p.method, escape(p.method))}"
                mark = "✓"
                if p.proxy:
                    title += f" · {paid_by} {escape(p.proxy)}"
                    mark += f"<sup>{proxy}</sup>"
                out.append(f'<td class="text-center dues-paid" title="{title}">{mark}</td>')
            elif m.unpaid:
                out.append(
                    f'<td class="text-center dues-unpaid"><a href="{pay.format(pk=pk)}'
                    f'?month={m.month:%Y-%m}" title="{record}">✗</a></td>'
                )
            else:
                out.append(future)
        out.append(f'<td class="text-end">{floatformat(row.paid_total, 2)}</td></tr>')
    return mark_safe("".join(out))  # noqa: S308 (every value escaped above)


def collection_rows(rows, year):
    """The <tr> of each branch of `queries.collection_by_branch` for `year` (the committee's
    page: 150 rows with two links each, 15 ms through the template engine)."""
    ledger = escape(path_pattern("affairs:dues_ledger"))
    export = escape(path_pattern("affairs:dues_export"))
    export_text = escape(gettext("Export"))
    out = []
    for r in rows:
        pk = r["branch"].pk
        unpaid_css = " text-danger" if r["unpaid"] else ""
        rate = "—" if r["rate"] is None else f"{r['rate']}%"
        out.append(
            f'<tr><td><a href="{ledger.format(pk=pk)}?year={year}">{escape(r["branch"].name)}</a>'
            f'</td><td class="text-end">{r["members"]}</td><td class="text-end">{r["due"]}</td>'
            f'<td class="text-end">{r["paid"]}</td>'
            f'<td class="text-end{unpaid_css}">{r["unpaid"]}</td>'
            f'<td class="text-end">{rate}</td>'
            f'<td class="text-end">{floatformat(r["amount"], 2)}</td>'
            f'<td class="text-end"><a class="small" href="{export.format(pk=pk)}?year={year}">'
            f"{export_text}</a></td></tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 (every value escaped or a number)
