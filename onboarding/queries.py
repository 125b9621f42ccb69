"""Reads for the import pages: a page of a preview's rows, the counts to filter by, and
the members the portal has that the file does not."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Member

from .columns import KINDS, ORGANISATION, ROSTER
from .models import ImportRow

PER_PAGE = 50

# Changes that are not a column of the file.
EXTRA_LABELS = {
    "is_active": _("On the roster again"),
    "account": pgettext_lazy("import", "Account"),
}
HEADERS = {
    "org": {c.field: c.header for c in ORGANISATION.columns},
    "member": {c.field: c.header for c in ROSTER.columns},
}
# Stored codes shown as the file writes them (m → 男, full → 正式党员).
SHOWN = {
    c.field: {v: k for k, v in c.parse.options.items()}
    for c in ROSTER.columns
    if hasattr(c.parse, "options")
}


def filters(batch):
    """[(value, label, count)] of the preview's filter: each action, then each kind of error
    that occurs; one query."""
    rows = batch.rows.all()
    counts = rows.aggregate(
        **{f"a_{a}": Count("pk", filter=Q(action=a)) for a in ImportRow.Action.values},
        **{f"k_{k}": Count("pk", filter=Q(kinds__contains=f" {k} ")) for k in KINDS},
    )
    result = [(a.value, a.label, counts[f"a_{a.value}"]) for a in ImportRow.Action]
    result += [(k, label, counts[f"k_{k}"]) for k, label in KINDS.items() if counts[f"k_{k}"]]
    return result


def rows_page(batch, show, number):
    """A page of the preview's rows (organisation first) with `show` an action or a kind of
    error; two queries."""
    rows = batch.rows.order_by("-sheet", "line")
    if show in ImportRow.Action.values:
        rows = rows.filter(action=show)
    elif show in KINDS:
        rows = rows.filter(kinds__contains=f" {show} ")
    page = Paginator(rows, PER_PAGE).get_page(number)
    page.object_list = [_shown(row) for row in page.object_list]
    return page


def _shown(row):
    headers = HEADERS[row.sheet]
    return {
        "sheet": row.get_sheet_display(),
        "line": row.line,
        "key": row.key,
        "name": row.values.get("name") or row.values.get("group") or "",
        "action": row.action,
        "action_label": row.get_action_display(),
        "errors": [{"column": header, "message": message} for header, _k, message in row.errors],
        "changes": [
            {
                "column": headers.get(field) or EXTRA_LABELS.get(field, field),
                "old": _value(field, old),
                "new": _value(field, new),
                "added": old is None,
            }
            for field, (old, new) in _in_column_order(row.sheet, row.changes)
        ],
    }


def _in_column_order(sheet, changes):
    """The changes in the file's column order: the database keeps JSON keys its own way."""
    fields = list(HEADERS[sheet])
    return sorted(
        changes.items(),
        key=lambda item: fields.index(item[0]) if item[0] in fields else len(fields),
    )


def _value(field, value):
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return pgettext_lazy("import", "yes") if value else pgettext_lazy("import", "no")
    return SHOWN.get(field, {}).get(value, value)


def absent_members(batch):
    """Active members of the portal whose 工号 the file does not list (none when the file
    had no roster sheet): for the committee to decide on, never deleted by the import."""
    if not batch.has_members:
        return Member.objects.none()
    listed = ImportRow.objects.filter(batch=batch, sheet="member").values("key")
    return (
        Member.objects.filter(is_active=True)
        .exclude(employee_no__in=listed)
        .select_related("branch")
        .order_by("branch__order", "branch__name", "name")
    )
