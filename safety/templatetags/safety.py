"""Display helpers for the safety pages."""

from django import template

register = template.Library()


@register.filter
def masked_name(name):
    """The surname and a star per further character: 李爱丽 → 李**, for public pages."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""
