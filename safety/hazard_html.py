"""The hazard pages' badges, table rows and cards, built in Python with every value escaped.

The list shows 30 hazards twice (a table for wide screens, cards for phones); through the
template engine, with two included badge templates a hazard, that was half of the page's
time at company scale (docs/performance.md). The markup is the one the templates wrote.
"""

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from hongjun.paths import path_pattern

from .models import Hazard

SEVERITY_CSS = {"major": "text-bg-danger", "serious": "text-bg-warning"}
STATUS_CSS = {
    "closed": "text-bg-success",
    "returned": "text-bg-warning",
    "submitted": "text-bg-info",
}


class _Labels:
    """The choices' labels in the active language, escaped once for a whole list, and the
    path of a hazard's page as a format string."""

    def __init__(self):
        self.detail = escape(path_pattern("hazards:detail"))
        self.severity = {v: escape(str(label)) for v, label in Hazard.Severity.choices}
        self.status = {v: escape(str(label)) for v, label in Hazard.Status.choices}
        self.overdue = escape(gettext("overdue"))
        self.fix_by = escape(gettext("fix by"))

    def severity_badge(self, h):
        css = SEVERITY_CSS.get(h.severity, "text-bg-secondary")
        label = self.severity.get(h.severity, escape(h.severity))
        return f'<span class="badge {css}">{label}</span>\n'

    def status_badges(self, h):
        css = STATUS_CSS.get(h.status, "text-bg-light border")
        html = f'<span class="badge {css}">{self.status.get(h.status, escape(h.status))}</span>'
        if getattr(h, "is_overdue", False):
            html += f' <span class="badge text-bg-danger">{self.overdue}</span>'
        return html + "\n"


def _date(value):
    """`|date:"Y-m-d"` of a date or (in the current time zone) a datetime; "" for None."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def _truncated(text, length):
    """`|truncatechars:length`, escaped."""
    return escape(Truncator(text).chars(length))


def severity_badge(hazard):
    return mark_safe(_Labels().severity_badge(hazard))  # noqa: S308 (escaped)


def status_badges(hazard):
    """The status, and "overdue" when the hazard was read with `is_overdue` and it is."""
    return mark_safe(_Labels().status_badges(hazard))  # noqa: S308 (escaped)


def table_rows(hazards, empty_text):
    """The list table's body rows; `hazards` read through `hazard_queries.hazard_list`."""
    labels = _Labels()
    out = []
    for h in hazards:
        url = labels.detail.format(pk=h.pk)
        out.append(
            "\n        <tr>"
            f"\n          <td>{h.pk}</td>"
            f'\n          <td><a href="{url}">{_truncated(h.description, 36)}</a></td>'
            f'\n          <td class="small">{escape(h.zone.branch.name)}'
            f"<br>{escape(h.zone.name)}</td>"
            f"\n          <td>{labels.severity_badge(h)}</td>"
            f"\n          <td>{labels.status_badges(h)}</td>"
            f"\n          <td>{escape(h.reported_by.name)}"
            f'<div class="small text-muted">{_date(h.reported_at)}</div></td>'
            f"\n          <td>{escape(h.assignee.name) if h.assignee else '—'}</td>"
            f"\n          <td>{_date(h.deadline) or '—'}</td>"
            "\n        </tr>\n      "
        )
    if not out:
        empty = f'<td colspan="8" class="text-muted">{escape(empty_text)}</td>'
        out.append(f"\n        <tr>{empty}</tr>\n      ")
    return mark_safe("".join(out))  # noqa: S308 (escaped)


def cards(hazards, empty_text):
    """The phone's list of hazards as cards; `hazards` read through `hazard_list`."""
    labels = _Labels()
    out = ['\n<ul class="list-group list-group-flush hazard-list">\n']
    for h in hazards:
        url = labels.detail.format(pk=h.pk)
        place = f"{escape(h.zone.branch.name)} · {escape(h.zone.name)}"
        if h.location_detail:
            place += f" · {escape(h.location_detail)}"
        assignee = f"\n         · {escape(h.assignee.name)}" if h.assignee else "\n        "
        deadline = (
            f"\n         · {labels.fix_by} {_date(h.deadline)}"
            if h.deadline and h.is_open
            else "\n        "
        )
        out.append(
            '\n  <li class="list-group-item">'
            f'\n    <a class="d-block text-reset text-decoration-none" href="{url}">'
            '\n      <div class="d-flex justify-content-between gap-2">'
            '\n        <strong class="text-truncate">'
            f"#{h.pk} {_truncated(h.description, 40)}</strong>"
            f'\n        <span class="text-nowrap">{labels.severity_badge(h)}</span>'
            "\n      </div>"
            f'\n      <div class="small text-muted">{place}</div>'
            f'\n      <div class="small">{labels.status_badges(h)}{assignee}{deadline}'
            "\n      </div>\n    </a>\n  </li>\n"
        )
    if len(out) == 1:
        out.append(f'\n  <li class="list-group-item text-muted">{escape(empty_text)}</li>\n')
    out.append("\n</ul>\n")
    return mark_safe("".join(out))  # noqa: S308 (escaped)
