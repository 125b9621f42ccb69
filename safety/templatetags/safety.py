"""Display helpers for the safety pages."""

from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext

from safety.models import Hazard

register = template.Library()


@register.filter
def masked_name(name):
    """The surname and a star per further character: 李爱丽 → 李**, for public pages."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


# A hazard's badges are tags, not included templates: the list shows 30 hazards twice
# (table and phone cards), and an include a badge was most of the page's rendering. The
# labels are looked up by value: `get_severity_display()` hashes every choice's lazy label
# (translating each) on each call, a third of the page's time.
SEVERITY_LABELS = dict(Hazard.Severity.choices)
STATUS_LABELS = dict(Hazard.Status.choices)
SEVERITY_CSS = {"major": "text-bg-danger", "serious": "text-bg-warning"}
STATUS_CSS = {
    "closed": "text-bg-success",
    "returned": "text-bg-warning",
    "submitted": "text-bg-info",
}


@register.simple_tag
def hazard_severity(hazard):
    """The hazard's severity as a badge."""
    css = SEVERITY_CSS.get(hazard.severity, "text-bg-secondary")
    label = SEVERITY_LABELS.get(hazard.severity, hazard.severity)
    return format_html('<span class="badge {}">{}</span>', css, label)


@register.simple_tag
def hazard_status(hazard):
    """The hazard's status as a badge."""
    css = STATUS_CSS.get(hazard.status, "text-bg-light border")
    label = STATUS_LABELS.get(hazard.status, hazard.status)
    return format_html('<span class="badge {}">{}</span>', css, label)


@register.simple_tag
def hazard_overdue(hazard):
    """An "overdue" badge when the hazard was read with `is_overdue` and is; else nothing."""
    if not getattr(hazard, "is_overdue", False):
        return ""
    return format_html(
        ' <span class="badge text-bg-danger">{}</span>', pgettext("safety", "overdue")
    )
